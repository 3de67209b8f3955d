import type { Context } from "hono";
import { AppError, type ErrorEnvelope } from "../../platform/errors";
import { MSG } from "./messages";

/**
 * Document 004's envelope: HTTP 200 with `{code, msg, data}`, `data` null
 * when there is nothing (the clients treat any other HTTP status as a
 * network failure). Codes: 200, 400 无效的访问。, 402, 403, 405 for GET.
 */
export const ok = (c: Context, data: unknown, msg: string) => c.json({ code: 200, msg, data });

/** A documented refusal: code 403 (or the code given) with the document's message. */
export const refuse = (msg: string, code = 403) => new AppError("forbidden", msg, { code });

export const jhEnvelope: ErrorEnvelope = (c, err: AppError) => {
  let code: number;
  let msg: string;
  if (typeof err.code === "number") [code, msg] = [err.code, err.message];
  else if (err.kind === "method_not_allowed") [code, msg] = [405, MSG.getForbidden];
  else if (err.kind === "unauthenticated") [code, msg] = [403, MSG.creditInvalid];
  else if (err.kind === "internal") [code, msg] = [500, MSG.internal];
  else [code, msg] = [400, MSG.invalid];
  // A path no route serves is not a documented answer: it stays an HTTP 404.
  const status = err.kind === "not_found" && err.code === undefined ? 404 : 200;
  return c.json({ code, msg, data: null }, status);
};
