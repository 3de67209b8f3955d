import { and, desc, eq, inArray, type SQLWrapper, sql } from "drizzle-orm";
import { summerCourses, summerFiles, summerOrders, summerUserCourses } from "../../db/schema/summer";
import type { Db } from "../../env";
import type { FileRow } from "./files";
import { LIVE } from "./order-read";
import { isoZOrNull, presentCourse } from "./present";
import { courseExtras, currentCourseNum, qualified } from "./read";
import { invalidRef } from "./refs";
import { bad } from "./writes";

/**
 * Choosing courses within the caller's own live order (TO_PAY, TO_CONFIRM or
 * CONFIRMED) and uploading approval photos. A choice is one conditional
 * INSERT: the order's project, no duplicate, at most the order's course_num,
 * within the course's max_num; D1 runs statements one at a time, so thirty
 * students racing for the last two seats get exactly two.
 */
const chosenOf = (orderId: SQLWrapper) => sql`(SELECT count(*) FROM ${summerUserCourses} WHERE ${summerUserCourses.orderId} = ${orderId})`;

export function choose(db: Db, me: number, orderId: number, courseId: number, now = Date.now()) {
  return db
    .insert(summerUserCourses)
    .select(
      db
        .select({
          id: sql`NULL`.as("id"),
          userId: sql`${me}`.as("user_id"),
          orderId: summerOrders.id,
          projectId: summerOrders.projectId,
          courseId: summerCourses.id,
          status: sql`'TO_UPLOAD'`.as("status"),
          confirmPhotoFileId: sql`NULL`.as("confirm_photo_file_id"),
          score: sql`NULL`.as("score"),
          scoreGrade: sql`NULL`.as("score_grade"),
          reportingTime: sql`NULL`.as("reporting_time"),
          createdAt: sql`${now}`.as("created_at"),
          updatedAt: sql`${now}`.as("updated_at"),
        })
        .from(summerOrders)
        .innerJoin(summerCourses, eq(summerCourses.projectId, summerOrders.projectId))
        .where(
          and(
            eq(summerOrders.id, orderId),
            eq(summerOrders.userId, me),
            inArray(summerOrders.status, LIVE),
            eq(summerCourses.id, courseId),
            sql`${chosenOf(qualified(summerOrders.id))} < ${summerOrders.courseNum}`,
            sql`(SELECT count(*) FROM ${summerUserCourses} WHERE ${summerUserCourses.courseId} = ${qualified(summerCourses.id)}) < ${summerCourses.maxNum}`,
          ),
        ),
    )
    .onConflictDoNothing()
    .returning({ id: summerUserCourses.id });
}

/** Why a choice was refused (400 naming the field). */
export async function whyNot(db: Db, me: number, orderId: number, courseId: number): Promise<never> {
  const [[order], [course], [taken]] = await db.batch([
    db
      .select({
        userId: summerOrders.userId,
        status: summerOrders.status,
        projectId: summerOrders.projectId,
        courseNum: summerOrders.courseNum,
        chosen: sql<number>`${chosenOf(qualified(summerOrders.id))}`,
      })
      .from(summerOrders)
      .where(eq(summerOrders.id, orderId)),
    db
      .select({ projectId: summerCourses.projectId, maxNum: summerCourses.maxNum, seats: currentCourseNum(qualified(summerCourses.id)) })
      .from(summerCourses)
      .where(eq(summerCourses.id, courseId)),
    db
      .select({ id: summerUserCourses.id })
      .from(summerUserCourses)
      .where(and(eq(summerUserCourses.orderId, orderId), eq(summerUserCourses.courseId, courseId))),
  ]);
  if (!order || order.userId !== me) throw bad("order", "订单不存在");
  if (!LIVE.includes(order.status)) throw bad("order", "订单已取消或支付认证失败，不能选课");
  if (!course) throw invalidRef("course", courseId);
  if (course.projectId !== order.projectId) throw bad("course", "该课程不属于订单的项目");
  if (taken) throw bad("course", "已选该课程，不能重复选择");
  if (order.chosen >= order.courseNum) throw bad("non_field_errors", "订单已达到最大选课数，不能再继续选课");
  if (course.seats >= course.maxNum) throw bad("course", "该课程已满员");
  throw bad("non_field_errors", "选课失败，请重试");
}

/** The caller's newest live order in a project, with how many courses it allows and has. */
export const liveOrderQuery = (db: Db, me: number, projectId: number) =>
  db
    .select({ id: summerOrders.id, courseNum: summerOrders.courseNum, chosen: sql<number>`${chosenOf(qualified(summerOrders.id))}` })
    .from(summerOrders)
    .where(and(eq(summerOrders.userId, me), eq(summerOrders.projectId, projectId), inArray(summerOrders.status, LIVE)))
    .orderBy(desc(summerOrders.id))
    .limit(1);

/** The caller's live orders, newest first, each with its project and the courses chosen in it. */
export const timetableQuery = (db: Db, me: number) =>
  db.query.summerOrders.findMany({
    where: and(eq(summerOrders.userId, me), inArray(summerOrders.status, LIVE)),
    with: { project: { columns: { id: true, name: true } }, userCourses: { with: { course: courseExtras } } },
    orderBy: [desc(summerOrders.id)],
  });

export const presentTimetable = (orders: Awaited<ReturnType<typeof timetableQuery>>, requestUrl: string) =>
  orders.map((o) => ({
    id: o.projectId,
    name: o.project?.name ?? "",
    course_num: o.courseNum,
    current_course_num: o.userCourses.length,
    my_courses: o.userCourses.flatMap((uc) => (uc.course ? [presentCourse(uc.course, requestUrl)] : [])),
  }));

/** Every course the caller chose, oldest choice first, with its score. */
export const scoresQuery = (db: Db, me: number) =>
  db.query.summerUserCourses.findMany({
    where: eq(summerUserCourses.userId, me),
    with: { course: courseExtras },
    orderBy: (t, { asc }) => [asc(t.id)],
  });

export const presentScores = (rows: Awaited<ReturnType<typeof scoresQuery>>, requestUrl: string) =>
  rows.flatMap((uc) =>
    uc.course
      ? [
          {
            id: uc.id,
            course: presentCourse(uc.course, requestUrl),
            score: uc.score,
            score_grade: uc.scoreGrade,
            reporting_time: isoZOrNull(uc.reportingTime),
          },
        ]
      : [],
  );

/** The caller's newest choice of a course. */
export const choiceQuery = (db: Db, me: number, courseId: number) =>
  db
    .select()
    .from(summerUserCourses)
    .where(and(eq(summerUserCourses.userId, me), eq(summerUserCourses.courseId, courseId)))
    .orderBy(desc(summerUserCourses.id))
    .limit(1);

type Choice = typeof summerUserCourses.$inferSelect;

/** 400 when the caller has not chosen the course, or its photo waits for review or has passed. */
export function checkPhotoWanted(choice: Choice | undefined): Choice {
  if (!choice) throw bad("course", "您没有选择该课程");
  if (choice.status === "TO_CONFIRM") throw bad("confirm_photo", "审课图片已上传，请等待审核");
  if (choice.status === "PASS") throw bad("confirm_photo", "审课已通过，不能再上传");
  return choice;
}

/**
 * The approval photo handed in (statements to batch): its file row, the
 * choice moved TO_UPLOAD/NOPASS -> TO_CONFIRM with it (returning the choice,
 * none when its status changed meanwhile), then the row of whichever of the
 * old and new photos the choice does not point at deleted (returning its R2 key).
 */
export function handInPhoto(db: Db, choice: Choice, file: FileRow) {
  return [
    db.insert(summerFiles).values(file),
    db
      .update(summerUserCourses)
      .set({ status: "TO_CONFIRM", confirmPhotoFileId: file.id, updatedAt: Date.now() })
      .where(and(eq(summerUserCourses.id, choice.id), inArray(summerUserCourses.status, ["TO_UPLOAD", "NOPASS"])))
      .returning({ id: summerUserCourses.id }),
    db
      .delete(summerFiles)
      .where(
        and(
          inArray(summerFiles.id, choice.confirmPhotoFileId ? [choice.confirmPhotoFileId, file.id] : [file.id]),
          sql`NOT EXISTS (SELECT 1 FROM ${summerUserCourses} WHERE ${summerUserCourses.id} = ${choice.id} AND ${summerUserCourses.confirmPhotoFileId} = ${qualified(summerFiles.id)})`,
        ),
      )
      .returning({ key: summerFiles.key }),
  ] as const;
}
