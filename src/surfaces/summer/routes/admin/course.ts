import * as v from "valibot";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireArea, requireLogin } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import { toConfirmCountQuery } from "../../chosen-courses";
import { choose, whyNot } from "../../course-selection";
import { doc, emptyDoc } from "../../docs";
import { done, ok } from "../../envelope";
import { id } from "../../inputs";
import type { SummerApp } from "../../surface";
import { auditIf, previousChanged } from "../../writes";

/** /admin/course/...: choosing a course for a student, and the approval photos waiting for review. */
export function adminCourseRoutes(app: SummerApp) {
  app.post(
    "/admin/course/create_user_course",
    doc("Choose a course for a student in their live order, under the same capacity and order rules as students", emptyDoc, {
      who: "staff: courses (ADMIN, PRODUCT)",
      errors: ["400 订单不存在", "400 已选该课程，不能重复选择", "400 订单已达到最大选课数，不能再继续选课", "400 该课程已满员"],
    }),
    requireLogin,
    requireArea("courses"),
    callerBeforeParams,
    params(v.object({ user: id, course: id, order: id }), "POST"),
    async (c) => {
      const db = c.var.db;
      const { user, course, order } = c.var.params;
      const [me] = await callerAnd(c);
      const [[row]] = await db.batch([
        choose(db, user, order, course),
        auditIf(db, me.id, "create", "user_course", `${order}-${course}`, null, { user, course, order }, previousChanged),
      ]);
      if (!row) await whyNot(db, user, order, course);
      return done(c, "选课成功");
    },
  );

  app.get(
    "/admin/course/course_to_confirm_count",
    doc("How many approval photos wait for review", v.object({ course_to_confirm_count: v.number() }), {
      who: "staff: courses (ADMIN, PRODUCT)",
    }),
    requireLogin,
    requireArea("courses"),
    callerBeforeParams,
    params(v.object({}), "GET"),
    async (c) => {
      const [, [{ total }]] = await callerAnd(c, toConfirmCountQuery(c.var.db));
      return ok(c, { course_to_confirm_count: total });
    },
  );
}
