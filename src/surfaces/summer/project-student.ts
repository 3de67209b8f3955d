import { and, desc, eq } from "drizzle-orm";
import * as v from "valibot";
import { summerCourses, summerFiles, summerOrders, summerProjectResults, summerProjects, summerUserCourses } from "../../db/schema/summer";
import { params } from "../../platform/params";
import { courseDoc, doc, emptyDoc, projectDoc } from "./docs";
import { kv, kvDoc } from "./enums";
import { done, ok } from "./envelope";
import { dropFiles, fileUrl, putFile } from "./files";
import { isoZ, isoZOrNull, presentCourse, presentProject } from "./present";
import { courseExtras, projectWith } from "./read";
import { requireStudent } from "./roles";
import { requireLogin } from "./session";
import type { SummerApp } from "./surface";
import { IMAGE_BODY_CAP, imageField } from "./uploads";
import { bad, notFound } from "./writes";

/** The student's side of projects: my_project, project_result (credit transfer), upload_img, my_course, my_scores. */
const n = v.number();
const s = v.string();
const ns = v.nullable(s);
const resultDoc = v.object({ id: n, status: v.nullable(kvDoc), post_datetime: ns, post_channel: ns, post_number: ns, img: ns });
const projectPath = "/course/project/:project_id{[0-9]+}";

export function projectStudentRoutes(app: SummerApp) {
  app.get(
    "/course/project/my_project",
    doc(
      "The projects the caller ordered: each with its newest order's status and remark, and the courses chosen",
      v.array(
        v.object({ ...projectDoc.entries, current_course_num: n, order_status: kvDoc, order_remark: ns, my_courses: v.array(courseDoc) }),
      ),
      { who: "a student" },
    ),
    requireLogin,
    params(v.object({}), "GET"),
    requireStudent,
    async (c) => {
      const orders = await c.var.db.query.summerOrders.findMany({
        where: eq(summerOrders.userId, c.var.user.id),
        with: { project: { with: projectWith }, userCourses: { with: { course: courseExtras } } },
        orderBy: [desc(summerOrders.id)],
      });
      const seen = new Set<number>();
      const newest = orders.filter((o) => !seen.has(o.projectId) && seen.add(o.projectId));
      return ok(
        c,
        newest.flatMap((o) =>
          o.project
            ? [
                {
                  ...presentProject(o.project),
                  current_course_num: o.userCourses.length,
                  order_status: kv("order_status", o.status),
                  order_remark: o.remark,
                  my_courses: o.userCourses.flatMap((uc) => (uc.course ? [presentCourse(uc.course, c.req.url)] : [])),
                },
              ]
            : [],
        ),
      );
    },
  );

  app.get(
    "/course/project/project_result",
    doc(
      "Credit transfer of each project the caller has a confirmed order in (project_result null: not started)",
      v.array(v.object({ id: n, name: s, create_time: s, project_result: v.nullable(resultDoc) })),
      {
        who: "a student",
      },
    ),
    requireLogin,
    params(v.object({}), "GET"),
    requireStudent,
    async (c) => {
      const db = c.var.db;
      const me = c.var.user.id;
      const [projects, results] = await db.batch([
        db
          .selectDistinct({ id: summerProjects.id, name: summerProjects.name, createdAt: summerProjects.createdAt })
          .from(summerOrders)
          .innerJoin(summerProjects, eq(summerProjects.id, summerOrders.projectId))
          .where(and(eq(summerOrders.userId, me), eq(summerOrders.status, "CONFIRMED")))
          .orderBy(summerProjects.id),
        db.select().from(summerProjectResults).where(eq(summerProjectResults.userId, me)),
      ]);
      return ok(
        c,
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
                  img: fileUrl(c.req.url, r.imgFileId),
                }
              : null,
          };
        }),
      );
    },
  );

  app.put(
    `${projectPath}/upload_img`,
    doc("Upload the credit-transfer proof for a project (base64 JPEG/PNG/GIF, at most 5 MiB); a new one replaces the old", emptyDoc, {
      who: "a student with a confirmed order in the project",
      errors: ["400 a bad image (img)", "400 该项目没有已确认的订单", "404 no such project"],
    }),
    requireLogin,
    requireStudent,
    params(v.object({ img: imageField }), "POST", { maxBodyBytes: IMAGE_BODY_CAP }),
    async (c) => {
      const db = c.var.db;
      const me = c.var.user.id;
      const projectId = Number(c.req.param("project_id"));
      const [[project], [confirmed], [previous]] = await db.batch([
        db.select({ id: summerProjects.id }).from(summerProjects).where(eq(summerProjects.id, projectId)),
        db
          .select({ id: summerOrders.id })
          .from(summerOrders)
          .where(and(eq(summerOrders.userId, me), eq(summerOrders.projectId, projectId), eq(summerOrders.status, "CONFIRMED")))
          .limit(1),
        db
          .select({ imgFileId: summerProjectResults.imgFileId })
          .from(summerProjectResults)
          .where(and(eq(summerProjectResults.userId, me), eq(summerProjectResults.projectId, projectId))),
      ]);
      if (!project) throw notFound();
      if (!confirmed) throw bad("img", "该项目没有已确认的订单，不能上传学分转换结果。");
      const file = await putFile(c.env, "credit", c.var.params.img, { ownerId: me });
      const now = Date.now();
      await db.batch([
        db.insert(summerFiles).values(file),
        db
          .insert(summerProjectResults)
          .values({ userId: me, projectId, imgFileId: file.id, createdAt: now, updatedAt: now })
          .onConflictDoUpdate({
            target: [summerProjectResults.userId, summerProjectResults.projectId],
            set: { imgFileId: file.id, updatedAt: now },
          }),
      ]);
      if (previous?.imgFileId) {
        const [old] = await db.delete(summerFiles).where(eq(summerFiles.id, previous.imgFileId)).returning({ key: summerFiles.key });
        await dropFiles(c.env, [old?.key]);
      }
      return done(c, "图片上传成功");
    },
  );

  app.get(
    `${projectPath}/my_course`,
    doc("Every course of a project (a plain array)", v.array(courseDoc), { who: "a ticket", errors: ["404 no such project"] }),
    requireLogin,
    params(v.object({}), "GET"),
    async (c) => {
      const db = c.var.db;
      const projectId = Number(c.req.param("project_id"));
      const [project, courses] = await db.batch([
        db.select({ id: summerProjects.id }).from(summerProjects).where(eq(summerProjects.id, projectId)),
        db.query.summerCourses.findMany({
          where: eq(summerCourses.projectId, projectId),
          ...courseExtras,
          orderBy: (t, { asc }) => [asc(t.id)],
        }),
      ]);
      if (project.length === 0) throw notFound();
      return ok(
        c,
        courses.map((x) => presentCourse(x, c.req.url)),
      );
    },
  );

  app.get(
    "/course/project/my_scores",
    doc(
      "Per project the caller chose courses in: each course with its score",
      v.array(
        v.object({
          id: n,
          name: s,
          create_time: s,
          course: v.array(
            v.object({
              id: n,
              course_code: s,
              name: s,
              create_time: s,
              course_score: v.object({ score: v.nullable(n), score_grade: ns, reporting_time: ns }),
            }),
          ),
        }),
      ),
      { who: "a student" },
    ),
    requireLogin,
    params(v.object({}), "GET"),
    requireStudent,
    async (c) => {
      const rows = await c.var.db
        .select({
          uc: summerUserCourses,
          course: summerCourses,
          project: { id: summerProjects.id, name: summerProjects.name, createdAt: summerProjects.createdAt },
        })
        .from(summerUserCourses)
        .innerJoin(summerCourses, eq(summerCourses.id, summerUserCourses.courseId))
        .innerJoin(summerProjects, eq(summerProjects.id, summerUserCourses.projectId))
        .where(eq(summerUserCourses.userId, c.var.user.id))
        .orderBy(summerProjects.id, summerUserCourses.id);
      const byProject = new Map<number, { id: number; name: string; create_time: string; course: unknown[] }>();
      for (const { uc, course, project } of rows) {
        let entry = byProject.get(project.id);
        if (!entry) {
          entry = { id: project.id, name: project.name, create_time: isoZ(project.createdAt), course: [] };
          byProject.set(project.id, entry);
        }
        entry.course.push({
          id: course.id,
          course_code: course.courseCode,
          name: course.name,
          create_time: isoZ(course.createdAt),
          course_score: { score: uc.score, score_grade: uc.scoreGrade, reporting_time: isoZOrNull(uc.reportingTime) },
        });
      }
      return ok(c, [...byProject.values()]);
    },
  );
}
