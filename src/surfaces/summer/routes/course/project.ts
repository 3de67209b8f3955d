import { eq } from "drizzle-orm";
import * as v from "valibot";
import { summerCourses, summerProjects } from "../../../../db/schema/summer";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireArea, requireLogin, requireStudent } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import { feeLines, projectFeesQuery, projectsQuery, replaceFees } from "../../catalogue";
import { purgesCatalogue } from "../../catalogue-cache";
import { FEES_MISMATCH, feeTable, projects } from "../../catalogue-kinds";
import { catalogueRoutes } from "../../catalogue-routes";
import { coursesQuery } from "../../courses";
import { courseDoc, doc, emptyDoc, projectDoc } from "../../docs";
import { kvDoc } from "../../enums";
import { done, ok } from "../../envelope";
import { dropFiles, putFile } from "../../files";
import { presentCourse, presentProject } from "../../present";
import {
  confirmedOrderQuery,
  confirmedProjectsQuery,
  myOrdersQuery,
  myProjectScoresQuery,
  presentMyProjectScores,
  presentMyProjects,
  presentProjectResults,
  projectResultsQuery,
  proofQuery,
  replaceProof,
} from "../../student-projects";
import type { SummerApp } from "../../surface";
import { IMAGE_BODY_CAP, imageField } from "../../uploads";
import { audit, bad, found, notFound } from "../../writes";

/**
 * /course/project/...: projects (项目) with their fee tables, and the
 * student's side of them: my_project, my_scores, project_result, a
 * project's courses (my_course) and the credit-transfer proof (upload_img).
 */
const n = v.number();
const s = v.string();
const ns = v.nullable(s);
const resultDoc = v.object({ id: n, status: v.nullable(kvDoc), post_datetime: ns, post_channel: ns, post_number: ns, img: ns });

export function projectRoutes(app: SummerApp) {
  // The student's fixed paths, before the {id} paths beside them.
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
      const [, orders] = await callerAnd(c, myOrdersQuery(c.var.db, c.var.ticket.userId));
      return ok(c, presentMyProjects(orders, c.req.url));
    },
  );

  app.get(
    "/course/project/project_result",
    doc(
      "Credit transfer of each project the caller has a confirmed order in (project_result null: not started)",
      v.array(v.object({ id: n, name: s, create_time: s, project_result: v.nullable(resultDoc) })),
      { who: "a student" },
    ),
    requireLogin,
    params(v.object({}), "GET"),
    requireStudent,
    async (c) => {
      const db = c.var.db;
      const me = c.var.ticket.userId;
      const [, projects, results] = await callerAnd(c, confirmedProjectsQuery(db, me), projectResultsQuery(db, me));
      return ok(c, presentProjectResults(projects, results, c.req.url));
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
      const [, rows] = await callerAnd(c, myProjectScoresQuery(c.var.db, c.var.ticket.userId));
      return ok(c, presentMyProjectScores(rows));
    },
  );

  catalogueRoutes(app, { list: "/course/project", one: "/course/project/:project_id{[0-9]+}", id: "project_id" }, projects);

  app.put(
    "/course/project/:project_id{[0-9]+}/project_course_fee",
    doc("Replace a project's fee table (course_number 1..n, each with its course_fee)", projectDoc, {
      who: "staff: catalogue",
      errors: ["404", "400 project_fees不能空", `400 ${FEES_MISMATCH}`],
    }),
    requireLogin,
    requireArea("catalogue"),
    purgesCatalogue,
    callerBeforeParams,
    params(v.object({ project_fees: feeTable }), "POST"),
    async (c) => {
      const db = c.var.db;
      const projectId = Number(c.req.param("project_id"));
      const [me, [before]] = await callerAnd(c, projectFeesQuery(db, projectId));
      if (!before) throw notFound();
      const [, , , [after]] = await db.batch([
        ...replaceFees(db, projectId, c.var.params.project_fees),
        audit(db, me.id, "update", "project_course_fee", projectId, feeLines(before.fees), c.var.params.project_fees),
        projectsQuery(db, eq(summerProjects.id, projectId)),
      ]);
      return ok(c, presentProject(found(after)));
    },
  );

  app.put(
    "/course/project/:project_id{[0-9]+}/upload_img",
    doc("Upload the credit-transfer proof for a project (base64 JPEG/PNG/GIF, at most 5 MiB); a new one replaces the old", emptyDoc, {
      who: "a student with a confirmed order in the project",
      errors: ["400 a bad image (img)", "400 该项目没有已确认的订单", "404 no such project"],
    }),
    requireLogin,
    requireStudent,
    callerBeforeParams,
    params(v.object({ img: imageField }), "POST", { maxBodyBytes: IMAGE_BODY_CAP }),
    async (c) => {
      const db = c.var.db;
      const projectId = Number(c.req.param("project_id"));
      const [me, [project], [confirmed], [previous]] = await callerAnd(
        c,
        db.select({ id: summerProjects.id }).from(summerProjects).where(eq(summerProjects.id, projectId)),
        confirmedOrderQuery(db, c.var.ticket.userId, projectId),
        proofQuery(db, c.var.ticket.userId, projectId),
      );
      if (!project) throw notFound();
      if (!confirmed) throw bad("img", "该项目没有已确认的订单，不能上传学分转换结果。");
      const file = await putFile(c.env, "credit", c.var.params.img, { ownerId: me.id });
      const [, , replaced] = await db.batch(replaceProof(db, me.id, projectId, file, previous?.imgFileId));
      await dropFiles(
        c.env,
        replaced.map((r) => r.key),
      );
      return done(c, "图片上传成功");
    },
  );

  app.get(
    "/course/project/:project_id{[0-9]+}/my_course",
    doc("Every course of a project (a plain array)", v.array(courseDoc), { who: "a ticket", errors: ["404 no such project"] }),
    requireLogin,
    params(v.object({}), "GET"),
    async (c) => {
      const db = c.var.db;
      const projectId = Number(c.req.param("project_id"));
      const [, project, courses] = await callerAnd(
        c,
        db.select({ id: summerProjects.id }).from(summerProjects).where(eq(summerProjects.id, projectId)),
        coursesQuery(db, eq(summerCourses.projectId, projectId)),
      );
      if (project.length === 0) throw notFound();
      return ok(
        c,
        courses.map((x) => presentCourse(x, c.req.url)),
      );
    },
  );
}
