import pkg from "../../../../package.json";
import { describe, surfaceSpec } from "../../../platform/openapi";
import { tags } from "../docs";
import type { LibrarySurface } from "../index";

/** /schema: this surface's part of the OpenAPI document, written from every route once registered (not itself). */
export function schemaRoutes(surface: LibrarySurface) {
  const spec = surfaceSpec(surface, "Campus Edge: library (document 000)", pkg.version, ["/schema"]);
  surface.app.get(
    "/schema",
    describe({ tags, summary: "This surface's part of the OpenAPI document", responses: { 200: ["OpenAPI 3.1 document"] } }),
    async (c) => c.json(await spec()),
  );
}
