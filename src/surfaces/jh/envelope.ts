import type { Context } from "hono";
import { AppError, type ErrorEnvelope } from "../../platform/errors";
import { MSG } from "./messages";

/**
 * JSON as the desktop client can read it. Its HttpUtil turns every `\uXXXX` of the reply text into that
 * character before parsing, so a literal backslash followed by `u` and four hex digits (JSON `\\u0041`) would
 * reach its parser as a broken escape and the whole reply, a board page or a list of users, would be lost
 * for good. Such a `u` is written `\u0075` instead: the same JSON value, which the client unescapes to `u`.
 */
export const clientJson = (value: unknown) => JSON.stringify(value).replace(/(?<!\\)((?:\\\\)+)u(?=[0-9a-fA-F]{4})/g, "$1\\u0075");

export const JSON_TYPE = { "content-type": "application/json; charset=UTF-8" };

/**
 * Document 004's envelope: HTTP 200 with `{code, msg, data}`, `data` null
 * when there is nothing (the clients treat any other HTTP status as a
 * network failure). Codes: 200, 400 无效的访问。, 402, 403, 405 for GET.
 */
export const ok = (c: Context, data: unknown, msg: string) => c.body(clientJson({ code: 200, msg, data }), 200, JSON_TYPE);

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
  // Its messages are the server's own words, which hold no backslash.
  return c.json({ code, msg, data: null }, status);
};
