import { and, eq, exists, sql } from "drizzle-orm";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { type SummerRole, summerUsers } from "../../db/schema/summer";
import type { Bindings, Db } from "../../env";
import { config, secret } from "../../platform/config";
import { AppError } from "../../platform/errors";
import { authenticateByClaims } from "../../platform/surface";
import { issueToken, readToken, sessionHolds, verifyTokenWith } from "../../platform/tokens";

export const SURFACE = "summer";

/** Whoever holds a live ticket: a student or a staff member. */
export interface SummerCaller {
  id: number;
  role: SummerRole;
  sessionId: string;
}

/** The ticket a request carries: `Authorization: Bearer`, then `?ticket=`, then the `ticket` cookie. */
export function ticketOf(c: Context): string {
  const header = c.req.header("authorization") ?? "";
  if (header.startsWith("Bearer ")) return header.slice(7).trim();
  return c.req.query("ticket") ?? getCookie(c, "ticket") ?? "";
}

const STUDENT = "STUDENT" satisfies SummerRole;

const notLoggedIn = () => new AppError("unauthenticated", "未登陆");

/** Resolves the ticket and the account in one D1 round trip; a disabled account's tickets stop working. */
export async function callerOf(db: Db, env: Bindings, ticket: string): Promise<SummerCaller> {
  if (!ticket) throw notLoggedIn();
  const found = await verifyTokenWith(db, secret(env, "SESSION_SECRET"), SURFACE, ticket, (subject) =>
    db
      .select({ id: summerUsers.id, role: summerUsers.role, isActive: summerUsers.isActive })
      .from(summerUsers)
      .where(eq(summerUsers.id, sql`CAST(${subject} AS INTEGER)`))
      .limit(1),
  );
  const user = found?.extra[0];
  if (!found || !user?.isActive) throw notLoggedIn();
  return { id: user.id, role: user.role, sessionId: found.session.id };
}

/**
 * A student's ticket names its account, so the route can run at once: the
 * session and the account (still a student's, still active) are checked in
 * the route's first D1 round trip. A staff member's role and standing can
 * change at any moment and decide what the route may do, so staff tickets
 * carry no claims and the account is read before the route runs.
 */
export const requireLogin = authenticateByClaims<SummerCaller>(async (c) => {
  const ticket = ticketOf(c);
  const claims = ticket ? await readToken(secret(c.env, "SESSION_SECRET"), SURFACE, ticket) : null;
  if (!claims) throw notLoggedIn();
  const id = Number(claims.sub);
  if (claims.role !== STUDENT || !Number.isSafeInteger(id)) return { user: await callerOf(c.var.db, c.env, ticket) };
  const db = c.var.db;
  const account = db
    .select({ id: summerUsers.id })
    .from(summerUsers)
    .where(and(eq(summerUsers.id, id), eq(summerUsers.role, STUDENT), eq(summerUsers.isActive, true)));
  return {
    user: { id, role: STUDENT, sessionId: claims.sid },
    check: { holds: [sessionHolds(db, SURFACE, claims.sid, String(id)), exists(account)], refusal: async () => notLoggedIn() },
  };
});

/** Issues a ticket for the user and sets it as the `ticket` cookie too (the original web clients read it). */
export async function handOutTicket(c: Context, db: Db, env: Bindings, userId: number, role: SummerRole): Promise<string> {
  const ttl = config(env).SUMMER_TICKET_TTL_SECONDS;
  const { token } = await issueToken(db, secret(env, "SESSION_SECRET"), SURFACE, String(userId), {
    ttlSeconds: ttl,
    claims: role === STUDENT ? { sub: String(userId), role } : {},
  });
  setCookie(c, "ticket", token, {
    path: "/summer",
    httpOnly: true,
    sameSite: "Lax",
    secure: new URL(c.req.url).protocol === "https:",
    maxAge: ttl,
  });
  return token;
}
