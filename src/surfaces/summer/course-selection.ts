import { and, desc, eq, inArray, type SQLWrapper, sql } from "drizzle-orm";
import * as v from "valibot";
import { summerCourses, summerFiles, summerOrders, summerProjects, summerUserCourses } from "../../db/schema/summer";
import type { Db } from "../../env";
import { params } from "../../platform/params";
import { courseDoc, doc, emptyDoc } from "./docs";
import { done, ok } from "./envelope";
import { dropFiles, putFile } from "./files";
import { id } from "./inputs";
import { LIVE } from "./order-read";
import { isoZOrNull, presentCourse } from "./present";
import { courseExtras, currentCourseNum, qualified } from "./read";
import { invalidRef } from "./refs";
import { requireStudent } from "./roles";
import { requireLogin } from "./session";
import type { SummerApp } from "./surface";
import { IMAGE_BODY_CAP, imageField } from "./uploads";
import { bad, notFound } from "./writes";

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

/** The caller's newest live order in a project. */
const liveOrderIn = (db: Db, me: number, projectId: number) =>
  db
    .select({ id: summerOrders.id, courseNum: summerOrders.courseNum, chosen: sql<number>`${chosenOf(qualified(summerOrders.id))}` })
    .from(summerOrders)
    .where(and(eq(summerOrders.userId, me), eq(summerOrders.projectId, projectId), inArray(summerOrders.status, LIVE)))
    .orderBy(desc(summerOrders.id))
    .limit(1);

const n = v.number();
const scoreDoc = v.object({ score: v.nullable(n), score_grade: v.nullable(v.string()), reporting_time: v.nullable(v.string()) });

export function courseSelectionRoutes(app: SummerApp) {
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
    params(v.object({ project: id }), "GET"),
    requireStudent,
    async (c) => {
      const db = c.var.db;
      const projectId = c.var.params.project;
      const [[order], courses, [project]] = await db.batch([
        liveOrderIn(db, c.var.user.id, projectId),
        db.query.summerCourses.findMany({
          where: eq(summerCourses.projectId, projectId),
          ...courseExtras,
          orderBy: (t, { asc }) => [asc(t.id)],
        }),
        db.select({ id: summerProjects.id }).from(summerProjects).where(eq(summerProjects.id, projectId)),
      ]);
      if (!project) throw invalidRef("project", projectId);
      if (!order) throw bad("project", "订单不存在");
      return ok(c, {
        course_num: order.courseNum,
        current_course_num: order.chosen,
        course_info: courses.map((x) => presentCourse(x, c.req.url)),
      });
    },
  );

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
    params(v.object({ order: id, course: id }), "POST"),
    async (c) => {
      const { order, course } = c.var.params;
      const [row] = await choose(c.var.db, c.var.user.id, order, course);
      if (!row) await whyNot(c.var.db, c.var.user.id, order, course);
      return done(c);
    },
  );

  app.get(
    "/course/my_courses",
    doc(
      "The caller's timetable: per project of a live order, the courses chosen",
      v.array(v.object({ id: n, name: v.string(), course_num: n, current_course_num: n, my_courses: v.array(courseDoc) })),
      {
        who: "a student",
      },
    ),
    requireLogin,
    params(v.object({}), "GET"),
    requireStudent,
    async (c) => {
      const orders = await c.var.db.query.summerOrders.findMany({
        where: and(eq(summerOrders.userId, c.var.user.id), inArray(summerOrders.status, LIVE)),
        with: { project: { columns: { id: true, name: true } }, userCourses: { with: { course: courseExtras } } },
        orderBy: [desc(summerOrders.id)],
      });
      return ok(
        c,
        orders.map((o) => ({
          id: o.projectId,
          name: o.project?.name ?? "",
          course_num: o.courseNum,
          current_course_num: o.userCourses.length,
          my_courses: o.userCourses.flatMap((uc) => (uc.course ? [presentCourse(uc.course, c.req.url)] : [])),
        })),
      );
    },
  );

  app.get(
    "/course/my_scores",
    doc("The caller's chosen courses with their scores", v.array(v.object({ id: n, course: courseDoc, ...scoreDoc.entries })), {
      who: "a student",
    }),
    requireLogin,
    params(v.object({}), "GET"),
    requireStudent,
    async (c) => {
      const rows = await c.var.db.query.summerUserCourses.findMany({
        where: eq(summerUserCourses.userId, c.var.user.id),
        with: { course: courseExtras },
        orderBy: (t, { asc }) => [asc(t.id)],
      });
      return ok(
        c,
        rows.flatMap((uc) =>
          uc.course
            ? [
                {
                  id: uc.id,
                  course: presentCourse(uc.course, c.req.url),
                  score: uc.score,
                  score_grade: uc.scoreGrade,
                  reporting_time: isoZOrNull(uc.reportingTime),
                },
              ]
            : [],
        ),
      );
    },
  );

  app.put(
    "/course/:course_id{[0-9]+}/upload_confirm_photo",
    doc("Upload the course-approval photo (base64 JPEG/PNG/GIF, at most 5 MiB): TO_UPLOAD (or NOPASS) -> TO_CONFIRM", emptyDoc, {
      who: "a student who chose the course",
      errors: [
        "400 a bad image (confirm_photo)",
        "400 您没有选择该课程",
        "400 审课图片已上传，请等待审核",
        "400 审课已通过",
        "404 no such course",
      ],
    }),
    requireLogin,
    requireStudent,
    params(v.object({ confirm_photo: imageField }), "POST", { maxBodyBytes: IMAGE_BODY_CAP }),
    async (c) => {
      const db = c.var.db;
      const me = c.var.user.id;
      const courseId = Number(c.req.param("course_id"));
      const [[course], [uc]] = await db.batch([
        db.select({ id: summerCourses.id }).from(summerCourses).where(eq(summerCourses.id, courseId)),
        db
          .select()
          .from(summerUserCourses)
          .where(and(eq(summerUserCourses.userId, me), eq(summerUserCourses.courseId, courseId)))
          .orderBy(desc(summerUserCourses.id))
          .limit(1),
      ]);
      if (!course) throw notFound();
      if (!uc) throw bad("course", "您没有选择该课程");
      if (uc.status === "TO_CONFIRM") throw bad("confirm_photo", "审课图片已上传，请等待审核");
      if (uc.status === "PASS") throw bad("confirm_photo", "审课已通过，不能再上传");
      const file = await putFile(c.env, "approval", c.var.params.confirm_photo, { ownerId: me });
      const [, updated] = await db.batch([
        db.insert(summerFiles).values(file),
        db
          .update(summerUserCourses)
          .set({ status: "TO_CONFIRM", confirmPhotoFileId: file.id, updatedAt: Date.now() })
          .where(and(eq(summerUserCourses.id, uc.id), inArray(summerUserCourses.status, ["TO_UPLOAD", "NOPASS"])))
          .returning({ id: summerUserCourses.id }),
      ]);
      const replaced = updated.length ? uc.confirmPhotoFileId : file.id;
      if (replaced) {
        const [old] = await db.delete(summerFiles).where(eq(summerFiles.id, replaced)).returning({ key: summerFiles.key });
        await dropFiles(c.env, [old?.key]);
      }
      if (!updated.length) throw bad("confirm_photo", "审课图片已上传，请等待审核");
      return done(c);
    },
  );
}
