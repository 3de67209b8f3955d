import type { Context } from "hono";
import type { AppError, ErrorEnvelope } from "../../platform/errors";

/** Document 002's envelope: `{code, msg, data}`, HTTP 200, code 0 on success. */
export const ok = (c: Context, data: unknown) => c.json({ code: 0, msg: "success", data });

/** The "other error" code differs per endpoint: -3 on get, -2 elsewhere. */
const otherCode = (path: string) => (path.endsWith("/get") ? -3 : -2);

export const serviceEnvelope: ErrorEnvelope = (c, err: AppError) => {
  let code: number;
  if (typeof err.code === "number") code = err.code;
  else if (err.kind === "internal" || err.kind === "upstream") code = otherCode(c.req.path);
  else code = -1;
  // A path no route serves is an HTTP 404; every documented outcome is HTTP 200 with its code.
  const status = err.kind === "not_found" && err.code === undefined ? 404 : 200;
  return c.json({ code, msg: err.kind === "internal" ? "internal error" : err.message, data: [] }, status);
};
