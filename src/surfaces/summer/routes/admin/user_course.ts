import { and, eq } from "drizzle-orm";
import * as v from "valibot";
import { summerCourses, summerStudents, summerUserCourses } from "../../../../db/schema/summer";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireArea, requireLogin } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import { choiceQuery, presentUserCourse } from "../../chosen-courses";
import { doc } from "../../docs";
import { kvDoc } from "../../enums";
import { ok } from "../../envelope";
import { id, int, optText } from "../../inputs";
import { userInfoDoc } from "../../staff-present";
import type { SummerApp } from "../../surface";
import { audit, auditIf, bad, notFound, previousChanged } from "../../writes";

const n = v.number();
const ns = v.nullable(v.string());
const userCourseDoc = v.object({
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

const scoreParams = v.object({ user: id, course: id, order: id, score: int(0, 100), score_grade: optText(10) });
const confirmParams = v.object({
  user: id,
  course: id,
  order: id,
  status: v.picklist(["PASS", "NOPASS"] as const, (i) => `“${String(i.input)}” 不是合法选项。`),
});

/** /admin/user_course/...: staff decide a chosen course's approval photo and record its score. */
export function adminUserCourseRoutes(app: SummerApp) {
  app.on(
    ["PUT", "PATCH"],
    "/admin/user_course/add_score",
    doc("Record a chosen course's score and grade (reporting_time is set now)", userCourseDoc, {
      who: "staff: scores (ADMIN, PRODUCT)",
      errors: ["404 no such choice", "400 score 0..100, score_grade at most 10 characters"],
    }),
    requireLogin,
    requireArea("scores"),
    callerBeforeParams,
    params(scoreParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
      const [me, [before], [course], [student]] = await callerAnd(
        c,
        choiceQuery(db, p),
        db.select().from(summerCourses).where(eq(summerCourses.id, p.course)),
        db.select().from(summerStudents).where(eq(summerStudents.userId, p.user)),
      );
      if (!before) throw notFound();
      const now = Date.now();
      const changes = { score: p.score, scoreGrade: p.score_grade ?? null, reportingTime: now, updatedAt: now };
      const [[row]] = await db.batch([
        db.update(summerUserCourses).set(changes).where(eq(summerUserCourses.id, before.id)).returning(),
        audit(
          db,
          me.id,
          "add_score",
          "user_course",
          before.id,
          { score: before.score, score_grade: before.scoreGrade },
          { score: p.score, score_grade: changes.scoreGrade },
        ),
      ]);
      return ok(c, presentUserCourse(row, course ?? null, student ?? null, c.req.url));
    },
  );

  app.on(
    ["PUT", "PATCH"],
    "/admin/user_course/confirm_course",
    doc("Pass or refuse a chosen course's approval photo (TO_CONFIRM -> PASS | NOPASS)", userCourseDoc, {
      who: "staff: courses (ADMIN, PRODUCT)",
      errors: ["404 no such choice", "400 该课程没有待审核的审课照片 (status)"],
    }),
    requireLogin,
    requireArea("courses"),
    callerBeforeParams,
    params(confirmParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
      const [me, [before], [course], [student]] = await callerAnd(
        c,
        choiceQuery(db, p),
        db.select().from(summerCourses).where(eq(summerCourses.id, p.course)),
        db.select().from(summerStudents).where(eq(summerStudents.userId, p.user)),
      );
      if (!before) throw notFound();
      if (before.status !== "TO_CONFIRM" || !before.confirmPhotoFileId) throw bad("status", "该课程没有待审核的审课照片");
      const [[row]] = await db.batch([
        db
          .update(summerUserCourses)
          .set({ status: p.status, updatedAt: Date.now() })
          .where(and(eq(summerUserCourses.id, before.id), eq(summerUserCourses.status, "TO_CONFIRM")))
          .returning(),
        auditIf(db, me.id, "confirm_course", "user_course", before.id, { status: before.status }, { status: p.status }, previousChanged),
      ]);
      if (!row) throw bad("status", "该课程没有待审核的审课照片");
      return ok(c, presentUserCourse(row, course ?? null, student ?? null, c.req.url));
    },
  );
}
