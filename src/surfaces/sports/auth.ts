import { eq, sql } from "drizzle-orm";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { sportsUsers } from "../../db/schema/sports";
import type { Db } from "../../env";
import type { PendingCaller } from "../../platform/caller";
import { secret } from "../../platform/config";
import { parseParams } from "../../platform/params";
import type { CallerEnv } from "../../platform/surface";
import { readToken, sessionHolds } from "../../platform/tokens";
import { statusError } from "./envelope";
import { SURFACE } from "./name";
import { callerParams } from "./schemas";
import type { SportsUser } from "./users";

/** The user `userid` names, and whether session `sid` is live and theirs: one statement. */
const readCaller = (db: Db, userid: string, sid: string) =>
  db
    .select({ user: sportsUsers, live: sql<number>`${sessionHolds(db, SURFACE, sid, userid)}` })
    .from(sportsUsers)
    .where(eq(sportsUsers.id, userid))
    .limit(1);

export type SportsCallerRead = ReturnType<typeof readCaller>;
export type SportsEnv = CallerEnv<SportsUser, SportsCallerRead>;
/** A student route's context once its parameters `P` are read: a handler two paths share takes this. */
export type StudentContext<P> = Context<SportsEnv & { Variables: { params: P } }>;

/** The student `userid` names once `client_session_id` is confirmed a live session of theirs, or the document's errors. */
export function studentOf(userid: string, sid: string): PendingCaller<SportsUser, SportsCallerRead> {
  return {
    read: (db) => readCaller(db, userid, sid),
    confirm: ([row]) => {
      if (!row) throw statusError("invalid userid");
      if (row.live !== 1) throw statusError("invalid session_id");
      return row.user;
    },
  };
}

/**
 * The student routes' caller: `userid` (or the original server's `uuid`) +
 * `client_session_id` (from the query or the body), read without D1 here; the route confirms it in its first
 * batch (`callerAnd`). A token that is forged, expired or of another surface
 * names no session, so it is refused as "invalid session_id".
 */
export const requireUser = createMiddleware<SportsEnv>(async (c, next) => {
  const { userid, client_session_id } = await parseParams(c, callerParams);
  const claims = await readToken(secret(c.env, "SESSION_SECRET"), SURFACE, client_session_id);
  c.set("caller", studentOf(userid, claims?.sid ?? ""));
  await next();
});
