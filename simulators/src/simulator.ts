import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";

/** Bindings of the simulators worker (simulators/wrangler.toml). */
export interface SimBindings {
  /** The simulators' own D1; Campus Edge's database never holds simulator state. */
  DB: D1Database;
}

/** The environment of one simulator's routes: its own drizzle schema over the simulators' D1. */
export interface SimEnv<S extends Record<string, unknown>> {
  Bindings: SimBindings;
  Variables: {
    db: DrizzleD1Database<S>;
    /** The request's parameters, read once by `params()`. */
    rawParams: Record<string, unknown>;
  };
}

/**
 * A simulator: a Hono sub-app whose routes see `c.var.db`, drizzle over the
 * simulators' D1 with this simulator's schema (tables of `./<name>/schema.ts`).
 */
export function createSimulator<S extends Record<string, unknown>>(schema: S): Hono<SimEnv<S>> {
  const app = new Hono<SimEnv<S>>({ strict: false });
  app.use(async (c, next) => {
    c.set("db", drizzle(c.env.DB, { schema }));
    await next();
  });
  return app;
}
