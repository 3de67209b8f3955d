import { and, asc, count, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import {
  CAMPUS_COUNTRIES,
  summerCampusCountries,
  summerCampuses,
  summerCampusTypes,
  summerCountries,
  summerProjectFees,
  summerProjects,
} from "../../db/schema/summer";
import type { Db } from "../../env";
import { kv } from "./enums";
import type { Window } from "./page";
import { isoZ, presentCampusBrief, presentCampusType } from "./present";
import { campusWith, countryWithCampuses, projectWith } from "./read";
import { invalidRef, type Ref } from "./refs";
import { bad } from "./writes";

/**
 * The catalogue (campus types, countries, campuses, projects): the queries a
 * route sends with its caller's read or its writes, and the checks and
 * presenters of what they return. Lists are oldest first; a `where` of one
 * id serves the detail, and `eq(x.id, newestId(x))` the row a write batch
 * has just inserted.
 */

/** How many rows of `table` match `where`, for a page's `count`. */
export const countOf = (db: Db, table: SQLiteTable, where?: SQL) => db.select({ total: count() }).from(table).where(where);

/** Which of a request's referred ids exist (sent with the caller's read). */
export const refQuery = (db: Db, ref: Ref) => db.select({ id: ref.table.id }).from(ref.table).where(inArray(ref.table.id, ref.ids));

/** 400 naming the field of the first referred id that `refQuery` did not find. */
export function checkRef(ref: Ref, found: { id: number }[]) {
  const have = new Set(found.map((row) => row.id));
  const missing = ref.ids.find((id) => !have.has(id));
  if (missing !== undefined) throw invalidRef(ref.field, missing);
}

/** The referred ids of an optional field (none when it was not sent). */
export const idsOf = (id: number | undefined) => (id === undefined ? [] : [id]);

export const campusTypesQuery = (db: Db, where?: SQL, page?: Window) =>
  db.query.summerCampusTypes.findMany({ where, orderBy: (t, { asc }) => [asc(t.id)], limit: page?.limit, offset: page?.offset });

export const campusTypeQuery = (db: Db, id: number) => db.select().from(summerCampusTypes).where(eq(summerCampusTypes.id, id));

export const typesWithCampusesQuery = (db: Db) =>
  db.query.summerCampusTypes.findMany({ with: { campuses: true }, orderBy: (t, { asc }) => [asc(t.id)] });

/** The campus types by region (campus_country), each with its campuses; regions without one are left out. */
export function presentTypesByRegion(types: Awaited<ReturnType<typeof typesWithCampusesQuery>>) {
  return CAMPUS_COUNTRIES.map((region) => ({
    campus_country: kv("campus_country", region),
    campus_type: types
      .filter((t) => t.campusCountry === region)
      .map((t) => ({
        id: t.id,
        title: t.title,
        create_time: presentCampusType(t).create_time,
        campus: [...t.campuses].sort((a, b) => a.id - b.id).map(presentCampusBrief),
      })),
  })).filter((g) => g.campus_type.length > 0);
}

/** Countries with their campus type and campuses. */
export const countriesQuery = (db: Db, where?: SQL, page?: Window) =>
  db.query.summerCountries.findMany({
    where,
    with: countryWithCampuses,
    orderBy: (t, { asc }) => [asc(t.id)],
    limit: page?.limit,
    offset: page?.offset,
  });

export const countryRowQuery = (db: Db, id: number) => db.select().from(summerCountries).where(eq(summerCountries.id, id));

/** Campuses with their campus type and countries. */
export const campusesQuery = (db: Db, where?: SQL, page?: Window) =>
  db.query.summerCampuses.findMany({
    where,
    with: campusWith,
    orderBy: (t, { asc }) => [asc(t.id)],
    limit: page?.limit,
    offset: page?.offset,
  });

type CampusTree = Awaited<ReturnType<typeof campusesQuery>>[number];

/** A campus as its audit record keeps it: its own fields and the ids of its countries. */
export function campusRecord(campus: CampusTree) {
  const { countryLinks, campusType: _type, ...row } = campus;
  return { ...row, campus_country: countryLinks.map((l) => l.countryId) };
}

/** Links a campus to `countries` (one statement to batch; the campus may be the one inserted just before). */
export const linkCountries = (db: Db, campusId: number | SQL, countries: number[]) =>
  db.insert(summerCampusCountries).select(
    db
      .select({ campusId: sql<number>`${campusId}`.as("campus_id"), countryId: summerCountries.id })
      .from(summerCountries)
      .where(inArray(summerCountries.id, countries)),
  );

/** A campus's countries replaced by `countries` when they were sent (two statements to batch; none sent: no change). */
export const replaceCountries = (db: Db, campusId: number, countries: number[] | undefined) =>
  [
    db
      .delete(summerCampusCountries)
      .where(and(eq(summerCampusCountries.campusId, campusId), countries === undefined ? sql`false` : undefined)),
    linkCountries(db, campusId, countries ?? []),
  ] as const;

/** Projects with their campus, country and fee table. */
export const projectsQuery = (db: Db, where?: SQL, page?: Window) =>
  db.query.summerProjects.findMany({
    where,
    with: projectWith,
    orderBy: (t, { asc }) => [asc(t.id)],
    limit: page?.limit,
    offset: page?.offset,
  });

/** A project with its fee table only: what its audit record keeps. */
export const projectFeesQuery = (db: Db, id: number) =>
  db.query.summerProjects.findMany({ where: eq(summerProjects.id, id), with: { fees: true }, limit: 1 });

type ProjectWithFees = Awaited<ReturnType<typeof projectFeesQuery>>[number];

export function checkDates(start: string, end: string) {
  if (end < start) throw bad("end_date", "结束时间不能早于开始时间。");
}

export interface FeeLine {
  course_number: number;
  course_fee: number;
}

/** A fee table as the requests send it and the audit keeps it. */
export const feeLines = (fees: ProjectWithFees["fees"]): FeeLine[] =>
  fees.map((f) => ({ course_number: f.courseNumber, course_fee: f.courseFee }));

/** A project as its audit record keeps it: its own fields and its fee table. */
export function projectRecord(project: ProjectWithFees) {
  const { fees, ...row } = project;
  return { ...row, project_fees: feeLines(fees) };
}

/**
 * Inserts a fee table's rows in one statement (none for an empty table),
 * read from the table sent as JSON; the project may be the one inserted
 * just before in the same batch.
 */
export const insertFees = (db: Db, projectId: number | SQL, fees: FeeLine[]) =>
  db.insert(summerProjectFees).select(
    db
      .select({
        id: sql`NULL`.as("id"),
        projectId: sql<number>`${projectId}`.as("project_id"),
        courseNumber: sql<number>`json_extract("value", '$.course_number')`.as("course_number"),
        courseFee: sql<number>`json_extract("value", '$.course_fee')`.as("course_fee"),
      })
      .from(sql`json_each(${JSON.stringify(fees)})`),
  );

/** A project's fee table replaced whole when one was sent (two statements to batch; none sent: no change). */
export const replaceFees = (db: Db, projectId: number, fees: FeeLine[] | undefined) =>
  [
    db.delete(summerProjectFees).where(and(eq(summerProjectFees.projectId, projectId), fees === undefined ? sql`false` : undefined)),
    insertFees(db, projectId, fees ?? []),
  ] as const;

/** Every campus type, country or campus as a form's choice (id, name), oldest first. */
export const typeChoicesQuery = (db: Db) =>
  db.select({ id: summerCampusTypes.id, name: summerCampusTypes.title }).from(summerCampusTypes).orderBy(asc(summerCampusTypes.id));

export const countryChoicesQuery = (db: Db) =>
  db.select({ id: summerCountries.id, name: summerCountries.name }).from(summerCountries).orderBy(asc(summerCountries.id));

export const campusChoicesQuery = (db: Db) =>
  db.select({ id: summerCampuses.id, name: summerCampuses.name }).from(summerCampuses).orderBy(asc(summerCampuses.id));

/** Every campus and every project (id, name), for the staff's course filters. */
export const filterCampusesQuery = (db: Db) =>
  db
    .select({ id: summerCampuses.id, name: summerCampuses.name, info: summerCampuses.info, createdAt: summerCampuses.createdAt })
    .from(summerCampuses)
    .orderBy(asc(summerCampuses.id));

export const filterProjectsQuery = (db: Db) =>
  db
    .select({ id: summerProjects.id, name: summerProjects.name, campusId: summerProjects.campusId })
    .from(summerProjects)
    .orderBy(asc(summerProjects.id));

export const presentFilterElements = (
  campuses: Awaited<ReturnType<typeof filterCampusesQuery>>,
  projects: Awaited<ReturnType<typeof filterProjectsQuery>>,
) =>
  campuses.map((cp) => ({
    id: cp.id,
    name: cp.name,
    info: cp.info,
    create_time: isoZ(cp.createdAt),
    project_set: projects.filter((p) => p.campusId === cp.id).map((p) => ({ id: p.id, name: p.name })),
  }));
