import type { Context } from "hono";
import { AppError, type ErrorEnvelope, type ErrorKind } from "../../platform/errors";

/** Document 003's envelope: `{"status": "accepted" | "error: ..."}`, HTTP 200. */
export const accepted = (c: Context, data: Record<string, unknown> = {}) => c.json({ status: "accepted", ...data });

/** What each of the document's errors means, for the logs; the reply is the status text whatever the kind. */
const KIND_OF: Record<string, ErrorKind> = {
  "invalid userid": "unauthenticated",
  "invalid session_id": "unauthenticated",
  "user not exists": "not_found",
  "invalid device_id": "not_found",
  "invalid code": "invalid_param",
  "invalid verification code": "invalid_param",
  "phone required": "invalid_param",
  "device offline": "upstream",
};

/** One of the document's (or CONTRACT section 4's) errors, by its status text without the `error: ` prefix. */
export const statusError = (status: string) => new AppError(KIND_OF[status] ?? "conflict", status, { code: status });

export const sportsEnvelope: ErrorEnvelope = (c, err) => {
  if (typeof err.code === "string") return c.json({ status: `error: ${err.code}` });
  switch (err.kind) {
    case "missing_param":
    case "invalid_param":
    case "method_not_allowed":
      return c.json({ status: "error: invalid request" });
    case "not_found":
      return c.json({ status: "error: not found" }, 404);
    case "upstream":
      return c.json({ status: `error: weixin: ${err.message}` });
    default:
      return c.json({ status: "error: internal error" }, 500);
  }
};
