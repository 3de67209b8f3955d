import type { Env, Hono } from "hono";
import { describeRoute, generateSpecs } from "hono-openapi";
import type * as v from "valibot";
import type { AppEnv } from "../env";
import { jsonSchemaOf } from "./params";
import type { MountedSurface } from "./surface";

type AnySchema = v.GenericSchema | v.GenericSchemaAsync;

export interface RouteDoc {
  tags: string[];
  summary: string;
  description?: string;
  /** Status code -> [description, body schema]. */
  responses: Record<number, [string, AnySchema?]>;
  security?: Array<Record<string, string[]>>;
}

/** OpenAPI description of a route; request parameters come from `params()`. */
export function describe(doc: RouteDoc) {
  const responses = Object.fromEntries(
    Object.entries(doc.responses).map(([status, [description, schema]]) => [
      status,
      schema ? { description, content: { "application/json": { schema: jsonSchemaOf(schema) } } } : { description },
    ]),
  );
  return describeRoute({
    tags: doc.tags,
    summary: doc.summary,
    description: doc.description,
    security: doc.security,
    responses,
  });
}

type Spec = Awaited<ReturnType<typeof generateSpecs>>;

/** Rewrites the path keys of trailing-slash surfaces as their documents write them: `/library/user/login/`. */
function slashed(spec: Spec, surfaces: readonly MountedSurface[]): Spec {
  const slash = (path: string) =>
    !path.endsWith("/") && surfaces.some((s) => s.trailingSlash && path.startsWith(`${s.prefix}/`)) ? `${path}/` : path;
  return { ...spec, paths: Object.fromEntries(Object.entries(spec.paths).map(([path, item]) => [slash(path), item])) };
}

/** Generates a spec the first time it is asked for, then hands out the same one (a failure is retried). */
function once(generate: () => Promise<Spec>): () => Promise<Spec> {
  let spec: Promise<Spec> | undefined;
  return () => {
    spec ??= generate().catch((err) => {
      spec = undefined;
      throw err;
    });
    return spec;
  };
}

/**
 * A surface's own part of the OpenAPI document: its routes under its
 * prefix, slashed as the surface writes them. `exclude` lists paths
 * relative to the surface (e.g. the route serving this document).
 */
export function surfaceSpec<E extends Env>(surface: MountedSurface & { app: Hono<E> }, title: string, version: string, exclude: string[]) {
  return once(async () => {
    const spec = await generateSpecs(surface.app, { documentation: { openapi: "3.1.0", info: { title, version } }, exclude });
    const paths = Object.fromEntries(Object.entries(spec.paths).map(([path, item]) => [`${surface.prefix}${path}`, item]));
    return slashed({ ...spec, paths }, [surface]);
  });
}

/** Where the Scalar viewer is served from: a static asset (wrangler.toml [assets], copied by tools/assets.mjs). */
const DOCS_VIEWER = "/docs/scalar.js";

/** The /docs page: Scalar's API reference over /openapi.json, every URL on this origin (no CDN, no web fonts). */
function docsPage(): string {
  // No web fonts, telemetry, AI agent or developer toolbar (shown on localhost): each would call scalar.com.
  const configuration = {
    url: "/openapi.json",
    withDefaultFonts: false,
    hideClientButton: true,
    telemetry: false,
    agent: { disabled: true },
    showDeveloperTools: "never",
  };
  // JSON inside <script>: `<` escaped so nothing in it can close the element.
  const json = JSON.stringify(configuration).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Campus Edge API</title>
  </head>
  <body>
    <div id="app"></div>
    <script src="${DOCS_VIEWER}"></script>
    <script>Scalar.createApiReference("#app", ${json});</script>
  </body>
</html>
`;
}

/** Serves /openapi.json (generated once per app, paths of trailing-slash `surfaces` slashed) and /docs. */
export function mountDocs(app: Hono<AppEnv>, version: string, surfaces: readonly MountedSurface[]) {
  const spec = once(async () => {
    const generated = await generateSpecs(app, {
      documentation: {
        openapi: "3.1.0",
        info: {
          title: "Campus Edge",
          version,
          description:
            "One worker serving five campus WeChat mini-program backends. Every endpoint reads its parameters from the query string, a JSON body or a form-encoded body. Each surface answers in its own envelope.",
        },
        components: {
          securitySchemes: {
            operatorToken: { type: "http", scheme: "bearer", description: "ADMIN_TOKEN" },
          },
        },
      },
      exclude: ["/openapi.json", "/docs"],
      defaultValidationErrorResponse: false,
    });
    return slashed(generated, surfaces);
  });
  app.get("/openapi.json", async (c) => c.json(await spec()));
  const page = docsPage();
  app.get("/docs", (c) => c.html(page));
}
