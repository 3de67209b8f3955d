import { and, desc, eq, sql } from "drizzle-orm";
import { summerCourses, summerFiles, summerOrders, summerProjectResults, summerProjects, summerUserCourses } from "../../db/schema/summer";
import type { Db } from "../../env";
import { kv } from "./enums";
import { type FileRow, fileUrl } from "./files";
import { isoZ, isoZOrNull, presentCourse, presentProject } from "./present";
import { courseExtras, projectWith } from "./read";

/**
 * The student's side of projects: the projects ordered (with the courses
 * chosen), the scores per project, and the credit transfer of each project
 * with a confirmed order and its proof image.
 */

/** The caller's orders, newest first, each with its project and the courses chosen in it. */
export const myOrdersQuery = (db: Db, me: number) =>
  db.query.summerOrders.findMany({
    where: eq(summerOrders.userId, me),
    with: { project: { with: projectWith }, userCourses: { with: { course: courseExtras } } },
    orderBy: [desc(summerOrders.id)],
  });

/** Each project the caller ordered, as of its newest order: the order's status and remark, and the courses chosen. */
export function presentMyProjects(orders: Awaited<ReturnType<typeof myOrdersQuery>>, requestUrl: string) {
  const seen = new Set<number>();
  const newest = orders.filter((o) => !seen.has(o.projectId) && seen.add(o.projectId));
  return newest.flatMap((o) =>
    o.project
      ? [
          {
            ...presentProject(o.project),
            current_course_num: o.userCourses.length,
            order_status: kv("order_status", o.status),
            order_remark: o.remark,
            my_courses: o.userCourses.flatMap((uc) => (uc.course ? [presentCourse(uc.course, requestUrl)] : [])),
          },
        ]
      : [],
  );
}

/** The projects the caller has a confirmed order in. */
export const confirmedProjectsQuery = (db: Db, me: number) =>
  db
    .selectDistinct({ id: summerProjects.id, name: summerProjects.name, createdAt: summerProjects.createdAt })
    .from(summerOrders)
    .innerJoin(summerProjects, eq(summerProjects.id, summerOrders.projectId))
    .where(and(eq(summerOrders.userId, me), eq(summerOrders.status, "CONFIRMED")))
    .orderBy(summerProjects.id);

export const projectResultsQuery = (db: Db, me: number) =>
  db.select().from(summerProjectResults).where(eq(summerProjectResults.userId, me));

export const presentProjectResults = (
  projects: Awaited<ReturnType<typeof confirmedProjectsQuery>>,
  results: Awaited<ReturnType<typeof projectResultsQuery>>,
  requestUrl: string,
) =>
  projects.map((p) => {
    const r = results.find((x) => x.projectId === p.id);
    return {
      id: p.id,
      name: p.name,
      create_time: isoZ(p.createdAt),
      project_result: r
        ? {
            id: r.id,
            status: kv("project_result", r.status),
            post_datetime: r.postDate,
            post_channel: r.postChannel,
            post_number: r.postNumber,
            img: fileUrl(requestUrl, r.imgFileId),
          }
        : null,
    };
  });

/** The caller's confirmed order in a project, if any. */
export const confirmedOrderQuery = (db: Db, me: number, projectId: number) =>
  db
    .select({ id: summerOrders.id })
    .from(summerOrders)
    .where(and(eq(summerOrders.userId, me), eq(summerOrders.projectId, projectId), eq(summerOrders.status, "CONFIRMED")))
    .limit(1);

/** The caller's credit-transfer proof of a project (its file id), if any. */
export const proofQuery = (db: Db, me: number, projectId: number) =>
  db
    .select({ imgFileId: summerProjectResults.imgFileId })
    .from(summerProjectResults)
    .where(and(eq(summerProjectResults.userId, me), eq(summerProjectResults.projectId, projectId)));

/**
 * A new proof image (statements to batch): its file row, the credit
 * transfer created or pointed at it, and the previous proof's row deleted
 * (returning its R2 key).
 */
export function replaceProof(db: Db, me: number, projectId: number, file: FileRow, previous: string | null | undefined) {
  const now = Date.now();
  return [
    db.insert(summerFiles).values(file),
    db
      .insert(summerProjectResults)
      .values({ userId: me, projectId, imgFileId: file.id, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [summerProjectResults.userId, summerProjectResults.projectId],
        set: { imgFileId: file.id, updatedAt: now },
      }),
    db
      .delete(summerFiles)
      .where(eq(summerFiles.id, previous ?? ""))
      .returning({ key: summerFiles.key }),
  ] as const;
}

/**
 * The caller's chosen courses with their scores, by project. The three
 * tables' id, name and created_at are selected under names of their own:
 * D1 hands batch rows back as objects, where equal names would collapse.
 */
export const myProjectScoresQuery = (db: Db, me: number) =>
  db
    .select({
      projectId: sql<number>`${summerProjects.id}`.as("project_id"),
      projectName: sql<string>`${summerProjects.name}`.as("project_name"),
      projectCreatedAt: sql<number>`${summerProjects.createdAt}`.as("project_created_at"),
      courseId: summerCourses.id,
      courseCode: summerCourses.courseCode,
      courseName: summerCourses.name,
      courseCreatedAt: summerCourses.createdAt,
      score: summerUserCourses.score,
      scoreGrade: summerUserCourses.scoreGrade,
      reportingTime: summerUserCourses.reportingTime,
    })
    .from(summerUserCourses)
    .innerJoin(summerCourses, eq(summerCourses.id, summerUserCourses.courseId))
    .innerJoin(summerProjects, eq(summerProjects.id, summerUserCourses.projectId))
    .where(eq(summerUserCourses.userId, me))
    .orderBy(summerProjects.id, summerUserCourses.id);

export function presentMyProjectScores(rows: Awaited<ReturnType<typeof myProjectScoresQuery>>) {
  const byProject = new Map<number, { id: number; name: string; create_time: string; course: unknown[] }>();
  for (const row of rows) {
    let entry = byProject.get(row.projectId);
    if (!entry) {
      entry = { id: row.projectId, name: row.projectName, create_time: isoZ(row.projectCreatedAt), course: [] };
      byProject.set(row.projectId, entry);
    }
    entry.course.push({
      id: row.courseId,
      course_code: row.courseCode,
      name: row.courseName,
      create_time: isoZ(row.courseCreatedAt),
      course_score: { score: row.score, score_grade: row.scoreGrade, reporting_time: isoZOrNull(row.reportingTime) },
    });
  }
  return [...byProject.values()];
}
