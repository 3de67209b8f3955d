import { type Context, Hono, type MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { Bindings, Variables } from "../env";
import type { ErrorEnvelope } from "./errors";
import type { SessionCheck } from "./session-gate";

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

/** A caller as its signed token names it, and, when the token says enough, the check that confirms it. */
export interface Claimed<User> {
  user: User;
  check?: SessionCheck;
}

/**
 * `authenticate` for tokens that carry their caller: `resolve` reads the
 * caller from the token without D1 and hands back the check of its session,
 * which the request's session gate makes in the route's first D1 round trip
 * (or on its own when the route makes none). A failed check answers with its
 * refusal whatever the route did, and rolls back what was sent with it.
 */
export function authenticateByClaims<User>(
  resolve: (c: Context<SurfaceEnv<User>>) => Promise<Claimed<User>>,
): MiddlewareHandler<SurfaceEnv<User>> {
  return createMiddleware<SurfaceEnv<User>>(async (c, next) => {
    const { user, check } = await resolve(c);
    c.set("user", user);
    if (!check) return next();
    c.var.gate.arm(check);
    await next();
    await c.var.gate.settle();
  });
}
