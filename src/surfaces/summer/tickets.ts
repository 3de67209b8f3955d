import { and, eq, isNull } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Context } from "hono";
import { setCookie } from "hono/cookie";
import { sessions } from "../../db/schema/platform";
import type { Bindings, Db } from "../../env";
import { config, secret } from "../../platform/config";
import { issueToken } from "../../platform/tokens";
import { SURFACE } from "./auth";

/** Issues a ticket for the user (its session written with the `alongside` statements, in one batch). */
export async function issueTicket(db: Db, env: Bindings, userId: number, alongside: BatchItem<"sqlite">[] = []) {
  const { token, session } = await issueToken(db, secret(env, "SESSION_SECRET"), SURFACE, String(userId), {
    ttlSeconds: config(env).SUMMER_TICKET_TTL_SECONDS,
    claims: { sub: String(userId) },
    alongside,
  });
  return { ticket: token, sessionId: session.id };
}

/** Sets a ticket as the `ticket` cookie (the original web clients read it). */
export function setTicketCookie(c: Context, env: Bindings, ticket: string) {
  setCookie(c, "ticket", ticket, {
    path: "/summer",
    httpOnly: true,
    sameSite: "Lax",
    secure: new URL(c.req.url).protocol === "https:",
    maxAge: config(env).SUMMER_TICKET_TTL_SECONDS,
  });
}

/** Issues a ticket for the user and sets it as the `ticket` cookie too. */
export async function handOutTicket(
  c: Context,
  db: Db,
  env: Bindings,
  userId: number,
  alongside: BatchItem<"sqlite">[] = [],
): Promise<string> {
  const { ticket } = await issueTicket(db, env, userId, alongside);
  setTicketCookie(c, env, ticket);
  return ticket;
}

/** The statement ending a ticket's session (logging out), to run or batch. */
export const ticketEnded = (db: Db, sessionId: string, now = Date.now()) =>
  db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, sessionId), eq(sessions.surface, SURFACE), isNull(sessions.revokedAt)));
