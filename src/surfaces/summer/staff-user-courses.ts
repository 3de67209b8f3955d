import { and, eq } from "drizzle-orm";
import * as v from "valibot";
import { summerCourses, summerStudents, summerUserCourses } from "../../db/schema/summer";
import { params } from "../../platform/params";
import { doc } from "./docs";
import { kvDoc } from "./enums";
import { ok } from "./envelope";
import { id } from "./inputs";
import { confirmCourse } from "./order-read";
import { requireArea } from "./roles";
import { requireLogin } from "./session";
import { userInfo, userInfoDoc } from "./staff-present";
import type { SummerApp } from "./surface";
import { auditIf, bad, notFound, previousChanged } from "./writes";

/** Staff decide a chosen course's approval photo: TO_CONFIRM -> PASS | NOPASS. */
const n = v.number();
const ns = v.nullable(v.string());
export const userCourseDoc = v.object({
  id: n,
  order: n,
  course: v.object({ id: n, course_code: v.string(), name: v.string(), credit: n }),
  score: v.nullable(n),
  score_grade: ns,
  reporting_time: ns,
  confirm_photo: ns,
  status: kvDoc,
  user_info: userInfoDoc,
});

const confirmParams = v.object({
  user: id,
  course: id,
  order: id,
  status: v.picklist(["PASS", "NOPASS"] as const, (i) => `“${String(i.input)}” 不是合法选项。`),
});

type UserCourseRow = typeof summerUserCourses.$inferSelect;
type CourseRow = typeof summerCourses.$inferSelect;
type StudentRow = typeof summerStudents.$inferSelect;

export const presentUserCourse = (uc: UserCourseRow, course: CourseRow | null, student: StudentRow | null, requestUrl: string) => ({
  id: uc.id,
  order: uc.orderId,
  course: { id: uc.courseId, course_code: course?.courseCode ?? "", name: course?.name ?? "", credit: course?.credit ?? 0 },
  ...confirmCourse(uc, requestUrl),
  user_info: userInfo(uc.userId, student),
});

export function staffUserCourseRoutes(app: SummerApp) {
  app.on(
    ["PUT", "PATCH"],
    "/admin/user_course/confirm_course",
    doc("Pass or refuse a chosen course's approval photo (TO_CONFIRM -> PASS | NOPASS)", userCourseDoc, {
      who: "staff: courses (ADMIN, PRODUCT)",
      errors: ["404 no such choice", "400 该课程没有待审核的审课照片 (status)"],
    }),
    requireLogin,
    requireArea("courses"),
    params(confirmParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
      const which = and(
        eq(summerUserCourses.userId, p.user),
        eq(summerUserCourses.courseId, p.course),
        eq(summerUserCourses.orderId, p.order),
      );
      const [before] = await db.select().from(summerUserCourses).where(which);
      if (!before) throw notFound();
      if (before.status !== "TO_CONFIRM" || !before.confirmPhotoFileId) throw bad("status", "该课程没有待审核的审课照片");
      const now = Date.now();
      const [[row], , [course], [student]] = await db.batch([
        db
          .update(summerUserCourses)
          .set({ status: p.status, updatedAt: now })
          .where(and(eq(summerUserCourses.id, before.id), eq(summerUserCourses.status, "TO_CONFIRM")))
          .returning(),
        auditIf(
          db,
          c.var.user.id,
          "confirm_course",
          "user_course",
          before.id,
          { status: before.status },
          { status: p.status },
          previousChanged,
        ),
        db.select().from(summerCourses).where(eq(summerCourses.id, p.course)),
        db.select().from(summerStudents).where(eq(summerStudents.userId, p.user)),
      ]);
      if (!row) throw bad("status", "该课程没有待审核的审课照片");
      return ok(c, presentUserCourse(row, course ?? null, student ?? null, c.req.url));
    },
  );
}
