import * as v from "valibot";
import type { summerStudents } from "../../db/schema/summer";

/** The student summary staff replies carry (`user_info`). */
type StudentRow = typeof summerStudents.$inferSelect;

export const userInfoDoc = v.object({
  id: v.number(),
  name: v.nullable(v.string()),
  email: v.nullable(v.string()),
  wechat: v.nullable(v.string()),
});

export const userInfo = (userId: number, s: Pick<StudentRow, "name" | "email" | "wechat"> | null | undefined) => ({
  id: userId,
  name: s?.name ?? null,
  email: s?.email ?? null,
  wechat: s?.wechat ?? null,
});

/**
 * A chosen course's `user_info`: the document shows the student's id as `id` (confirm_course) and as `user_id`
 * (add_score), and the original server sent it as `user`; all three are given.
 */
export const choiceUserInfoDoc = v.object({ ...userInfoDoc.entries, user_id: v.number(), user: v.number() });

export const choiceUserInfo = (userId: number, s: Pick<StudentRow, "name" | "email" | "wechat"> | null | undefined) => ({
  ...userInfo(userId, s),
  user_id: userId,
  user: userId,
});
