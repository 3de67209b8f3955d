import { and, inArray, type SQL, sql } from "drizzle-orm";
import { summerCourses, summerFiles, summerUserCourses } from "../../db/schema/summer";
import type { Db } from "../../env";
import type { Window } from "./page";
import { courseExtras } from "./read";
import { bad } from "./writes";

/**
 * Courses (课程) of the catalogue: the queries a route sends with its
 * caller's read or its writes, and the checks made on what they return.
 */

/** Courses with their seats taken, oldest first (a page, one by id, or the one a write batch has just inserted). */
export const coursesQuery = (db: Db, where?: SQL, page?: Window) =>
  db.query.summerCourses.findMany({
    where,
    ...courseExtras,
    orderBy: (t, { asc }) => [asc(t.id)],
    limit: page?.limit,
    offset: page?.offset,
  });

type CourseTree = Awaited<ReturnType<typeof coursesQuery>>[number];

export function checkTimes(start: number, end: number) {
  if (end < start) throw bad("end_time", "结束时间不能早于开始时间。");
}

const seatsTaken = (courseId: number) => sql`(SELECT count(*) FROM ${summerUserCourses} WHERE ${summerUserCourses.courseId} = ${courseId})`;

/**
 * The conditions of a course update that students' choices constrain: a
 * max_num below the seats taken, or another project once a seat is taken,
 * is refused now (400) and guarded in the UPDATE against seats taken since.
 */
export function seatGuards(before: CourseTree, change: { max_num?: number; project?: number }): SQL[] {
  const guards: SQL[] = [];
  if (change.max_num !== undefined) {
    if (change.max_num < before.currentCourseNum) throw bad("max_num", `最大选课人数不能小于当前选课人数（${before.currentCourseNum}）。`);
    guards.push(sql`${seatsTaken(before.id)} <= ${change.max_num}`);
  }
  if (change.project !== undefined && change.project !== before.projectId) {
    if (before.currentCourseNum > 0) throw bad("project", "已有学生选择该课程，不能更换项目。");
    guards.push(sql`${seatsTaken(before.id)} = 0`);
  }
  return guards;
}

/** A course as its audit record keeps it (without its seats taken). */
export function courseRecord(course: CourseTree) {
  const { currentCourseNum: _seats, ...record } = course;
  return record;
}

/**
 * Deletes the row of a course's replaced syllabus once the course points at
 * the new one (in the batch after the UPDATE; nothing when no file was sent
 * or the course had none), returning its R2 key.
 */
export const dropReplacedSyllabus = (db: Db, courseId: number, old: string | null, replacement: string | undefined) =>
  db
    .delete(summerFiles)
    .where(
      and(
        inArray(summerFiles.id, old && replacement ? [old] : []),
        sql`EXISTS (SELECT 1 FROM ${summerCourses} WHERE ${summerCourses.id} = ${courseId} AND ${summerCourses.syllabusFileId} = ${replacement ?? null})`,
      ),
    )
    .returning({ key: summerFiles.key });
