import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import * as v from "valibot";
import pkg from "../package.json";
import { adminApp } from "./admin";
import { createConsole } from "./console";
import type { AppEnv } from "./env";
import { AppError, type ErrorKind, plainEnvelope } from "./platform/errors";
import { errorFields } from "./platform/logging";
import { platform } from "./platform/middleware";
import { describe, mountDocs } from "./platform/openapi";
import { jh } from "./surfaces/jh";
import { library } from "./surfaces/library";
import { service } from "./surfaces/service";
import { sports } from "./surfaces/sports";
import { summer } from "./surfaces/summer";

const HTTP_KIND: Record<number, ErrorKind> = {
  400: "invalid_param",
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  413: "invalid_param",
};

export function createApp() {
  // strict: false everywhere, so every surface answers `/x` and `/x/` alike.
  const app = new Hono<AppEnv>({ strict: false });
  app.use(platform);

  app.get(
    "/health",
    describe({
      tags: ["platform"],
      summary: "Version, and whether D1 answers",
      responses: { 200: ["healthy", v.object({ ok: v.boolean(), version: v.string(), d1: v.string() })], 503: ["D1 does not answer"] },
    }),
    async (c) => {
      try {
        const answer = await c.var.db.get<{ one: number }>(sql`SELECT 1 AS one`);
        if (answer?.one !== 1) throw new Error("D1 answered SELECT 1 with something else");
        return c.json({ ok: true, version: pkg.version, d1: "ok" });
      } catch (err) {
        c.var.log("error", "health check: D1 failed", errorFields(err));
        return c.json({ ok: false, version: pkg.version, d1: "unavailable" }, 503);
      }
    },
  );

  app.route(service.prefix, service.app);
  app.route(library.prefix, library.app);
  app.route(sports.prefix, sports.app);
  app.route(jh.prefix, jh.app);
  app.route(summer.prefix, summer.app);
  app.route("/admin", adminApp);
  app.route("/console", createConsole());
  mountDocs(app, pkg.version, [service, library, sports, jh, summer]);

  app.notFound((c) => (c.var.envelope ?? plainEnvelope)(c, new AppError("not_found", `no route for ${c.req.method} ${c.req.path}`)));

  app.onError((err, c) => {
    const envelope = c.var.envelope ?? plainEnvelope;
    if (err instanceof AppError) return envelope(c, err);
    if (err instanceof HTTPException && err.status < 500) {
      return envelope(c, new AppError(HTTP_KIND[err.status] ?? "invalid_param", err.message || "bad request"));
    }
    const log = c.var.log;
    const fields = { ...errorFields(err), method: c.req.method, path: c.req.path };
    if (log) log("error", "unhandled error", fields);
    else console.error(JSON.stringify({ level: "error", msg: "unhandled error", request_id: c.var.requestId, ...fields }));
    return envelope(c, new AppError("internal", "internal error"));
  });

  return app;
}
