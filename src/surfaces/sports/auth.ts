import { eq, exists } from "drizzle-orm";
import { sportsUsers } from "../../db/schema/sports";
import { secret } from "../../platform/config";
import { dbOf } from "../../platform/middleware";
import { parseParams } from "../../platform/params";
import { authenticateByClaims } from "../../platform/surface";
import { readToken, sessionHolds } from "../../platform/tokens";
import { refuse } from "./envelope";
import { SURFACE } from "./name";
import { authParams } from "./schemas";
import { resolveUser } from "./users";

/** A student as `userid` names it; the session gate confirms it with `client_session_id`. */
export interface SportsCaller {
  id: string;
}

/**
 * The student routes' caller: `userid` + `client_session_id` (from the query
 * or the body). The session belonging to that user and being live, and the
 * user existing, are checked in the route's first D1 round trip; when they
 * are not, a lookup of its own tells "invalid userid" from "invalid session_id".
 */
export const requireUser = authenticateByClaims<SportsCaller>(async (c) => {
  const { userid, client_session_id } = await parseParams(c, authParams);
  const sessionSecret = secret(c.env, "SESSION_SECRET");
  const claims = await readToken(sessionSecret, SURFACE, client_session_id);
  if (!claims) return { user: await resolveUser(c.var.db, c.env, userid, client_session_id) };
  const db = c.var.db;
  const user = db.select({ id: sportsUsers.id }).from(sportsUsers).where(eq(sportsUsers.id, userid));
  const refusal = async () => {
    // The gate refuses every further query of this request: ask the binding itself.
    await resolveUser(dbOf(c.env.DB), c.env, userid, client_session_id);
    return refuse("invalid session_id");
  };
  return { user: { id: userid }, check: { holds: [sessionHolds(db, SURFACE, claims.sid, userid), exists(user)], refusal } };
});
