import { drizzle } from "drizzle-orm/d1";
import type { ExecutionContext } from "hono";
import { createMiddleware } from "hono/factory";
import * as schema from "../db/schema";
import type { AppEnv, Bindings, Db } from "../env";
import { createLogger } from "./logging";
import { claimsOutdatedOf, replayOf, SessionGate } from "./session-gate";

/** The DB as drizzle over a D1 binding. */
export const dbOf = (d1: D1Database): Db => drizzle(d1, { schema });

/**
 * Request id (honouring an incoming X-Request-Id), JSON logger and the DB
 * (through the request's session gate) on c.var. A request refused because
 * its token's claims are outdated is answered again through `app`.
 */
export const platform = (app: { fetch: (request: Request, env: Bindings, ctx: ExecutionContext) => Response | Promise<Response> }) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : crypto.randomUUID();
    c.set("requestId", requestId);
    c.set("log", createLogger({ request_id: requestId }));
    const gate = new SessionGate(c.env.DB);
    c.set("gate", gate);
    c.set("db", dbOf(gate.binding));
    const started = Date.now();
    await next();
    const outdated = claimsOutdatedOf(c.error);
    const replayed = outdated !== null;
    if (outdated) {
      c.res = undefined;
      c.res = await app.fetch(replayOf(c.req.raw, requestId, outdated), c.env, c.executionCtx);
    }
    c.header("X-Request-Id", requestId);
    c.var.log("info", "request", {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Date.now() - started,
      ...(replayed ? { replayed } : {}),
    });
  });
