import { and, eq, gt, lt } from "drizzle-orm";
import { consoleOperators, consoleSessions } from "../db/schema/console";
import { summerUsers } from "../db/schema/summer";
import type { Db } from "../env";
import type { Viewer } from "../platform/console/env";
import { fromHex, toHex } from "../platform/encoding";
import { randomId } from "../platform/random";
import { staffOfSession } from "../surfaces/summer/console/caller";

/** The cookie carrying a console session's token. */
export const SESSION_COOKIE = "ce_console";

const digest = async (token: string) => toHex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token)));

/**
 * A summer ticket is kept sealed with a key derived from the cookie's token, which D1 never holds: the sessions
 * table alone gives no usable ticket.
 */
async function ticketKey(token: string) {
  const raw = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`console-ticket:${token}`));
  return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}

async function sealTicket(token: string, ticket: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await ticketKey(token), new TextEncoder().encode(ticket));
  return `${toHex(iv)}.${toHex(sealed)}`;
}

async function openTicket(token: string, sealed: string): Promise<string | null> {
  const [iv, data] = sealed.split(".");
  const ivBytes = fromHex(iv ?? "");
  const dataBytes = fromHex(data ?? "");
  if (!ivBytes || !dataBytes) return null;
  try {
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: ivBytes }, await ticketKey(token), dataBytes);
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}

export type NewSession =
  | { kind: "operator"; operatorId: number; username: string }
  | { kind: "summer"; username: string; userId: number; ticket: string; ticketSession: string };

/** Starts a session; returns the token for the cookie (only its digest is stored). */
export async function startSession(db: Db, who: NewSession, ttlMs: number, now = Date.now()): Promise<string> {
  const token = randomId(32);
  // Signing in also clears sessions past their end, so the table holds only live ones.
  await db.batch([
    db.delete(consoleSessions).where(lt(consoleSessions.expiresAt, now)),
    db.insert(consoleSessions).values({
      id: await digest(token),
      kind: who.kind,
      operatorId: who.kind === "operator" ? who.operatorId : null,
      summerTicket: who.kind === "summer" ? await sealTicket(token, who.ticket) : null,
      summerUserId: who.kind === "summer" ? who.userId : null,
      summerSessionId: who.kind === "summer" ? who.ticketSession : null,
      username: who.username,
      csrf: randomId(24),
      createdAt: now,
      expiresAt: now + ttlMs,
    }),
  ]);
  return token;
}

/**
 * The viewer behind a cookie token, in one D1 round trip: an expired session, an operator since disabled, or a
 * summer staff member whose account was disabled or whose ticket ended, is no viewer. An operator's scopes and a
 * staff member's role are read as they are now, not as they were at sign-in.
 */
export async function viewerOf(db: Db, token: string, now = Date.now()): Promise<Viewer | null> {
  if (!token || token.length > 128) return null;
  const [row] = await db
    .select({
      session: consoleSessions,
      operator: { scopes: consoleOperators.scopes, disabled: consoleOperators.disabled },
      staff: { role: summerUsers.role },
    })
    .from(consoleSessions)
    .leftJoin(consoleOperators, eq(consoleOperators.id, consoleSessions.operatorId))
    .leftJoin(summerUsers, staffOfSession(db, consoleSessions.summerUserId, consoleSessions.summerSessionId, now))
    .where(and(eq(consoleSessions.id, await digest(token)), gt(consoleSessions.expiresAt, now)))
    .limit(1);
  if (!row) return null;
  const { session, operator, staff } = row;
  if (session.kind === "operator") {
    if (!operator || operator.disabled || session.operatorId === null) return null;
    return {
      kind: "operator",
      sessionId: session.id,
      csrf: session.csrf,
      username: session.username,
      operatorId: session.operatorId,
      scopes: operator.scopes,
    };
  }
  if (!staff || staff.role === "STUDENT" || !session.summerSessionId) return null;
  const ticket = session.summerTicket ? await openTicket(token, session.summerTicket) : null;
  if (!ticket) return null;
  return {
    kind: "summer",
    sessionId: session.id,
    csrf: session.csrf,
    username: session.username,
    role: staff.role,
    ticket,
    ticketSession: session.summerSessionId,
  };
}

export const endSession = (db: Db, sessionId: string) => db.delete(consoleSessions).where(eq(consoleSessions.id, sessionId));

/** Ends every session of an operator (disabled, or password changed). */
export const endOperatorSessions = (db: Db, operatorId: number) =>
  db.delete(consoleSessions).where(eq(consoleSessions.operatorId, operatorId));
