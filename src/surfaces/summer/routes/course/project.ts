import { eq } from "drizzle-orm";
import * as v from "valibot";
import { summerCampuses, summerCountries, summerCourses, summerProjects } from "../../../../db/schema/summer";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireArea, requireLogin, requireStudent } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import {
  checkDates,
  checkRef,
  countOf,
  feeLines,
  idsOf,
  insertFees,
  projectFeesQuery,
  projectRecord,
  projectsQuery,
  refQuery,
  replaceFees,
} from "../../catalogue";
import { fromCatalogueCache, purgesCatalogue } from "../../catalogue-cache";
import { coursesQuery } from "../../courses";
import { courseDoc, doc, emptyDoc, pageOf as pageDoc, projectDoc } from "../../docs";
import { kvDoc } from "../../enums";
import { done, ok } from "../../envelope";
import { dropFiles, putFile } from "../../files";
import { date, id, int, jsonField, money, str } from "../../inputs";
import { paged, pageOf, pageParam } from "../../page";
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
import { audit, bad, defined, found, newestId, notFound } from "../../writes";

/**
 * /course/project/...: projects (项目) with their fee tables, and the
 * student's side of them: my_project, my_scores, project_result, a
 * project's courses (my_course) and the credit-transfer proof (upload_img).
 */
const n = v.number();
const s = v.string();
const ns = v.nullable(s);
const resultDoc = v.object({ id: n, status: v.nullable(kvDoc), post_datetime: ns, post_channel: ns, post_number: ns, img: ns });
const FEES_MISMATCH = "project_fees参数传入错误，project_fees最大课程数量与传入要设置课程费用的个数不匹配";

/** A fee table: rows {course_number, course_fee} numbered 1..n (a JSON string in form bodies). */
const feeTable = jsonField(
  v.pipe(
    v.array(v.object({ course_number: int(1, 50), course_fee: money }), "project_fees 必须是列表。"),
    v.nonEmpty("project_fees不能空"),
    v.check(
      (rows) =>
        new Set(rows.map((r) => r.course_number)).size === rows.length && Math.max(...rows.map((r) => r.course_number)) === rows.length,
      FEES_MISMATCH,
    ),
  ),
);

const createParams = v.object({
  campus: id,
  name: str(30),
  start_date: date,
  end_date: date,
  address: str(30),
  info: str(255),
  apply_fee: v.optional(money, 0),
  course_num: int(1, 50),
  campus_country: id,
  max_num: v.optional(v.nullable(int(1))),
  project_fees: feeTable,
});
const updateParams = v.object({
  campus: v.optional(id),
  name: v.optional(str(30)),
  start_date: v.optional(date),
  end_date: v.optional(date),
  address: v.optional(str(30)),
  info: v.optional(str(255)),
  apply_fee: v.optional(money),
  course_num: v.optional(int(1, 50)),
  campus_country: v.optional(id),
  max_num: v.optional(v.nullable(int(1))),
  project_fees: v.optional(feeTable),
});
const projectPath = "/course/project/:project_id{[0-9]+}";

/** The campus and country a project request refers to (either may be absent from an update). */
const projectRefs = (campus: number | undefined, country: number | undefined) =>
  [
    { field: "campus", table: summerCampuses, ids: idsOf(campus) },
    { field: "campus_country", table: summerCountries, ids: idsOf(country) },
  ] as const;

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

  app.get(
    "/course/project",
    doc("Projects with their fee tables, 10 a page (`?campus=` filters)", pageDoc(projectDoc), { who: "a ticket" }),
    requireLogin,
    fromCatalogueCache,
    callerBeforeParams,
    params(v.object({ page: pageParam, campus: v.optional(id) }), "GET"),
    async (c) => {
      const db = c.var.db;
      const { page, limit, offset } = pageOf(c);
      const where = c.var.params.campus === undefined ? undefined : eq(summerProjects.campusId, c.var.params.campus);
      const [, rows, [{ total }]] = await callerAnd(c, projectsQuery(db, where, { limit, offset }), countOf(db, summerProjects, where));
      return ok(c, paged(c, page, total, rows.map(presentProject)));
    },
  );

  app.post(
    "/course/project",
    doc("Create a project with its fee table (project_fees numbered 1..n)", projectDoc, {
      who: "staff: catalogue",
      errors: [
        "400 project_fees不能空",
        `400 ${FEES_MISMATCH}`,
        "400 campus or campus_country does not exist",
        "400 end_date before start_date",
      ],
    }),
    requireLogin,
    requireArea("catalogue"),
    purgesCatalogue,
    callerBeforeParams,
    params(createParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
      const [campus, country] = projectRefs(p.campus, p.campus_country);
      const [me, campuses, countries] = await callerAnd(c, refQuery(db, campus), refQuery(db, country));
      checkDates(p.start_date, p.end_date);
      checkRef(campus, campuses);
      checkRef(country, countries);
      const now = Date.now();
      const values = {
        campusId: p.campus,
        countryId: p.campus_country,
        name: p.name,
        startDate: p.start_date,
        endDate: p.end_date,
        address: p.address,
        info: p.info,
        maxNum: p.max_num ?? null,
        applyFee: p.apply_fee,
        courseNum: p.course_num,
        createdAt: now,
        updatedAt: now,
      };
      const project = newestId(summerProjects);
      const [, , , [created]] = await db.batch([
        db.insert(summerProjects).values(values),
        insertFees(db, project, p.project_fees),
        audit(db, me.id, "create", "project", project, null, { ...values, project_fees: p.project_fees }),
        projectsQuery(db, eq(summerProjects.id, project)),
      ]);
      return ok(c, presentProject(found(created)));
    },
  );

  app.get(
    projectPath,
    doc("A project with its fee table", projectDoc, { who: "a ticket", errors: ["404"] }),
    requireLogin,
    fromCatalogueCache,
    params(v.object({}), "GET"),
    async (c) => {
      const [, [project]] = await callerAnd(c, projectsQuery(c.var.db, eq(summerProjects.id, Number(c.req.param("project_id")))));
      return ok(c, presentProject(found(project)));
    },
  );

  app.on(
    ["PUT", "PATCH"],
    projectPath,
    doc("Update a project; project_fees, when sent, replaces the fee table whole", projectDoc, {
      who: "staff: catalogue",
      errors: ["404", `400 ${FEES_MISMATCH}`],
    }),
    requireLogin,
    requireArea("catalogue"),
    purgesCatalogue,
    callerBeforeParams,
    params(updateParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const projectId = Number(c.req.param("project_id"));
      const p = c.var.params;
      const [campus, country] = projectRefs(p.campus, p.campus_country);
      const [me, [before], campuses, countries] = await callerAnd(
        c,
        projectFeesQuery(db, projectId),
        refQuery(db, campus),
        refQuery(db, country),
      );
      if (!before) throw notFound();
      checkDates(p.start_date ?? before.startDate, p.end_date ?? before.endDate);
      checkRef(campus, campuses);
      checkRef(country, countries);
      const changes = defined({
        campusId: p.campus,
        countryId: p.campus_country,
        name: p.name,
        startDate: p.start_date,
        endDate: p.end_date,
        address: p.address,
        info: p.info,
        maxNum: p.max_num,
        applyFee: p.apply_fee,
        courseNum: p.course_num,
        updatedAt: Date.now(),
      });
      const record = projectRecord(before);
      const [, , , , [after]] = await db.batch([
        db.update(summerProjects).set(changes).where(eq(summerProjects.id, projectId)),
        ...replaceFees(db, projectId, p.project_fees),
        audit(db, me.id, "update", "project", projectId, record, { ...record, ...changes, ...defined({ project_fees: p.project_fees }) }),
        projectsQuery(db, eq(summerProjects.id, projectId)),
      ]);
      return ok(c, presentProject(found(after)));
    },
  );

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
