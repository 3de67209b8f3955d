import { eq } from "drizzle-orm";
import { type JhUsertype, jhUsers } from "../../db/schema/jh";
import type { Db } from "../../env";
import type { JhUser } from "./credits";

/** permission_msgboard: 0 user, 1 admin, 2 super admin of the message board. */
export const MSGBOARD_PERMISSIONS = [0, 1, 2] as const;
export type MsgboardPermission = (typeof MSGBOARD_PERMISSIONS)[number];

/** The permissions as a form or a query string sends them. */
export const MSGBOARD_PERMISSION_OF_TEXT = { "0": 0, "1": 1, "2": 2 } as const satisfies Record<string, MsgboardPermission>;

export interface UserFlags {
  permissionMsgboard?: MsgboardPermission;
  usertype?: JhUsertype;
}

/**
 * Sets a user's message-board permission and/or usertype; the user as it now is.
 * usertype is one of the fields of usermd5, so changing it drops the cached one.
 */
export async function setUserFlags(db: Db, user: JhUser, flags: UserFlags): Promise<JhUser> {
  const { permissionMsgboard, usertype } = flags;
  const set = {
    ...(permissionMsgboard === undefined ? {} : { permissionMsgboard }),
    ...(usertype === undefined || usertype === user.usertype ? {} : { usertype, publicMd5: null }),
  };
  if (Object.keys(set).length === 0) return user;
  const [updated] = await db.update(jhUsers).set(set).where(eq(jhUsers.id, user.id)).returning();
  return updated ?? user;
}
