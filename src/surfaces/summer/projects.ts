import { count, eq } from "drizzle-orm";
import * as v from "valibot";
import { summerCampuses, summerCountries, summerProjectFees, summerProjects } from "../../db/schema/summer";
import type { Db } from "../../env";
import { params } from "../../platform/params";
import { fromCatalogueCache, purgesCatalogue } from "./catalogue-cache";
import { doc, pageOf as pageDoc, projectDoc } from "./docs";
import { ok } from "./envelope";
import { date, id, int, jsonField, money, str } from "./inputs";
import { paged, pageOf, pageParam } from "./page";
import { presentProject } from "./present";
import { projectWith } from "./read";
import { checkRefs } from "./refs";
import { requireArea } from "./roles";
import { requireLogin } from "./session";
import type { SummerApp } from "./surface";
import { audit, bad, defined, found, newestId } from "./writes";

/** Projects (项目) and their fee tables: list, detail, create, update, project_course_fee. */
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
type FeeTable = v.InferOutput<typeof feeTable>;

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

export const loadProject = (db: Db, projectId: number) =>
  db.query.summerProjects.findFirst({ where: eq(summerProjects.id, projectId), with: projectWith });

const feeRows = (projectId: number | ReturnType<typeof newestId>, fees: FeeTable) =>
  fees.map((f) => ({ projectId, courseNumber: f.course_number, courseFee: f.course_fee }));

function checkDates(start: string, end: string) {
  if (end < start) throw bad("end_date", "结束时间不能早于开始时间。");
}

function checkProjectRefs(db: Db, campus: number | undefined, country: number | undefined) {
  return checkRefs(db, [
    { field: "campus", table: summerCampuses, ids: campus === undefined ? [] : [campus] },
    { field: "campus_country", table: summerCountries, ids: country === undefined ? [] : [country] },
  ]);
}

/** Replaces a project's fee table whole (statements to batch). */
function replaceFees(db: Db, projectId: number, fees: FeeTable) {
  return [
    db.delete(summerProjectFees).where(eq(summerProjectFees.projectId, projectId)),
    db.insert(summerProjectFees).values(feeRows(projectId, fees)),
  ] as const;
}

export function projectRoutes(app: SummerApp) {
  app.get(
    "/course/project",
    doc("Projects with their fee tables, 10 a page (`?campus=` filters)", pageDoc(projectDoc), { who: "a ticket" }),
    requireLogin,
    fromCatalogueCache,
    params(v.object({ page: pageParam, campus: v.optional(id) }), "GET"),
    async (c) => {
      const db = c.var.db;
      const { page, limit, offset } = pageOf(c);
      const where = c.var.params.campus === undefined ? undefined : eq(summerProjects.campusId, c.var.params.campus);
      const [rows, [{ total }]] = await db.batch([
        db.query.summerProjects.findMany({ where, with: projectWith, orderBy: (t, { asc }) => [asc(t.id)], limit, offset }),
        db.select({ total: count() }).from(summerProjects).where(where),
      ]);
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
    params(createParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
      checkDates(p.start_date, p.end_date);
      await checkProjectRefs(db, p.campus, p.campus_country);
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
      const [[row]] = await db.batch([
        db.insert(summerProjects).values(values).returning({ id: summerProjects.id }),
        db.insert(summerProjectFees).values(feeRows(newestId(summerProjects), p.project_fees)),
        audit(db, c.var.user.id, "create", "project", newestId(summerProjects), null, { ...values, project_fees: p.project_fees }),
      ]);
      const project = found(await loadProject(db, row.id));
      return ok(c, presentProject(project));
    },
  );

  app.get(
    projectPath,
    doc("A project with its fee table", projectDoc, { who: "a ticket", errors: ["404"] }),
    requireLogin,
    fromCatalogueCache,
    params(v.object({}), "GET"),
    async (c) => {
      const project = found(await loadProject(c.var.db, Number(c.req.param("project_id"))));
      return ok(c, presentProject(project));
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
    params(updateParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const projectId = Number(c.req.param("project_id"));
      const p = c.var.params;
      const before = found(await loadProject(db, projectId));
      checkDates(p.start_date ?? before.startDate, p.end_date ?? before.endDate);
      await checkProjectRefs(db, p.campus, p.campus_country);
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
      const { campus: _campus, country: _country, fees, ...row } = before;
      const record = { ...row, project_fees: fees.map((f) => ({ course_number: f.courseNumber, course_fee: f.courseFee })) };
      await db.batch([
        db.update(summerProjects).set(changes).where(eq(summerProjects.id, projectId)),
        ...(p.project_fees ? replaceFees(db, projectId, p.project_fees) : []),
        audit(db, c.var.user.id, "update", "project", projectId, record, {
          ...record,
          ...changes,
          ...defined({ project_fees: p.project_fees }),
        }),
      ]);
      const project = found(await loadProject(db, projectId));
      return ok(c, presentProject(project));
    },
  );

  app.put(
    `${projectPath}/project_course_fee`,
    doc("Replace a project's fee table (course_number 1..n, each with its course_fee)", projectDoc, {
      who: "staff: catalogue",
      errors: ["404", "400 project_fees不能空", `400 ${FEES_MISMATCH}`],
    }),
    requireLogin,
    requireArea("catalogue"),
    purgesCatalogue,
    params(v.object({ project_fees: feeTable }), "POST"),
    async (c) => {
      const db = c.var.db;
      const projectId = Number(c.req.param("project_id"));
      const before = found(await loadProject(db, projectId));
      const old = before.fees.map((f) => ({ course_number: f.courseNumber, course_fee: f.courseFee }));
      await db.batch([
        ...replaceFees(db, projectId, c.var.params.project_fees),
        audit(db, c.var.user.id, "update", "project_course_fee", projectId, old, c.var.params.project_fees),
      ]);
      const project = found(await loadProject(db, projectId));
      return ok(c, presentProject(project));
    },
  );
}
