import type { Bindings, Db } from "../../env";
import { config, secret } from "../../platform/config";
import { issueToken, reissueToken, verifyToken, verifyTokenWith } from "../../platform/tokens";
import { type StoredAccount, storedAccount } from "./accounts";
import { SURFACE } from "./name";

/** A valid session the request presented (possibly reissued), echoed in every reply. */
export interface LibrarySession {
  openid: string;
  token: string;
  /** The user's stored library account, when it was read with the session (requirePatron). */
  account?: StoredAccount;
}

/** The original server handed out a fresh session once the one presented was older than this. */
const REISSUE_AFTER_MS = 120_000;
/** How long a replaced session keeps working, for requests already in flight with it. */
export const GRACE_MS = 60_000;

export async function startSession(db: Db, env: Bindings, openid: string): Promise<LibrarySession> {
  const ttlSeconds = config(env).LIBRARY_SESSION_TTL_S;
  const { token } = await issueToken(db, secret(env, "SESSION_SECRET"), SURFACE, openid, { ttlSeconds });
  return { openid, token };
}

/**
 * The session behind `token`, reissued when older than 120 s; null when invalid.
 * During the grace every request with the replaced session gets the same successor.
 */
export async function resolveSession(db: Db, env: Bindings, token: string, now = Date.now()): Promise<LibrarySession | null> {
  const key = secret(env, "SESSION_SECRET");
  const found = await verifyToken(db, key, SURFACE, token, now);
  if (!found) return null;
  if (now - found.createdAt <= REISSUE_AFTER_MS) return { openid: found.subject, token };
  const next = await reissueToken(db, key, found, { ttlSeconds: config(env).LIBRARY_SESSION_TTL_S, graceMs: GRACE_MS, now });
  return next ? { openid: found.subject, token: next.token } : null;
}

/**
 * resolveSession with the user's stored account read in the same D1 round
 * trip (a batch); `account` is undefined when the user has no row. A session
 * due for reissue then takes resolveSession's path, so reissue and grace stay
 * defined in one place.
 */
export async function resolveWithAccount(db: Db, env: Bindings, token: string, now = Date.now()): Promise<LibrarySession | null> {
  const found = await verifyTokenWith(db, secret(env, "SESSION_SECRET"), SURFACE, token, (subject) => storedAccount(db, subject), now);
  if (!found) return null;
  const account = found.extra[0];
  if (now - found.session.createdAt <= REISSUE_AFTER_MS) return { openid: found.session.subject, token, account };
  const reissued = await resolveSession(db, env, token, now);
  return reissued ? { ...reissued, account } : null;
}
