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
