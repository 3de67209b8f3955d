import { Scalar } from "@scalar/hono-api-reference";
import type { Hono } from "hono";
import { describeRoute, openAPIRouteHandler } from "hono-openapi";
import type * as v from "valibot";
import type { AppEnv } from "../env";
import { jsonSchemaOf } from "./params";

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

export function mountDocs(app: Hono<AppEnv>, version: string) {
  app.get(
    "/openapi.json",
    openAPIRouteHandler(app, {
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
      // Upstream paths such as /__sim/jh/passport/api.php are routes, not static files.
      excludeStaticFile: false,
      defaultValidationErrorResponse: false,
    }),
  );
  app.get("/docs", Scalar({ url: "/openapi.json", pageTitle: "Campus Edge API" }));
}
