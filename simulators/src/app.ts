import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { openAPIRouteHandler } from "hono-openapi";
import { AppError, plainReply } from "../../src/platform/errors";
import { describe } from "../../src/platform/openapi";
import { alephSimulator } from "./aleph";
import { jhSimulator } from "./jh";
import type { SimBindings } from "./simulator";
import { wechatSimulator } from "./wechat";

/**
 * Every upstream simulator under /__sim, one line each. A new simulator is a
 * folder with a Hono sub-app (`createSimulator(schema)`) and its schema.ts,
 * mounted here (simulators/README.md).
 */
let upstreamRequests = 0;

export function createSimulatorsApp() {
  const app = new Hono<{ Bindings: SimBindings }>({ strict: false });
  // A reply that skips the body (an injected fault, say) still reads it, as a real server would,
  // so the caller's upload never fails after the reply has been sent.
  app.use(async (c, next) => {
    await next();
    if (c.req.raw.body && !c.req.raw.bodyUsed) await c.req.raw.arrayBuffer();
  });

  // Calls Campus Edge makes (not the tests' and developers' control calls, marked x-sim-control), counted so the
  // cost table can say how many upstream calls a request makes.
  app.use(async (c, next) => {
    if (c.req.path !== "/__sim/requests" && !c.req.header("x-sim-control")) upstreamRequests++;
    await next();
  });
  app.get(
    "/__sim/requests",
    describe({ tags: ["simulators"], summary: "Upstream calls served so far (not control calls)", responses: { 200: ["count"] } }),
    (c) => c.json({ count: upstreamRequests }),
  );

  app.route("/__sim/wechat", wechatSimulator);
  app.route("/__sim/aleph", alephSimulator);
  app.route("/__sim/jh", jhSimulator);

  app.get(
    "/__sim/openapi.json",
    openAPIRouteHandler(app, {
      documentation: {
        openapi: "3.1.0",
        info: {
          title: "Campus Edge upstream simulators",
          version: "1",
          description: "Test doubles of the upstreams Campus Edge calls, for local development and the tests. Never deployed.",
        },
      },
      exclude: ["/__sim/openapi.json"],
      // The 精弘 upstream's paths end in .php; they are routes, not static files.
      excludeStaticFile: false,
      defaultValidationErrorResponse: false,
    }),
  );

  app.notFound((c) => plainReply(c, new AppError("not_found", `no simulator route for ${c.req.method} ${c.req.path}`)));
  app.onError((err, c) => {
    if (err instanceof AppError) return plainReply(c, err);
    if (err instanceof HTTPException && err.status < 500) return plainReply(c, new AppError("invalid_param", err.message || "bad request"));
    console.error(JSON.stringify({ level: "error", msg: "simulator error", path: c.req.path, error: String(err) }));
    return plainReply(c, new AppError("internal", "internal error"));
  });
  return app;
}
