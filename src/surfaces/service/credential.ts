import type { Bindings, Db } from "../../env";
import { flag, secret } from "../../platform/config";
import { AppError } from "../../platform/errors";
import { issueToken, verifyToken } from "../../platform/tokens";

export const SURFACE = "service";

/** What a request's `openid` parameter proved: the real openid and the handle to echo. */
export interface Credential {
  openid: string;
  handle: string;
  /** True when a raw openid was accepted (SERVICE_ACCEPT_RAW_OPENID). */
  raw: boolean;
}

const looksLikeHandle = (s: string) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(s);

/** Hands out an opaque signed handle standing for an openid. */
export async function handOut(db: Db, env: Bindings, openid: string): Promise<string> {
  const { token } = await issueToken(db, secret(env, "SESSION_SECRET"), SURFACE, openid);
  return token;
}

/**
 * Resolves the `openid` parameter. A forged, altered or revoked handle gets
 * code -1; a raw openid is accepted only where the deployment allows it.
 */
export async function resolveCredential(db: Db, env: Bindings, presented: string): Promise<Credential> {
  if (looksLikeHandle(presented)) {
    const session = await verifyToken(db, secret(env, "SESSION_SECRET"), SURFACE, presented);
    if (session) return { openid: session.subject, handle: presented, raw: false };
  } else if (flag(env, "SERVICE_ACCEPT_RAW_OPENID") && /^[\w-]{6,64}$/.test(presented)) {
    return { openid: presented, handle: presented, raw: true };
  }
  throw new AppError("unauthenticated", "openid is not a valid handle", { field: "openid", code: -1 });
}
