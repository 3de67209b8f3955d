import { and, asc, count, eq, sql } from "drizzle-orm";
import * as v from "valibot";
import { summerCourses, summerProjects, summerStudents, summerUserCourses } from "../../db/schema/summer";
import type { Db } from "../../env";
import { callerAnd } from "../../platform/caller";
import { type SummerCall, summerWrite } from "./call";
import { kv } from "./enums";
import { fileUrl } from "./files";
import { id, int, optText } from "./inputs";
import { confirmCourse } from "./order-read";
import { isoZ } from "./present";
import { choiceUserInfo } from "./staff-present";
import { audit, auditIf, bad, notFound, previousChanged } from "./writes";

/** Courses chosen in orders, as staff see them: the approval photo they decide (TO_CONFIRM -> PASS | NOPASS) and the score. */
type UserCourseRow = typeof summerUserCourses.$inferSelect;
type CourseRow = typeof summerCourses.$inferSelect;
type StudentRow = typeof summerStudents.$inferSelect;

/** A choice as staff name it: the student, the course and the order it was chosen in. */
export interface ChoiceKey {
  user: number;
  course: number;
  order: number;
}

export const choiceQuery = (db: Db, k: ChoiceKey) =>
  db
    .select()
    .from(summerUserCourses)
    .where(and(eq(summerUserCourses.userId, k.user), eq(summerUserCourses.courseId, k.course), eq(summerUserCourses.orderId, k.order)));

/** How many approval photos wait for review. */
export const toConfirmCountQuery = (db: Db) =>
  db.select({ total: count() }).from(summerUserCourses).where(eq(summerUserCourses.status, "TO_CONFIRM"));

export const presentUserCourse = (uc: UserCourseRow, course: CourseRow | null, student: StudentRow | null, requestUrl: string) => ({
  id: uc.id,
  order: uc.orderId,
  course: { id: uc.courseId, course_code: course?.courseCode ?? "", name: course?.name ?? "", credit: course?.credit ?? 0 },
  ...confirmCourse(uc, requestUrl),
  user_info: choiceUserInfo(uc.userId, student),
});

/** A student's chosen courses with their course and project; each column under a name of its own, for a batch. */
export const choicesOfStudentQuery = (db: Db, userId: number) =>
  db
    .select({
      userId: summerUserCourses.userId,
      orderId: summerUserCourses.orderId,
      status: summerUserCourses.status,
      confirmPhotoFileId: summerUserCourses.confirmPhotoFileId,
      score: summerUserCourses.score,
      scoreGrade: summerUserCourses.scoreGrade,
      courseId: summerUserCourses.courseId,
      courseCode: summerCourses.courseCode,
      courseName: summerCourses.name,
      syllabusFileId: summerCourses.syllabusFileId,
      startTime: summerCourses.startTime,
      endTime: summerCourses.endTime,
      projectId: summerUserCourses.projectId,
      projectName: sql<string>`${summerProjects.name}`.as("project_name"),
    })
    .from(summerUserCourses)
    .innerJoin(summerCourses, eq(summerCourses.id, summerUserCourses.courseId))
    .innerJoin(summerProjects, eq(summerProjects.id, summerUserCourses.projectId))
    .where(eq(summerUserCourses.userId, userId))
    .orderBy(asc(summerUserCourses.id));

type StudentChoice = Awaited<ReturnType<typeof choicesOfStudentQuery>>[number];

/** A chosen course's approval record (审课记录): the syllabus, the photo and its status. */
export const presentApproval = (r: StudentChoice, requestUrl: string) => ({
  syllabus: fileUrl(requestUrl, r.syllabusFileId),
  confirm_photo: fileUrl(requestUrl, r.confirmPhotoFileId),
  status: kv("user_course_status", r.status),
  user: r.userId,
  project: { id: r.projectId, name: r.projectName },
  course: { id: r.courseId, name: r.courseName, course_code: r.courseCode },
});

export const presentScore = (r: StudentChoice) => ({
  project_name: r.projectName,
  course_code: r.courseCode,
  start_time: isoZ(r.startTime),
  end_time: isoZ(r.endTime),
  score: r.score,
  score_grade: r.scoreGrade,
  user: r.userId,
  order: r.orderId,
  course: r.courseId,
});

const choiceKey = { user: id, course: id, order: id };
const scoreParams = v.object({ ...choiceKey, score: int(0, 100), score_grade: optText(10) });
const photoParams = v.object({
  ...choiceKey,
  status: v.picklist(["PASS", "NOPASS"] as const, (i) => `“${String(i.input)}” 不是合法选项。`),
});

/** The choice with its course and student, read with the caller (the reply names both). */
const choiceAnd = (call: SummerCall, k: ChoiceKey) => {
  const db = call.var.db;
  return callerAnd(
    call,
    choiceQuery(db, k),
    db.select().from(summerCourses).where(eq(summerCourses.id, k.course)),
    db.select().from(summerStudents).where(eq(summerStudents.userId, k.user)),
  );
};

/** Records a chosen course's score and grade (reporting_time is now). */
export const recordScore = summerWrite("scores", scoreParams, async (call, p) => {
  const db = call.var.db;
  const [me, [before], [course], [student]] = await choiceAnd(call, p);
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
  return presentUserCourse(row, course ?? null, student ?? null, call.req.url);
});

/** Passes or refuses a chosen course's approval photo (TO_CONFIRM -> PASS | NOPASS), once. */
export const decidePhoto = summerWrite("courses", photoParams, async (call, p) => {
  const db = call.var.db;
  const [me, [before], [course], [student]] = await choiceAnd(call, p);
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
  return presentUserCourse(row, course ?? null, student ?? null, call.req.url);
});
