import { eq } from "drizzle-orm";
import { serviceUsers } from "../../db/schema/service";
import type { Bindings, Db } from "../../env";
import { config, secret } from "../../platform/config";
import { AppError } from "../../platform/errors";
import { issueToken, revokeSubject, verifyTokenWith } from "../../platform/tokens";
import { findUser, type ServiceUser } from "./users";

export const SURFACE = "service";

/** What a request's `openid` parameter proved: the real openid and the handle to echo. */
export interface Credential {
  openid: string;
  handle: string;
  /** True when a raw openid was accepted (SERVICE_ACCEPT_RAW_OPENID). */
  raw: boolean;
}

const looksLikeHandle = (s: string) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(s);

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

/**
 * Resolves the `openid` parameter and reads the caller's record (undefined
 * when not registered) in one D1 round trip. A forged, altered or revoked
 * handle gets code -1; a raw openid is accepted only where the deployment allows it.
 */
export async function resolveUser(db: Db, env: Bindings, presented: string): Promise<{ cred: Credential; user: ServiceUser | undefined }> {
  if (looksLikeHandle(presented)) {
    const found = await verifyTokenWith(db, secret(env, "SESSION_SECRET"), SURFACE, presented, (subject) =>
      db.select().from(serviceUsers).where(eq(serviceUsers.openid, subject)).limit(1),
    );
    if (found) return { cred: { openid: found.session.subject, handle: presented, raw: false }, user: found.extra[0] };
  } else if (acceptsRaw(env, presented)) {
    return { cred: { openid: presented, handle: presented, raw: true }, user: await findUser(db, presented) };
  }
  throw invalidHandle();
}

const acceptsRaw = (env: Bindings, presented: string) => config(env).SERVICE_ACCEPT_RAW_OPENID && /^[\w-]{6,64}$/.test(presented);
const invalidHandle = () => new AppError("unauthenticated", "openid is not a valid handle", { field: "openid", code: -1 });
