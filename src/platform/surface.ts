import { type Context, Hono, type MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { Bindings, Variables } from "../env";
import type { ErrorEnvelope } from "./errors";

/** The environment of a surface's routes: the platform's variables plus the caller its middleware resolved. */
export interface SurfaceEnv<User> {
  Bindings: Bindings;
  Variables: Variables & { user: User };
}

/** Where a surface is mounted and how /openapi.json writes its paths. */
export interface MountedSurface {
  /** Where app.ts mounts the surface, e.g. "/library". */
  prefix: string;
  /** The document writes its paths with a trailing slash: /openapi.json lists them so. */
  trailingSlash?: boolean;
}

export interface SurfaceOptions<User> extends MountedSurface {
  /** Turns the one AppError type into this surface's own reply; it may read `c.var.user`. */
  envelope: ErrorEnvelope<SurfaceEnv<User>>;
}

export interface Surface<User> extends SurfaceOptions<User> {
  app: Hono<SurfaceEnv<User>>;
}

/**
 * A surface: a Hono app whose errors all answer in the surface's envelope,
 * where `/x` and `/x/` are one route (register paths without the slash).
 * Declare each route once, with every method it answers:
 *
 *   app.on(["GET", "POST"], "/user/status", describe(...), params(schema), requireUser, (c) => ...)
 */
export function createSurface<User = undefined>(options: SurfaceOptions<User>): Surface<User> {
  const app = new Hono<SurfaceEnv<User>>({ strict: false });
  app.use(async (c, next) => {
    // Bound to this typed context: onError and notFound receive the same request's context.
    c.set("envelope", (_root, err) => options.envelope(c, err));
    await next();
  });
  return { ...options, app };
}

/**
 * The surface's authentication: `resolve` turns the request's credential
 * into the caller (or throws the surface's AppError), and the middleware
 * sets it as the typed `c.var.user`. Handlers never resolve credentials.
 */
export function authenticate<User>(resolve: (c: Context<SurfaceEnv<User>>) => Promise<User>): MiddlewareHandler<SurfaceEnv<User>> {
  return createMiddleware<SurfaceEnv<User>>(async (c, next) => {
    c.set("user", await resolve(c));
    await next();
  });
}
