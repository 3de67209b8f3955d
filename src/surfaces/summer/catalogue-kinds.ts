import { eq, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { RunnableQuery } from "drizzle-orm/runnable-query";
import * as v from "valibot";
import { summerCampuses, summerCampusTypes, summerCountries, summerProjects } from "../../db/schema/summer";
import type { Db } from "../../env";
import { callerAnd } from "../../platform/caller";
import { type SummerCall, type SummerWrite, summerWrite } from "./call";
import {
  campusesQuery,
  campusRecord,
  campusTypeQuery,
  campusTypesQuery,
  checkDates,
  checkRef,
  countOf,
  countriesQuery,
  countryRowQuery,
  idsOf,
  insertFees,
  linkCountries,
  projectFeesQuery,
  projectRecord,
  projectsQuery,
  refQuery,
  replaceCountries,
  replaceFees,
} from "./catalogue";
import { campusDoc, campusTypeDoc, countryDoc, projectDoc } from "./docs";
import { enumIn } from "./enums";
import { date, id, idList, int, jsonField, money, optText, str } from "./inputs";
import { pageParam, type Window } from "./page";
import { presentCampus, presentCampusType, presentCountry, presentProject } from "./present";
import { audit, defined, found, newestId, notFound, unique } from "./writes";

/**
 * The catalogue's four kinds (campus types, countries, campuses, projects), each as its routes serve it
 * (catalogue-routes.ts) and the console's pages show it: its rows (one statement, `query`), the page of them
 * a list's parameters ask for, and the writes that create and update one.
 */
export interface CatalogueKind<L extends v.GenericSchema, Row, Shown, C extends v.GenericSchema, U extends v.GenericSchema>
  extends CatalogueReads<L, Row, Shown> {
  reply: v.GenericSchema;
  docs: { list: string; one: DocLine; create: DocLine; update: DocLine };
  create: SummerWrite<C, [], Shown>;
  update: SummerWrite<U, [number], Shown>;
}

/** How a kind reads: its rows (one statement), as shown, and which of them a list's parameters ask for (none: all). */
interface CatalogueReads<L extends v.GenericSchema, Row, Shown> {
  table: typeof summerCampusTypes | typeof summerCountries | typeof summerCampuses | typeof summerProjects;
  query: (db: Db, where?: SQL, page?: Window) => RunnableQuery<Row[], "sqlite">;
  present: (row: Row) => Shown;
  listParams: L;
  filter: (p: v.InferOutput<L>) => SQL | undefined;
}

interface DocLine {
  summary: string;
  errors: string[];
}

/** A page of a kind with its count, and the `extra` queries (a console page's choices) in the same batch. */
export async function listOf<L extends v.GenericSchema, Row, Shown, E extends BatchItem<"sqlite">[]>(
  kind: CatalogueReads<L, Row, Shown>,
  call: SummerCall,
  window: Window,
  p: v.InferOutput<L>,
  ...extra: E
) {
  const db = call.var.db;
  const where = kind.filter(p);
  const [, rows, [{ total }], ...more] = await callerAnd(call, kind.query(db, where, window), countOf(db, kind.table, where), ...extra);
  return { rows: rows.map(kind.present), total, extra: more };
}

/** One of a kind (undefined: none), and the `extra` queries in the same batch. */
export async function oneOf<L extends v.GenericSchema, Row, Shown, E extends BatchItem<"sqlite">[]>(
  kind: CatalogueReads<L, Row, Shown>,
  call: SummerCall,
  id: number,
  ...extra: E
) {
  const [, [row], ...more] = await callerAnd(call, kind.query(call.var.db, eq(kind.table.id, id)), ...extra);
  return { row: row === undefined ? undefined : kind.present(row), extra: more };
}

const byPage = v.object({ page: pageParam });

const TYPE_DUPLICATE = "已存在同名的暑校类型。";
const typeCreate = v.object({ title: str(30), campus_country: enumIn("campus_country") });
const typeUpdate = v.object({ title: v.optional(str(30)), campus_country: v.optional(enumIn("campus_country")) });

export const campusTypes: CatalogueKind<
  typeof byPage,
  Parameters<typeof presentCampusType>[0],
  ReturnType<typeof presentCampusType>,
  typeof typeCreate,
  typeof typeUpdate
> = {
  reply: campusTypeDoc,
  docs: {
    list: "Campus types (暑校类型), 10 a page",
    one: { summary: "A campus type", errors: ["404 no such campus type"] },
    create: { summary: "Create a campus type", errors: [`400 ${TYPE_DUPLICATE}`] },
    update: { summary: "Update a campus type (fields sent are changed)", errors: ["404 no such campus type", `400 ${TYPE_DUPLICATE}`] },
  },
  listParams: byPage,
  table: summerCampusTypes,
  query: campusTypesQuery,
  present: presentCampusType,
  filter: () => undefined,
  create: summerWrite("catalogue", typeCreate, async (call, p) => {
    const db = call.var.db;
    const [me] = await callerAnd(call);
    const now = Date.now();
    const values = { title: p.title, campusCountry: p.campus_country, createdAt: now, updatedAt: now };
    const [[row]] = await unique("title", TYPE_DUPLICATE, () =>
      db.batch([
        db.insert(summerCampusTypes).values(values).returning(),
        audit(db, me.id, "create", "campus_type", newestId(summerCampusTypes), null, values),
      ]),
    );
    return presentCampusType(row);
  }),
  update: summerWrite("catalogue", typeUpdate, async (call, p, typeId) => {
    const db = call.var.db;
    const [me, [before]] = await callerAnd(call, campusTypeQuery(db, typeId));
    if (!before) throw notFound();
    const changes = { title: p.title, campusCountry: p.campus_country, updatedAt: Date.now() };
    const [[row]] = await unique("title", TYPE_DUPLICATE, () =>
      db.batch([
        db.update(summerCampusTypes).set(changes).where(eq(summerCampusTypes.id, typeId)).returning(),
        audit(db, me.id, "update", "campus_type", typeId, before, { ...before, ...defined(changes) }),
      ]),
    );
    return presentCampusType(found(row));
  }),
};

const COUNTRY_DUPLICATE = "已存在同名的暑校国家。";
const countryCreate = v.object({ name: str(30), campus_type: id });
const countryUpdate = v.object({ name: v.optional(str(30)), campus_type: v.optional(id) });
const typeRef = (ids: number[]) => ({ field: "campus_type", table: summerCampusTypes, ids });

export const countries: CatalogueKind<
  typeof byPage,
  Parameters<typeof presentCountry>[0],
  ReturnType<typeof presentCountry>,
  typeof countryCreate,
  typeof countryUpdate
> = {
  reply: countryDoc,
  docs: {
    list: "Countries, each with its campus type and campuses, 10 a page",
    one: { summary: "A country", errors: ["404"] },
    create: { summary: "Create a country under a campus type", errors: [`400 ${COUNTRY_DUPLICATE}`, "400 campus_type does not exist"] },
    update: { summary: "Update a country", errors: ["404", `400 ${COUNTRY_DUPLICATE}`] },
  },
  listParams: byPage,
  table: summerCountries,
  query: countriesQuery,
  present: presentCountry,
  filter: () => undefined,
  create: summerWrite("catalogue", countryCreate, async (call, p) => {
    const db = call.var.db;
    const type = typeRef([p.campus_type]);
    const [me, types] = await callerAnd(call, refQuery(db, type));
    checkRef(type, types);
    const now = Date.now();
    const values = { name: p.name, campusTypeId: p.campus_type, createdAt: now, updatedAt: now };
    const [, , [country]] = await unique("name", COUNTRY_DUPLICATE, () =>
      db.batch([
        db.insert(summerCountries).values(values),
        audit(db, me.id, "create", "campus_country", newestId(summerCountries), null, values),
        countriesQuery(db, eq(summerCountries.id, newestId(summerCountries))),
      ]),
    );
    return presentCountry(found(country));
  }),
  update: summerWrite("catalogue", countryUpdate, async (call, p, countryId) => {
    const db = call.var.db;
    const type = typeRef(idsOf(p.campus_type));
    const [me, [before], types] = await callerAnd(call, countryRowQuery(db, countryId), refQuery(db, type));
    if (!before) throw notFound();
    checkRef(type, types);
    const changes = defined({ name: p.name, campusTypeId: p.campus_type, updatedAt: Date.now() });
    const [, , [country]] = await unique("name", COUNTRY_DUPLICATE, () =>
      db.batch([
        db.update(summerCountries).set(changes).where(eq(summerCountries.id, countryId)),
        audit(db, me.id, "update", "campus_country", countryId, before, { ...before, ...changes }),
        countriesQuery(db, eq(summerCountries.id, countryId)),
      ]),
    );
    return presentCountry(found(country));
  }),
};

const CAMPUS_DUPLICATE = "校区名称已存在，不能重复创建。";
const campusCreate = v.object({ name: str(30), campus_type: id, info: v.optional(str(100)), campus_country: v.optional(idList) });
const campusUpdate = v.object({
  name: v.optional(str(30)),
  campus_type: v.optional(id),
  info: optText(100),
  campus_country: v.optional(idList),
});
const countryRef = (ids: number[]) => ({ field: "campus_country", table: summerCountries, ids });

export const campuses: CatalogueKind<
  typeof byPage,
  Parameters<typeof presentCampus>[0],
  ReturnType<typeof presentCampus>,
  typeof campusCreate,
  typeof campusUpdate
> = {
  reply: campusDoc,
  docs: {
    list: "Campuses, each with its campus type and countries, 10 a page",
    one: { summary: "A campus", errors: ["404"] },
    create: {
      summary: "Create a campus (campus_country: the ids of its countries)",
      errors: [`400 ${CAMPUS_DUPLICATE}`, "400 campus_type or a campus_country does not exist"],
    },
    update: { summary: "Update a campus; campus_country, when sent, replaces its countries", errors: ["404", `400 ${CAMPUS_DUPLICATE}`] },
  },
  listParams: byPage,
  table: summerCampuses,
  query: campusesQuery,
  present: presentCampus,
  filter: () => undefined,
  create: summerWrite("catalogue", campusCreate, async (call, p) => {
    const db = call.var.db;
    const listed = p.campus_country ?? [];
    const type = typeRef([p.campus_type]);
    const country = countryRef(listed);
    const [me, types, known] = await callerAnd(call, refQuery(db, type), refQuery(db, country));
    checkRef(type, types);
    checkRef(country, known);
    const now = Date.now();
    const values = { name: p.name, info: p.info ?? "", campusTypeId: p.campus_type, createdAt: now, updatedAt: now };
    const campus = newestId(summerCampuses);
    const [, , , [created]] = await unique("name", CAMPUS_DUPLICATE, () =>
      db.batch([
        db.insert(summerCampuses).values(values),
        linkCountries(db, campus, listed),
        audit(db, me.id, "create", "campus", campus, null, { ...values, campus_country: listed }),
        campusesQuery(db, eq(summerCampuses.id, campus)),
      ]),
    );
    return presentCampus(found(created));
  }),
  update: summerWrite("catalogue", campusUpdate, async (call, p, campusId) => {
    const db = call.var.db;
    const type = typeRef(idsOf(p.campus_type));
    const country = countryRef(p.campus_country ?? []);
    const [me, [before], types, known] = await callerAnd(
      call,
      campusesQuery(db, eq(summerCampuses.id, campusId)),
      refQuery(db, type),
      refQuery(db, country),
    );
    if (!before) throw notFound();
    checkRef(type, types);
    checkRef(country, known);
    const changes = defined({
      name: p.name,
      info: p.info === undefined ? undefined : (p.info ?? ""),
      campusTypeId: p.campus_type,
      updatedAt: Date.now(),
    });
    const record = campusRecord(before);
    const [, , , , [after]] = await unique("name", CAMPUS_DUPLICATE, () =>
      db.batch([
        db.update(summerCampuses).set(changes).where(eq(summerCampuses.id, campusId)),
        ...replaceCountries(db, campusId, p.campus_country),
        audit(db, me.id, "update", "campus", campusId, record, { ...record, ...changes, ...defined({ campus_country: p.campus_country }) }),
        campusesQuery(db, eq(summerCampuses.id, campusId)),
      ]),
    );
    return presentCampus(found(after));
  }),
};

export const FEES_MISMATCH = "project_fees参数传入错误，project_fees最大课程数量与传入要设置课程费用的个数不匹配";

/** A fee table: rows {course_number, course_fee} numbered 1..n (a JSON string in form bodies). */
export const feeTable = jsonField(
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

const projectCreate = v.object({
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
const projectUpdate = v.object({
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
const byCampus = v.object({ page: pageParam, campus: v.optional(id) });

/** The campus and country a project request refers to (either may be absent from an update). */
const projectRefs = (campus: number | undefined, country: number | undefined) =>
  [
    { field: "campus", table: summerCampuses, ids: idsOf(campus) },
    { field: "campus_country", table: summerCountries, ids: idsOf(country) },
  ] as const;

export const projects: CatalogueKind<
  typeof byCampus,
  Parameters<typeof presentProject>[0],
  ReturnType<typeof presentProject>,
  typeof projectCreate,
  typeof projectUpdate
> = {
  reply: projectDoc,
  docs: {
    list: "Projects with their fee tables, 10 a page (`?campus=` filters)",
    one: { summary: "A project with its fee table", errors: ["404"] },
    create: {
      summary: "Create a project with its fee table (project_fees numbered 1..n)",
      errors: [
        "400 project_fees不能空",
        `400 ${FEES_MISMATCH}`,
        "400 campus or campus_country does not exist",
        "400 end_date before start_date",
      ],
    },
    update: { summary: "Update a project; project_fees, when sent, replaces the fee table whole", errors: ["404", `400 ${FEES_MISMATCH}`] },
  },
  listParams: byCampus,
  table: summerProjects,
  query: projectsQuery,
  present: presentProject,
  filter: (p) => (p.campus === undefined ? undefined : eq(summerProjects.campusId, p.campus)),
  create: summerWrite("catalogue", projectCreate, async (call, p) => {
    const db = call.var.db;
    const [campus, country] = projectRefs(p.campus, p.campus_country);
    const [me, campusRows, countryRows] = await callerAnd(call, refQuery(db, campus), refQuery(db, country));
    checkDates(p.start_date, p.end_date);
    checkRef(campus, campusRows);
    checkRef(country, countryRows);
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
    return presentProject(found(created));
  }),
  update: summerWrite("catalogue", projectUpdate, async (call, p, projectId) => {
    const db = call.var.db;
    const [campus, country] = projectRefs(p.campus, p.campus_country);
    const [me, [before], campusRows, countryRows] = await callerAnd(
      call,
      projectFeesQuery(db, projectId),
      refQuery(db, campus),
      refQuery(db, country),
    );
    if (!before) throw notFound();
    checkDates(p.start_date ?? before.startDate, p.end_date ?? before.endDate);
    checkRef(campus, campusRows);
    checkRef(country, countryRows);
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
    return presentProject(found(after));
  }),
};
