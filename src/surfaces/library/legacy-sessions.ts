import { and, eq, gt } from "drizzle-orm";
import { libraryLegacySessions } from "../../db/schema/legacy";
import type { Bindings, Db } from "../../env";
import { toHex } from "../../platform/encoding";
import { storedAccount } from "./accounts";
import * as sessions from "./sessions";

/**
 * Sessions of the server Campus Edge replaced (mplib-server's uuid1 strings, brought over by
 * `npm run import library`, docs/import.md): each is exchanged once for a Campus Edge session, which the
 * reply hands back as `session` as every reissue does, so nobody is logged out by the move. Campus
 * Edge's own sessions (signed tokens) go to sessions.ts unchanged.
 */
const LEGACY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How an old session is kept: its SHA-256, so the table holds nothing that logs anyone in. */
export async function sessionHash(session: string): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(session)));
}

/** A new session for the user an old one stood for; the old one is deleted as it is read, so it works once. */
async function exchange(db: Db, env: Bindings, token: string, now: number): Promise<sessions.LibrarySession | null> {
  const [row] = await db
    .delete(libraryLegacySessions)
    .where(and(eq(libraryLegacySessions.sessionHash, await sessionHash(token)), gt(libraryLegacySessions.expiresAt, now)))
    .returning({ openid: libraryLegacySessions.openid });
  return row ? sessions.startSession(db, env, row.openid) : null;
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
