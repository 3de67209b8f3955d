import type { Context } from "hono";

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

/** Turns an AppError into the surface's own response. */
export type ErrorEnvelope = (c: Context, err: AppError) => Response;

const STATUS: Record<ErrorKind, number> = {
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
export const plainEnvelope: ErrorEnvelope = (c, err) =>
  c.json(
    { error: err.kind, message: err.message, ...(err.field ? { field: err.field } : {}), request_id: c.get("requestId") },
    STATUS[err.kind] as 400,
  );
