import type { Context } from "hono";
import { AppError, type ErrorEnvelope } from "../../platform/errors";

/** Document 003's envelope: `{"status": "accepted" | "error: ..."}`, HTTP 200. */
export const accepted = (c: Context, data: Record<string, unknown> = {}) => c.json({ status: "accepted", ...data });

/** One of the document's (or CONTRACT section 4's) errors, by its status text without the `error: ` prefix. */
export const refuse = (status: string) => new AppError("conflict", status, { code: status });

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
