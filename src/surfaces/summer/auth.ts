import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { type SummerRole, summerUsers } from "../../db/schema/summer";
import type { Bindings, Db, Variables } from "../../env";
import { type PendingCaller, requiring } from "../../platform/caller";
import { secret } from "../../platform/config";
import { AppError } from "../../platform/errors";
import { readToken, sessionHolds } from "../../platform/tokens";
import { type Area, forbidden, may } from "./roles";

export const SURFACE = "summer";

/** Whoever holds a live ticket: a student or a staff member, with the role the account has now. */
export interface SummerCaller {
  id: number;
  role: SummerRole;
  sessionId: string;
}

/** What a ticket says before D1 confirms it: the account it names and its session. */
export interface Ticket {
  userId: number;
  sessionId: string;
}

/** The ticket's account, while it is active and the ticket's session is live: one statement. */
const readCaller = (db: Db, t: Ticket) =>
  db
    .select({ id: summerUsers.id, role: summerUsers.role })
    .from(summerUsers)
    .where(and(eq(summerUsers.id, t.userId), eq(summerUsers.isActive, true), sessionHolds(db, SURFACE, t.sessionId, String(t.userId))))
    .limit(1);

export type SummerCallerRead = ReturnType<typeof readCaller>;

export interface SummerEnv {
  Bindings: Bindings;
  Variables: Variables & {
    caller: PendingCaller<SummerCaller, SummerCallerRead>;
    /** The ticket's account id, for the queries sent with the caller's read. */
    ticket: Ticket;
  };
}

export const notLoggedIn = () => new AppError("unauthenticated", "未登陆");

/** The ticket a request carries: `Authorization: Bearer`, then `?ticket=`, then the `ticket` cookie. */
export function ticketOf(c: Context): string {
  const header = c.req.header("authorization") ?? "";
  if (header.startsWith("Bearer ")) return header.slice(7).trim();
  return c.req.query("ticket") ?? getCookie(c, "ticket") ?? "";
}

/** What a presented ticket names, or null when it is absent, forged, expired or of another surface. */
export async function readTicket(env: Bindings, presented: string): Promise<Ticket | null> {
  const claims = presented ? await readToken(secret(env, "SESSION_SECRET"), SURFACE, presented) : null;
  const userId = Number(claims?.sub);
  return claims && Number.isSafeInteger(userId) ? { userId, sessionId: claims.sid } : null;
}

/** The caller a ticket names, confirmed by its read: the account active and the session live, with the account's role. */
export function callerOfTicket(t: Ticket): PendingCaller<SummerCaller, SummerCallerRead> {
  return {
    read: (db) => readCaller(db, t),
    confirm: ([row]) => {
      if (!row) throw notLoggedIn();
      return { id: row.id, role: row.role, sessionId: t.sessionId };
    },
  };
}

/**
 * A route for anyone with a ticket. The ticket is read here without D1; the
 * route confirms it in its first batch (`callerAnd`), with the role the
 * account has at that moment, so a role change or a disabled account
 * applies to live tickets at once.
 */
export const requireLogin = createMiddleware<SummerEnv>(async (c, next) => {
  const ticket = await readTicket(c.env, ticketOf(c));
  if (!ticket) throw notLoggedIn();
  c.set("ticket", ticket);
  c.set("caller", callerOfTicket(ticket));
  await next();
});

/** The caller, refused (403) once confirmed unless their role reaches every one of `areas`. */
export const inAreas = (caller: PendingCaller<SummerCaller, SummerCallerRead>, areas: readonly Area[]) =>
  requiring(caller, (me) => {
    if (!areas.every((area) => may(me.role, area))) throw forbidden();
  });

/** A staff route of `area`: every other caller gets 403 once the ticket is confirmed. */
export const requireArea = (area: Area) =>
  createMiddleware<SummerEnv>(async (c, next) => {
    c.set("caller", inAreas(c.var.caller, [area]));
    await next();
  });

/** A student-only route (a staff ticket gets 403: staff have no student file). */
export const requireStudent = createMiddleware<SummerEnv>(async (c, next) => {
  c.set(
    "caller",
    requiring(c.var.caller, (me) => {
      if (me.role !== "STUDENT") throw forbidden();
    }),
  );
  await next();
});

/** The `{user_id}` in the path must be the caller's own; another id gets 403 and reveals nothing. */
export const requireSelf = createMiddleware<SummerEnv>(async (c, next) => {
  const own = c.req.param("user_id") === String(c.var.ticket.userId);
  c.set(
    "caller",
    requiring(c.var.caller, () => {
      if (!own) throw forbidden();
    }),
  );
  await next();
});
