import type { Bindings, Db } from "../../env";
import { config, secret } from "../../platform/config";
import { issueToken, revokeSubject } from "../../platform/tokens";

export const SURFACE = "service";

/** What a request's `openid` parameter proved: the real openid and the handle to echo. */
export interface Credential {
  openid: string;
  handle: string;
  /** True when a raw openid was accepted (SERVICE_ACCEPT_RAW_OPENID). */
  raw: boolean;
}

/** Hands out an opaque signed handle standing for an openid, good for SERVICE_HANDLE_TTL_DAYS. */
export async function handOut(db: Db, env: Bindings, openid: string): Promise<string> {
  const ttlSeconds = Math.round(config(env).SERVICE_HANDLE_TTL_DAYS * 86_400);
  const { token } = await issueToken(db, secret(env, "SESSION_SECRET"), SURFACE, openid, { ttlSeconds });
  return token;
}

/** Revokes every handle of the user: the client must call getOpenid again. */
export function revokeHandles(db: Db, openid: string) {
  return revokeSubject(db, SURFACE, openid);
}
