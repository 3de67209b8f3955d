import { and, eq, exists, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { SUMMER_ROLES, type SummerRole, summerUsers } from "../../db/schema/summer";
import type { Bindings, Db } from "../../env";
import { config, secret } from "../../platform/config";
import { AppError } from "../../platform/errors";
import { dbOf } from "../../platform/middleware";
import { ClaimsOutdated, isReplay } from "../../platform/session-gate";
import { authenticateByClaims } from "../../platform/surface";
import { issueToken, readToken, sessionHolds, verifyTokenWith } from "../../platform/tokens";
import { callerOfTicket, type SummerEnv } from "./auth";

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

const isRole = (role: string | undefined): role is SummerRole => SUMMER_ROLES.some((r) => r === role);

/** The largest body kept for a second answer (the image uploads' cap); a larger or unsized one reads the caller first. */
const REPLAY_BODY_CAP = 8 * 1024 * 1024;

/**
 * The request's body, kept so the request can be answered again; null when
 * it has none; undefined when it cannot be kept (already read, unsized, too large).
 */
async function keptBody(c: Context): Promise<ArrayBuffer | null | undefined> {
  if (c.req.method === "GET" || c.req.method === "HEAD" || c.req.raw.body === null) return null;
  const size = Number(c.req.header("content-length") ?? Number.NaN);
  if (c.req.raw.bodyUsed || !(size <= REPLAY_BODY_CAP)) return undefined;
  return c.req.raw.clone().arrayBuffer();
}

/**
 * A ticket names its account and role, so the route can run at once: the
 * session and the account (still of that role, still active) are checked in
 * the route's first D1 round trip. A staff member's role can change at any
 * moment and decides what the route may do: a staff request whose role
 * changed is refused as outdated and answered again (its body kept for
 * that), with the account read from D1 before the route runs. Tickets
 * without claims, and staff requests whose body cannot be kept, take that
 * way at once.
 */
export const requireLogin = authenticateByClaims<SummerCaller, SummerEnv>(async (c) => {
  const ticket = ticketOf(c);
  const claims = ticket ? await readToken(secret(c.env, "SESSION_SECRET"), SURFACE, ticket) : null;
  if (!claims) throw notLoggedIn();
  const id = Number(claims.sub);
  // Routes already written with callerAnd confirm the ticket in their own batch.
  if (Number.isSafeInteger(id)) {
    const named = { userId: id, sessionId: claims.sid };
    c.set("ticket", named);
    c.set("caller", callerOfTicket(named));
  }
  const role = claims.role;
  const replay = isReplay(c.req.raw);
  const body = role === STUDENT || replay ? null : await keptBody(c);
  if (!isRole(role) || !Number.isSafeInteger(id) || replay || body === undefined) {
    return { user: await callerOf(c.var.db, c.env, ticket) };
  }
  const db = c.var.db;
  const account = db
    .select({ id: summerUsers.id })
    .from(summerUsers)
    .where(and(eq(summerUsers.id, id), eq(summerUsers.role, role), eq(summerUsers.isActive, true)));
  // A student's ticket whose account is no longer a student's has no second answer: it is refused.
  const replayable = role !== STUDENT || c.req.method === "GET";
  const refusal = async () => {
    const caller = await callerOf(dbOf(c.env.DB), c.env, ticket).catch((err: unknown) => err);
    if (caller instanceof Error) return caller;
    return replayable ? new ClaimsOutdated(body) : notLoggedIn();
  };
  return {
    user: { id, role, sessionId: claims.sid },
    check: { holds: [sessionHolds(db, SURFACE, claims.sid, String(id)), exists(account)], refusal },
  };
});

/** Issues a ticket for the user and sets it as the `ticket` cookie too (the original web clients read it). */
export async function handOutTicket(
  c: Context,
  db: Db,
  env: Bindings,
  userId: number,
  role: SummerRole,
  alongside: BatchItem<"sqlite">[] = [],
): Promise<string> {
  const ttl = config(env).SUMMER_TICKET_TTL_SECONDS;
  const { token } = await issueToken(db, secret(env, "SESSION_SECRET"), SURFACE, String(userId), {
    ttlSeconds: ttl,
    claims: { sub: String(userId), role },
    alongside,
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
