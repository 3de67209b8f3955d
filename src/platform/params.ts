import { toJsonSchema } from "@valibot/to-json-schema";
import type { Context, MiddlewareHandler } from "hono";
import { uniqueSymbol } from "hono-openapi";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { readBodyText, readForm } from "./body";
import { AppError, invalidParam, missingParam } from "./errors";

type Raw = Record<string, unknown>;

/** Parameters are small; a larger body is refused before it is read. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Per-route reading options: routes that take uploads raise the body cap and may keep multipart files. */
export interface ReadOptions {
  /** The body cap of this route (default MAX_BODY_BYTES). */
  maxBodyBytes?: number;
  /** Keep multipart `File` fields as `File` values (otherwise only string fields are kept). */
  files?: boolean;
  /**
   * A form field sent more than once (a group of checkboxes) becomes an array of its values; otherwise the
   * last one wins, as the surfaces' clients expect.
   */
  lists?: boolean;
}

/** Names that would reach an object's prototype; a request never carries them as parameters. */
const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const safe = (key: string) => !UNSAFE_KEYS.has(key);
const dropUnsafe = (key: string, value: unknown) => (safe(key) ? value : undefined);

function assignSafe(out: Raw, from: object) {
  for (const [k, val] of Object.entries(from)) if (safe(k)) out[k] = val;
}

/**
 * Every parameter of a request, whichever way the client sent it:
 * the query string, then a JSON or form-encoded body (body wins), in a
 * null-prototype object without `__proto__`/`constructor`/`prototype` keys.
 */
export async function readParams<E extends AppEnv>(c: Context<E>, opts: ReadOptions = {}): Promise<Raw> {
  const cached = c.var.rawParams;
  if (cached) return cached;
  const out: Raw = Object.create(null);
  assignSafe(out, c.req.query());
  const method = c.req.method;
  if (method !== "GET" && method !== "HEAD") {
    const cap = opts.maxBodyBytes ?? MAX_BODY_BYTES;
    if (Number(c.req.header("content-length") ?? 0) > cap) throw invalidParam("body", "the request body is too large");
    const type = (c.req.header("content-type") ?? "").toLowerCase();
    if (type.includes("application/json")) {
      const text = await readBodyText(c.req.raw, cap);
      if (text.trim() !== "") {
        let body: unknown;
        try {
          body = JSON.parse(text, dropUnsafe);
        } catch {
          throw invalidParam("body", "the JSON body is malformed");
        }
        if (body === null || typeof body !== "object" || Array.isArray(body)) {
          throw invalidParam("body", "the JSON body must be an object");
        }
        assignSafe(out, body);
      }
    } else if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) {
      let form: [string, string | File][];
      try {
        form = await readForm(c.req.raw, cap);
      } catch (err) {
        if (err instanceof AppError) throw err;
        throw invalidParam("body", "the form body is malformed");
      }
      const seen = new Set<string>();
      for (const [k, val] of form) {
        if (!safe(k) || !(typeof val === "string" || (opts.files && val instanceof File))) continue;
        const before = out[k];
        if (opts.lists && seen.has(k)) out[k] = Array.isArray(before) ? [...before, val] : [before, val];
        else out[k] = val;
        seen.add(k);
      }
    }
  }
  c.set("rawParams", out);
  return out;
}

/** Converts the first valibot issue into the platform's error. */
export function issueToError(issues: readonly v.BaseIssue<unknown>[]): AppError {
  const issue = issues[0];
  const field = issue.path?.map((p) => String(p.key)).join(".") || "params";
  if (issue.input === undefined || issue.input === "") return missingParam(field);
  return invalidParam(field, `${field}: ${issue.message}`);
}

export async function parseParams<S extends v.GenericSchema | v.GenericSchemaAsync>(
  c: Context,
  schema: S,
  opts: ReadOptions = {},
): Promise<v.InferOutput<S>> {
  const result = await v.safeParseAsync(schema, await readParams(c, opts));
  if (!result.success) throw issueToError(result.issues);
  return result.output;
}

/** JSON Schema of a valibot schema as clients send it (the input side). */
export function jsonSchemaOf(schema: v.GenericSchema | v.GenericSchemaAsync) {
  const { $schema: _ignored, ...rest } = toJsonSchema(schema as v.GenericSchema, {
    errorMode: "ignore",
    typeMode: "input",
  }) as Record<string, unknown>;
  return rest;
}

type ObjectJsonSchema = { properties?: Record<string, unknown>; required?: string[] };

function requestSpec(schema: v.GenericSchema | v.GenericSchemaAsync, method: "GET" | "POST" | "ANY", files = false) {
  const json = jsonSchemaOf(schema) as ObjectJsonSchema;
  const parameters = Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    schema: s,
  }));
  if (method === "GET") return { parameters };
  const body = {
    requestBody: {
      description: "Parameters may also be sent in the query string.",
      content: {
        "application/x-www-form-urlencoded": { schema: json },
        "application/json": { schema: json },
        ...(files ? { "multipart/form-data": { schema: json } } : {}),
      },
    },
  };
  return method === "POST" ? body : { parameters, ...body };
}

/**
 * What `params()` adds to any Hono app's environment (Campus Edge's or the
 * simulators'): the parameters read once, and the validated result.
 */
type ParamsEnv<T> = { Variables: { rawParams: Raw; params: T } };

/**
 * Middleware that validates the request's parameters against `schema`,
 * exposes the result as `c.var.params`, and contributes the same schema to
 * /openapi.json. `method` only shapes the docs: GET documents query
 * parameters, POST a form/JSON body, ANY both. `opts` raises the body cap
 * of an upload route and keeps its multipart files.
 */
export function params<S extends v.GenericSchema | v.GenericSchemaAsync>(
  schema: S,
  method: "GET" | "POST" | "ANY" = "ANY",
  opts: ReadOptions = {},
): MiddlewareHandler<ParamsEnv<v.InferOutput<S>>> {
  const mw: MiddlewareHandler<ParamsEnv<v.InferOutput<S>>> = async (c, next) => {
    c.set("params", await parseParams(c, schema, opts));
    await next();
  };
  return Object.assign(mw, { [uniqueSymbol]: { spec: requestSpec(schema, method, opts.files) } });
}

/** A trimmed, non-empty string parameter. */
export const text = (max = 256) => v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(max));

/** JSON clients may send digits (a phone, a QQ or student number) as a number: read it as text. */
export const digits = v.pipe(
  v.number(),
  v.integer(),
  v.minValue(0),
  v.transform((n) => String(n)),
);

/** An integer parameter sent as a number or a decimal string. */
export const int = (min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) =>
  v.pipe(
    v.union([v.number(), v.pipe(v.string(), v.regex(/^-?\d+$/, "must be an integer"))]),
    v.transform(Number),
    v.integer(),
    v.minValue(min),
    v.maxValue(max),
  );
