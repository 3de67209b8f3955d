import { eq } from "drizzle-orm";
import * as v from "valibot";
import { summerCourses, summerProjects } from "../../../../db/schema/summer";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireLogin, requireStudent } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import { liveOrderQuery } from "../../course-selection";
import { coursesQuery } from "../../courses";
import { courseDoc, doc } from "../../docs";
import { ok } from "../../envelope";
import { id } from "../../inputs";
import { presentCourse } from "../../present";
import { invalidRef } from "../../refs";
import type { SummerApp } from "../../surface";
import { bad } from "../../writes";

const n = v.number();

/** /course/current_courses_info: what the caller may still choose in a project. */
export function currentCoursesInfoRoutes(app: SummerApp) {
  app.get(
    "/course/current_courses_info",
    doc(
      "For the caller's live order in a project: courses to choose, how many chosen, how many allowed",
      v.object({ course_num: n, current_course_num: n, course_info: v.array(courseDoc) }),
      {
        who: "a student",
        errors: ["400 project does not exist (project)", "400 订单不存在 (no live order in the project)"],
      },
    ),
    requireLogin,
    callerBeforeParams,
    params(v.object({ project: id }), "GET"),
    requireStudent,
    async (c) => {
      const db = c.var.db;
      const projectId = c.var.params.project;
      const [, [order], courses, [project]] = await callerAnd(
        c,
        liveOrderQuery(db, c.var.ticket.userId, projectId),
        coursesQuery(db, eq(summerCourses.projectId, projectId)),
        db.select({ id: summerProjects.id }).from(summerProjects).where(eq(summerProjects.id, projectId)),
      );
      if (!project) throw invalidRef("project", projectId);
      if (!order) throw bad("project", "订单不存在");
      return ok(c, {
        course_num: order.courseNum,
        current_course_num: order.chosen,
        course_info: courses.map((x) => presentCourse(x, c.req.url)),
      });
    },
  );
}
