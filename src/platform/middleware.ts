import { drizzle } from "drizzle-orm/d1";
import { createMiddleware } from "hono/factory";
import * as schema from "../db/schema";
import type { AppEnv, Db } from "../env";
import { createLogger } from "./logging";

/** drizzle over each D1 binding, built once per isolate: it keeps no state of a request's. */
const dbs = new WeakMap<D1Database, Db>();

/** The DB as drizzle over a D1 binding. */
export function dbOf(d1: D1Database): Db {
  let db = dbs.get(d1);
  if (!db) {
    db = drizzle(d1, { schema });
    dbs.set(d1, db);
  }
  return db;
}

/**
 * Request id (honouring an incoming X-Request-Id, and answered in the same
 * header), a JSON logger carrying it and the DB, on c.var. Requests are not
 * logged one by one: Workers Logs records every invocation (wrangler.toml
 * [observability]); what the code logs is what went wrong, with the id.
 */
export const platform = createMiddleware<AppEnv>(async (c, next) => {
  const incoming = c.req.header("x-request-id");
  const requestId = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : crypto.randomUUID();
  c.set("requestId", requestId);
  c.set("log", createLogger({ request_id: requestId }));
  c.set("db", dbOf(c.env.DB));
  // Set before the reply is built, so the reply carries it without being copied; a reply built by hand
  // (a file, a redirect) gets it afterwards.
  c.header("X-Request-Id", requestId);
  await next();
  if (!c.res.headers.has("X-Request-Id")) c.header("X-Request-Id", requestId);
});
