import * as v from "valibot";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireLogin, requireStudent } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import { choose, whyNot } from "../../course-selection";
import { doc, emptyDoc } from "../../docs";
import { done } from "../../envelope";
import { id } from "../../inputs";
import type { SummerApp } from "../../surface";

/** /course/create_user_courses: a student chooses a course in their own live order. */
export function createUserCoursesRoutes(app: SummerApp) {
  app.post(
    "/course/create_user_courses",
    doc("Choose a course in the caller's live order (`order` is the order id)", emptyDoc, {
      who: "a student",
      errors: [
        "400 订单不存在",
        "400 已选该课程，不能重复选择",
        "400 订单已达到最大选课数，不能再继续选课",
        "400 该课程已满员",
        "400 该课程不属于订单的项目",
      ],
    }),
    requireLogin,
    requireStudent,
    callerBeforeParams,
    params(v.object({ order: id, course: id }), "POST"),
    async (c) => {
      const db = c.var.db;
      const { order, course } = c.var.params;
      const [me] = await callerAnd(c);
      const [row] = await choose(db, me.id, order, course);
      if (!row) await whyNot(db, me.id, order, course);
      return done(c);
    },
  );
}
