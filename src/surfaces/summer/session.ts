import { eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Context } from "hono";
import { setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { type SummerRole, summerUsers } from "../../db/schema/summer";
import type { Bindings, Db } from "../../env";
import { config, secret } from "../../platform/config";
import type { SurfaceEnv } from "../../platform/surface";
import { issueToken, verifyTokenWith } from "../../platform/tokens";
import { callerOfTicket, notLoggedIn, readTicket, SURFACE, type SummerCaller, type SummerEnv, ticketOf } from "./auth";

export type { SummerCaller } from "./auth";

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
 * The route's caller read from D1 before the route runs (one round trip of
 * its own), for routes not yet confirming it in their own batch; the ticket
 * and the pending caller are set as well, for those that do.
 */
export const requireLogin = createMiddleware<SummerEnv & SurfaceEnv<SummerCaller>>(async (c, next) => {
  const presented = ticketOf(c);
  const named = await readTicket(c.env, presented);
  if (!named) throw notLoggedIn();
  c.set("ticket", named);
  c.set("caller", callerOfTicket(named));
  c.set("user", await callerOf(c.var.db, c.env, presented));
  await next();
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
