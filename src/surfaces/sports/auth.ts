import { parseParams } from "../../platform/params";
import { authenticate } from "../../platform/surface";
import { authParams } from "./schemas";
import { resolveUser, type SportsUser } from "./users";

/**
 * The student routes' caller: `userid` + `client_session_id` (from the query
 * or the body) verified against the session and the user record in one D1
 * round trip. Sets `c.var.user`.
 */
export const requireUser = authenticate<SportsUser>(async (c) => {
  const { userid, client_session_id } = await parseParams(c, authParams);
  return resolveUser(c.var.db, c.env, userid, client_session_id);
});
