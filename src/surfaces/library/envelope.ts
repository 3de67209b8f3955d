import { AppError, type EnvelopeContext, type ErrorEnvelope } from "../../platform/errors";
import type { LibraryEnv, LibraryUser } from "./auth";

/**
 * Document 000's envelope: `status` 0..6 with `err_msg`, HTTP 200. Every
 * reply made under a valid session carries `session` (possibly reissued);
 * the client stores `data.session` after each response.
 */
export const STATUS = { ok: 0, login: 1, wechat: 2, network: 3, param: 4, rsa: 5, library: 6 } as const;

/** What a reply reads of the request: the session to echo, and the JSON reply. */
export type LibraryContext = EnvelopeContext<LibraryEnv>;

export const withSession = <T extends object>(user: LibraryUser, body: T) => (user ? { ...body, session: user.token } : body);

export const ok = (c: LibraryContext, body: Record<string, unknown> = {}) =>
  c.json(withSession(c.var.user, { status: STATUS.ok, ...body }));

/** A refusal shown to the user as a toast: status 6, `err_msg` names what refused, `detail` says why. */
export const refuse = (errMsg: string, detail: string) => new AppError("conflict", errMsg, { code: STATUS.library, detail });

export const libraryEnvelope: ErrorEnvelope<LibraryEnv> = (c, err) => {
  let body: Record<string, unknown>;
  let http: 200 | 404 | 405 = 200;
  if (err.code === STATUS.rsa) body = { status: STATUS.rsa, err_msg: "RSA_KEY_ERROR" };
  else if (err.code === STATUS.wechat)
    body = { status: STATUS.wechat, err_msg: err.message, ...(err.detail ? { errcode: Number(err.detail) } : {}) };
  else if (err.code === STATUS.network || err.kind === "internal") body = { status: STATUS.network, err_msg: "SERVER_NETWORK_ERROR" };
  else if (err.kind === "unauthenticated") body = { status: STATUS.login, err_msg: "LOGIN_FAILED" };
  else if (err.kind === "missing_param") body = { status: STATUS.param, err_msg: `PARAM_${err.field ?? "params"}_MISS` };
  else if (err.kind === "invalid_param")
    body = { status: STATUS.param, err_msg: `PARAM_${err.field ?? "params"}_INVALID`, detail: err.message };
  else {
    // Library refusals (err_msg names the library operation) and this server's own refusals alike.
    const detail = err.detail ?? err.message;
    body = {
      status: STATUS.library,
      err_msg: err.code === STATUS.library ? err.message : err.kind.toUpperCase(),
      err_detail: detail,
      detail,
    };
    if (err.kind === "not_found" && err.code === undefined) http = 404;
    if (err.kind === "method_not_allowed") http = 405;
  }
  return c.json(withSession(c.var.user, body), http);
};
