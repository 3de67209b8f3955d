import { and, asc, count, eq, sql } from "drizzle-orm";
import * as v from "valibot";
import { summerCampuses, summerCourses, summerOrders, summerProjects, summerStudents, summerUserCourses } from "../../db/schema/summer";
import { params } from "../../platform/params";
import { choose, whyNot } from "./course-selection";
import { doc, emptyDoc, pageOf as pageDoc } from "./docs";
import { done, ok } from "./envelope";
import { id, int, optText } from "./inputs";
import { paged, pageOf, pageParam } from "./page";
import { qualified } from "./read";
import { requireArea } from "./roles";
import { requireLogin } from "./session";
import { presentUserCourse, userCourseDoc } from "./staff-user-courses";
import type { SummerApp } from "./surface";
import { audit, auditIf, notFound, previousChanged } from "./writes";

/** Projects and courses for staff: the project list with its counts, filters, choosing for a student, scores. */
const n = v.number();
const projectRowDoc = v.object({ id: n, campus_name: v.string(), name: v.string(), applyed_num: n, payed_num: n });
const applyed = sql<number>`(SELECT count(DISTINCT "o"."user_id") FROM ${summerOrders} AS "o" WHERE "o"."project_id" = ${qualified(summerProjects.id)} AND "o"."status" <> 'CANCELED')`;
const payed = sql<number>`(SELECT count(DISTINCT "o"."user_id") FROM ${summerOrders} AS "o" WHERE "o"."project_id" = ${qualified(summerProjects.id)} AND "o"."status" = 'CONFIRMED')`;

export function staffCourseRoutes(app: SummerApp) {
  app.get(
    "/admin/project",
    doc(
      "Projects with the distinct students who applied (an order not cancelled) and paid (a confirmed order); 10 a page, or all with pagination=False",
      v.union([pageDoc(projectRowDoc), v.array(projectRowDoc)]),
      { who: "staff: catalogue (ADMIN, PRODUCT)" },
    ),
    requireLogin,
    requireArea("catalogue"),
    params(v.object({ page: pageParam, pagination: v.optional(v.string()) }), "GET"),
    async (c) => {
      const db = c.var.db;
      const all = ["false", "False", "0"].includes(c.var.params.pagination ?? "");
      const { page, limit, offset } = pageOf(c);
      const base = db
        .select({ id: summerProjects.id, campusName: summerCampuses.name, name: summerProjects.name, applyed, payed })
        .from(summerProjects)
        .leftJoin(summerCampuses, eq(summerCampuses.id, summerProjects.campusId))
        .orderBy(asc(summerProjects.id));
      const present = (r: { id: number; campusName: string | null; name: string; applyed: number; payed: number }) => ({
        id: r.id,
        campus_name: r.campusName ?? "",
        name: r.name,
        applyed_num: Number(r.applyed),
        payed_num: Number(r.payed),
      });
      if (all) return ok(c, (await base).map(present));
      const [rows, [{ total }]] = await db.batch([base.limit(limit).offset(offset), db.select({ total: count() }).from(summerProjects)]);
      return ok(c, paged(c, page, total, rows.map(present)));
    },
  );

  app.post(
    "/admin/course/create_user_course",
    doc("Choose a course for a student in their live order, under the same capacity and order rules as students", emptyDoc, {
      who: "staff: courses (ADMIN, PRODUCT)",
      errors: ["400 订单不存在", "400 已选该课程，不能重复选择", "400 订单已达到最大选课数，不能再继续选课", "400 该课程已满员"],
    }),
    requireLogin,
    requireArea("courses"),
    params(v.object({ user: id, course: id, order: id }), "POST"),
    async (c) => {
      const db = c.var.db;
      const { user, course, order } = c.var.params;
      const now = Date.now();
      const [[row]] = await db.batch([
        choose(db, user, order, course, now),
        auditIf(db, c.var.user.id, "create", "user_course", `${order}-${course}`, null, { user, course, order }, previousChanged),
      ]);
      if (!row) await whyNot(db, user, order, course);
      return done(c, "选课成功");
    },
  );

  app.get(
    "/admin/course/course_to_confirm_count",
    doc("How many approval photos wait for review", v.object({ course_to_confirm_count: n }), { who: "staff: courses (ADMIN, PRODUCT)" }),
    requireLogin,
    requireArea("courses"),
    params(v.object({}), "GET"),
    async (c) => {
      const [{ total }] = await c.var.db
        .select({ total: count() })
        .from(summerUserCourses)
        .where(eq(summerUserCourses.status, "TO_CONFIRM"));
      return ok(c, { course_to_confirm_count: total });
    },
  );

  app.on(
    ["PUT", "PATCH"],
    "/admin/user_course/add_score",
    doc("Record a chosen course's score and grade (reporting_time is set now)", userCourseDoc, {
      who: "staff: scores (ADMIN, PRODUCT)",
      errors: ["404 no such choice", "400 score 0..100, score_grade at most 10 characters"],
    }),
    requireLogin,
    requireArea("scores"),
    params(v.object({ user: id, course: id, order: id, score: int(0, 100), score_grade: optText(10) }), "POST"),
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
      const now = Date.now();
      const changes = { score: p.score, scoreGrade: p.score_grade ?? null, reportingTime: now, updatedAt: now };
      const [[row], , [course], [student]] = await db.batch([
        db.update(summerUserCourses).set(changes).where(eq(summerUserCourses.id, before.id)).returning(),
        audit(
          db,
          c.var.user.id,
          "add_score",
          "user_course",
          before.id,
          { score: before.score, score_grade: before.scoreGrade },
          { score: p.score, score_grade: changes.scoreGrade },
        ),
        db.select().from(summerCourses).where(eq(summerCourses.id, p.course)),
        db.select().from(summerStudents).where(eq(summerStudents.userId, p.user)),
      ]);
      return ok(c, presentUserCourse(row, course ?? null, student ?? null, c.req.url));
    },
  );
}
