import type { BatchItem } from "drizzle-orm/batch";
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { Bindings, Variables } from "../env";
import type { PendingCaller } from "./caller";
import type { ErrorEnvelope } from "./errors";

/** The environment of a surface's routes: the platform's variables plus the caller its middleware resolved. */
export interface SurfaceEnv<User> {
  Bindings: Bindings;
  Variables: Variables & { user: User };
}

/** The environment of a surface whose routes confirm their caller in their own first batch (`callerAnd`). */
export interface CallerEnv<Caller, Read extends BatchItem<"sqlite">> {
  Bindings: Bindings;
  Variables: Variables & { caller: PendingCaller<Caller, Read> };
}

/** Any surface's environment: the platform's bindings and variables, and what its middleware adds. */
export interface AnySurfaceEnv {
  Bindings: Bindings;
  Variables: Variables;
}

/** Where a surface is mounted and how /openapi.json writes its paths. */
export interface MountedSurface {
  /** Where app.ts mounts the surface, e.g. "/library". */
  prefix: string;
  /** The document writes its paths with a trailing slash: /openapi.json lists them so. */
  trailingSlash?: boolean;
}

export interface SurfaceOptions<E extends AnySurfaceEnv> extends MountedSurface {
  /** Turns the one AppError type into this surface's own reply. */
  envelope: ErrorEnvelope<E>;
}

export interface Surface<E extends AnySurfaceEnv> extends SurfaceOptions<E> {
  app: Hono<E>;
}

/**
 * A surface: a Hono app whose errors all answer in the surface's envelope,
 * where `/x` and `/x/` are one route (register paths without the slash).
 * Declare each route once, with every method it answers:
 *
 *   app.on(["GET", "POST"], "/user/status", describe(...), params(schema), requireUser, (c) => ...)
 */
export function createSurface<E extends AnySurfaceEnv>(options: SurfaceOptions<E>): Surface<E> {
  const app = new Hono<E>({ strict: false });
  app.use(async (c, next) => {
    // Bound to this typed context: onError and notFound receive the same request's context.
    const envelope: ErrorEnvelope = (_root, err) => options.envelope(c, err);
    c.set("envelope", envelope);
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
