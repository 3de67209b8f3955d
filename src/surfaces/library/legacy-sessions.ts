import { and, eq, gt, sql } from "drizzle-orm";
import { libraryLegacySessions } from "../../db/schema/legacy";
import type { Bindings, Db } from "../../env";
import { config, secret } from "../../platform/config";
import { toHex } from "../../platform/encoding";
import { reissueToken } from "../../platform/tokens";
import { storedAccount } from "./accounts";
import { SURFACE } from "./name";
import * as sessions from "./sessions";

/**
 * Sessions of the server Campus Edge replaced (mplib-server's uuid1 strings, brought over by
 * `npm run import library`, docs/import.md): each is exchanged for a Campus Edge session, which the
 * reply hands back as `session` as every reissue does, so nobody is logged out by the move. Like a
 * reissue, the exchange has a grace: the old session keeps naming the same successor for a minute, so
 * the requests a client sends at once with it all succeed and all carry the one new session. Campus
 * Edge's own sessions (signed tokens) go to sessions.ts unchanged.
 */
const LEGACY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How an old session is kept: its SHA-256, so the table holds nothing that logs anyone in. */
export async function sessionHash(session: string): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(session)));
}

/**
 * The Campus Edge session an old one is exchanged for. The old one's life is cut to the grace as it is read;
 * its successor is the platform's reissue of it (one per old session, whoever asks first inserts it).
 */
async function exchange(db: Db, env: Bindings, token: string, now: number): Promise<sessions.LibrarySession | null> {
  const hash = await sessionHash(token);
  const legacy = libraryLegacySessions;
  const [row] = await db
    .update(legacy)
    .set({ expiresAt: sql`min(${legacy.expiresAt}, ${now + sessions.GRACE_MS})` })
    .where(and(eq(legacy.sessionHash, hash), gt(legacy.expiresAt, now)))
    .returning({ openid: legacy.openid, createdAt: legacy.createdAt });
  if (!row) return null;
  const old = { id: `legacy:${hash}`, surface: SURFACE, subject: row.openid, createdAt: row.createdAt, expiresAt: null };
  const next = await reissueToken(db, secret(env, "SESSION_SECRET"), old, {
    ttlSeconds: config(env).LIBRARY_SESSION_TTL_S,
    graceMs: sessions.GRACE_MS,
    now,
  });
  return next ? { openid: row.openid, token: next.token } : null;
}

/** sessions.resolveSession, for old sessions too. */
export async function resolveSession(db: Db, env: Bindings, token: string, now = Date.now()): Promise<sessions.LibrarySession | null> {
  return LEGACY.test(token) ? exchange(db, env, token, now) : sessions.resolveSession(db, env, token, now);
}

/** sessions.resolveWithAccount, for old sessions too. */
export async function resolveWithAccount(db: Db, env: Bindings, token: string, now = Date.now()): Promise<sessions.LibrarySession | null> {
  if (!LEGACY.test(token)) return sessions.resolveWithAccount(db, env, token, now);
  const found = await exchange(db, env, token, now);
  if (!found) return null;
  const [account] = await storedAccount(db, found.openid);
  return { ...found, account };
}
