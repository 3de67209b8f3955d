import * as v from "valibot";
import pkg from "../../../../package.json";
import { describe, surfaceSpec } from "../../../platform/openapi";
import { params } from "../../../platform/params";
import { endpoint, GET_POST, none, tags } from "../docs";
import { ok } from "../envelope";
import type { LibrarySurface } from "../index";
import * as s from "../schemas";

/** The surface's liveness (/test) and its own part of the OpenAPI document (/schema). */
export function aboutRoutes(surface: LibrarySurface) {
  const app = surface.app;
  app.on(GET_POST, "/test", endpoint("Liveness of the library surface", s.reply({ version: v.string() })), params(none), async (c) =>
    ok(c, { version: pkg.version }),
  );

  const spec = surfaceSpec(surface, "Campus Edge: library (document 000)", pkg.version, ["/schema"]);
  app.get(
    "/schema",
    describe({ tags, summary: "This surface's part of the OpenAPI document", responses: { 200: ["OpenAPI 3.1 document"] } }),
    async (c) => c.json(await spec()),
  );
}
