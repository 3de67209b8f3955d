import { desc, gt, lt } from "drizzle-orm";
import { jhBoardPosts, jhUsers } from "../../db/schema/jh";
import type { Db } from "../../env";
import { setHidden } from "./board-writes";

/** What operators do with the board (the console's 留言板): read recent posts, hide and restore, see who moderates. */

/** Posts newest first, `limit` of them before the id `before` (one more, to tell whether a next page exists). */
export const recentPosts = (db: Db, limit: number, before?: number) =>
  db
    .select()
    .from(jhBoardPosts)
    .where(before === undefined ? undefined : lt(jhBoardPosts.id, before))
    .orderBy(desc(jhBoardPosts.id))
    .limit(limit + 1);

/** The board's admins (permission_msgboard 1) and super admins (2), highest first. */
export const moderators = (db: Db) =>
  db
    .select({ username: jhUsers.username, nickname: jhUsers.nickname, permissionMsgboard: jhUsers.permissionMsgboard })
    .from(jhUsers)
    .where(gt(jhUsers.permissionMsgboard, 0))
    .orderBy(desc(jhUsers.permissionMsgboard), desc(jhUsers.id))
    .limit(200);

/** Hides a post from users (they see it as deleted, mark 2); false when it is already hidden or does not exist. */
export async function hidePost(db: Db, postId: number, operator: string): Promise<boolean> {
  return (await setHidden(db, postId, operator, Date.now())).length === 1;
}

/** Shows a hidden post again (clients fetch it as a change); false when it is not hidden. */
export async function restorePost(db: Db, postId: number): Promise<boolean> {
  return (await setHidden(db, postId, null, Date.now())).length === 1;
}
