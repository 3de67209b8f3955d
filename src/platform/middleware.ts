import { drizzle } from "drizzle-orm/d1";
import { createMiddleware } from "hono/factory";
import * as schema from "../db/schema";
import type { AppEnv } from "../env";
import { createLogger } from "./logging";

/** Request id (honouring an incoming X-Request-Id), JSON logger and the DB on c.var. */
export const platform = createMiddleware<AppEnv>(async (c, next) => {
  const incoming = c.req.header("x-request-id");
  const requestId = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : crypto.randomUUID();
  c.set("requestId", requestId);
  c.set("log", createLogger({ request_id: requestId }));
  c.set("db", drizzle(c.env.DB, { schema }));
  const started = Date.now();
  await next();
  c.header("X-Request-Id", requestId);
  c.var.log("info", "request", { method: c.req.method, path: c.req.path, status: c.res.status, ms: Date.now() - started });
});
