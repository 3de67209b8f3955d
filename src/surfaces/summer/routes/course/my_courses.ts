import * as v from "valibot";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireLogin, requireStudent } from "../../auth";
import { presentTimetable, timetableQuery } from "../../course-selection";
import { courseDoc, doc } from "../../docs";
import { ok } from "../../envelope";
import type { SummerApp } from "../../surface";

const n = v.number();

/** /course/my_courses: the student's timetable. */
export function myCoursesRoutes(app: SummerApp) {
  app.get(
    "/course/my_courses",
    doc(
      "The caller's timetable: per project of a live order, the courses chosen",
      v.array(v.object({ id: n, name: v.string(), course_num: n, current_course_num: n, my_courses: v.array(courseDoc) })),
      { who: "a student" },
    ),
    requireLogin,
    params(v.object({}), "GET"),
    requireStudent,
    async (c) => {
      const [, orders] = await callerAnd(c, timetableQuery(c.var.db, c.var.ticket.userId));
      return ok(c, presentTimetable(orders, c.req.url));
    },
  );
}
