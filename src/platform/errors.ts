import type { Context, Env } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../env";

/**
 * What went wrong, in words every surface can map to its own vocabulary.
 * `field` names the parameter concerned for param errors.
 */
export type ErrorKind =
  | "missing_param"
  | "invalid_param"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "upstream"
  | "method_not_allowed"
  | "internal";

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly field?: string;
  /** A surface-specific code, when the domain logic knows the exact documented one. */
  readonly code?: string | number;
  readonly detail?: string;

  constructor(kind: ErrorKind, message: string, opts: { field?: string; code?: string | number; detail?: string } = {}) {
    super(message);
    this.name = "AppError";
    this.kind = kind;
    this.field = opts.field;
    this.code = opts.code;
    this.detail = opts.detail;
  }
}

export const missingParam = (field: string) => new AppError("missing_param", `${field} is required`, { field });
export const invalidParam = (field: string, message = `${field} is invalid`) => new AppError("invalid_param", message, { field });

/** What an envelope reads of the request: its typed variables, the request, and the JSON reply. */
export type EnvelopeContext<E extends Env = AppEnv> = Pick<Context<E>, "req" | "env" | "var" | "json">;

/** Turns an AppError into the surface's own response; a surface's envelope reads its own typed context. */
export type ErrorEnvelope<E extends Env = AppEnv> = (c: EnvelopeContext<E>, err: AppError) => Response;

/** The HTTP status of each kind, where an envelope answers with one (the plain envelope, the console's pages). */
export const STATUS: Record<ErrorKind, ContentfulStatusCode> = {
  missing_param: 400,
  invalid_param: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  upstream: 502,
  method_not_allowed: 405,
  internal: 500,
};

/** The envelope outside every surface (/health, /admin; the simulators worker uses it too). */
export const plainEnvelope: ErrorEnvelope = (c, err) => plainReply(c, err, c.var.requestId);

/** The plain error body, for callers outside the worker's request pipeline (the simulators worker). */
export const plainReply = (c: Pick<Context, "json">, err: AppError, requestId?: string) =>
  c.json({ error: err.kind, message: err.message, ...(err.field ? { field: err.field } : {}), request_id: requestId }, STATUS[err.kind]);
