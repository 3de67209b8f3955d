import { and, eq, exists, gt, isNull, lt, or, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { errors, jwtVerify, SignJWT } from "jose";
import { sessions } from "../db/schema/platform";
import type { Db } from "../env";
import { BoundedMap } from "./bounded-map";
import { base64url } from "./encoding";
import { randomId } from "./random";

/**
 * Opaque session tokens: a jose HS256 JWT carrying only a random session id,
 * backed by a `sessions` row that holds the subject, expiry and revocation.
 */
export interface Session {
  id: string;
  surface: string;
  subject: string;
  createdAt: number;
  expiresAt: number | null;
}

/**
 * The secret as an HMAC-SHA-256 key, imported once per secret and isolate: jose would import a raw
 * secret again on every sign and verify. One key signs tokens, verifies them and derives successor ids.
 */
const keys = new BoundedMap<string, Promise<CryptoKey>>(4);
function keyOf(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keys.set(secret, key);
  }
  return key;
}

/**
 * What a token may say of its caller beside the session id, so a surface can
 * name the caller in the queries it sends with the caller's read (see `sessionHolds`).
 */
export interface Claims {
  /** The session's subject, signed into the token. */
  sub?: string;
}

export async function issueToken(
  db: Db,
  secret: string,
  surface: string,
  subject: string,
  opts: { ttlSeconds?: number | null; now?: number; claims?: Claims; alongside?: BatchItem<"sqlite">[] } = {},
): Promise<{ token: string; session: Session }> {
  const session = sessionOf(randomId(16), surface, subject, opts);
  const insert = db.insert(sessions).values(session);
  // Statements of the caller's that belong with the new session (a login's bookkeeping) share its round trip.
  if (opts.alongside?.length) await db.batch([insert, ...opts.alongside]);
  else await insert;
  return { token: await sign(secret, session, opts.claims), session };
}

function sessionOf(id: string, surface: string, subject: string, opts: { ttlSeconds?: number | null; now?: number }): Session {
  const now = opts.now ?? Date.now();
  const ttl = opts.ttlSeconds ?? null;
  return { id, surface, subject, createdAt: now, expiresAt: ttl ? now + ttl * 1000 : null };
}

/** The token of a session row: the same row always signs to the same token. */
async function sign(secret: string, session: Session, claims: Claims = {}): Promise<string> {
  const jwt = new SignJWT({ ...claims, sid: session.id })
    .setProtectedHeader({ alg: "HS256" })
    .setAudience(session.surface)
    .setIssuedAt(Math.floor(session.createdAt / 1000));
  if (session.expiresAt) jwt.setExpirationTime(Math.floor(session.expiresAt / 1000));
  return jwt.sign(await keyOf(secret));
}

/** The id of a session's one successor: derived from its id under the secret, so unguessable and the same for every caller. */
async function successorIdOf(secret: string, id: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await keyOf(secret), new TextEncoder().encode(`session-successor:${id}`));
  return base64url(new Uint8Array(mac).subarray(0, 16));
}

/**
 * Replaces `old` by its one successor and shortens old's life to `graceMs`
 * (never lengthens it), in one D1 round trip. Every request presenting `old`,
 * racing or not, names the same successor row: the first inserts it, the
 * others find it, and all sign the same token from it. Null when the
 * successor has been revoked meanwhile.
 */
export async function reissueToken(
  db: Db,
  secret: string,
  old: Session,
  opts: { ttlSeconds?: number | null; graceMs: number; now?: number },
): Promise<{ token: string; session: Session } | null> {
  const now = opts.now ?? Date.now();
  const fresh = sessionOf(await successorIdOf(secret, old.id), old.surface, old.subject, { ttlSeconds: opts.ttlSeconds, now });
  const until = now + opts.graceMs;
  const [, , rows] = await db.batch([
    db.insert(sessions).values(fresh).onConflictDoNothing({ target: sessions.id }),
    db
      .update(sessions)
      .set({ expiresAt: until })
      .where(and(eq(sessions.id, old.id), isNull(sessions.revokedAt), or(isNull(sessions.expiresAt), gt(sessions.expiresAt, until)))),
    sessionRows(db, old.surface, fresh.id),
  ]);
  const session = live(rows[0], now);
  return session ? { token: await sign(secret, session), session } : null;
}

/**
 * What a token says: its session id and claims, or null when it is forged,
 * altered, expired or of another surface. The session itself may still have
 * been revoked: only D1 knows.
 */
export async function readToken(
  secret: string,
  surface: string,
  token: string,
  now = Date.now(),
): Promise<(Claims & { sid: string }) | null> {
  if (!token || token.length > 2048) return null;
  try {
    const { payload } = await jwtVerify(token, await keyOf(secret), {
      audience: surface,
      algorithms: ["HS256"],
      currentDate: new Date(now),
    });
    if (typeof payload.sid !== "string") return null;
    const text = (v: unknown) => (typeof v === "string" ? v : undefined);
    return { sid: payload.sid, sub: text(payload.sub) };
  } catch (err) {
    if (err instanceof errors.JOSEError || err instanceof TypeError) return null;
    throw err;
  }
}

const sessionIdOf = async (secret: string, surface: string, token: string, now: number) =>
  (await readToken(secret, surface, token, now))?.sid ?? null;

/**
 * The condition that session `sid` of `surface` belongs to `subject` and is
 * live at `now`, for a surface's read of its caller (src/platform/caller.ts). `sid` and `subject` may be SQL
 * (columns of a row that names a session, as a console session does a summer ticket's).
 */
export function sessionHolds(db: Db, surface: string, sid: string | SQLWrapper, subject: string | SQLWrapper, now = Date.now()): SQL {
  return exists(
    db
      .select({ one: sessions.id })
      .from(sessions)
      .where(
        and(
          eq(sessions.id, sid),
          eq(sessions.surface, surface),
          eq(sessions.subject, subject),
          isNull(sessions.revokedAt),
          or(isNull(sessions.expiresAt), gt(sessions.expiresAt, now)),
        ),
      ),
  );
}

const sessionRows = (db: Db, surface: string, sid: string) =>
  db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, sid), eq(sessions.surface, surface), isNull(sessions.revokedAt)))
    .limit(1);

function live(row: typeof sessions.$inferSelect | undefined, now: number): Session | null {
  if (!row || (row.expiresAt !== null && row.expiresAt <= now)) return null;
  return { id: row.id, surface: row.surface, subject: row.subject, createdAt: row.createdAt, expiresAt: row.expiresAt };
}

/** The live session behind a token, or null when forged, altered, expired, revoked or of another surface. */
export async function verifyToken(db: Db, secret: string, surface: string, token: string, now = Date.now()): Promise<Session | null> {
  const sid = await sessionIdOf(secret, surface, token, now);
  return sid ? live((await sessionRows(db, surface, sid))[0], now) : null;
}

/**
 * verifyToken plus a query about the session's subject, in one D1 round trip:
 * `companion` receives the subject as an SQL subquery. Its result counts only
 * when the session is live.
 */
export async function verifyTokenWith<Q extends BatchItem<"sqlite">>(
  db: Db,
  secret: string,
  surface: string,
  token: string,
  companion: (subject: SQL) => Q,
  now = Date.now(),
): Promise<{ session: Session; extra: Awaited<Q> } | null> {
  const sid = await sessionIdOf(secret, surface, token, now);
  if (!sid) return null;
  // Plain names: drizzle's relational queries would qualify interpolated columns with their own alias.
  const subject = sql`(SELECT "subject" FROM "sessions" WHERE "id" = ${sid})`;
  const [rows, extra] = await db.batch([sessionRows(db, surface, sid), companion(subject)]);
  const session = live(rows[0], now);
  return session ? { session, extra: extra as Awaited<Q> } : null;
}

export async function revokeToken(db: Db, sessionId: string, now = Date.now()) {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** The statement revoking every token of a subject on a surface (log out everywhere), to run or batch. */
export const revokeSubjectQuery = (db: Db, surface: string, subject: string, now = Date.now()) =>
  db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.surface, surface), eq(sessions.subject, subject), isNull(sessions.revokedAt)));

/** Revokes every token of a subject on a surface (log out everywhere). */
export async function revokeSubject(db: Db, surface: string, subject: string, now = Date.now()) {
  await revokeSubjectQuery(db, surface, subject, now);
}

/** How long an ended session's row is kept (for audits) before it is deleted. */
const KEEP_ENDED_MS = 7 * 24 * 3600_000;

/**
 * Deletes rows of sessions that expired or were revoked over a week ago, at
 * most `limit` per call, so the table does not grow with every reissue.
 */
export async function purgeEndedSessions(db: Db, now = Date.now(), limit = 1000): Promise<number> {
  const cutoff = now - KEEP_ENDED_MS;
  const ended = db
    .select({ id: sessions.id })
    .from(sessions)
    .where(or(lt(sessions.expiresAt, cutoff), lt(sessions.revokedAt, cutoff)))
    .limit(limit);
  const rows = await db.delete(sessions).where(sql`${sessions.id} IN ${ended}`).returning({ id: sessions.id });
  return rows.length;
}
