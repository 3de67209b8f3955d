import { eq, inArray, type SQL, sql } from "drizzle-orm";
import type { BatchResponse } from "drizzle-orm/batch";
import * as v from "valibot";
import { summerCampuses, summerCountries, summerStudents } from "../../db/schema/summer";
import type { Db } from "../../env";
import { presentSalesMan, studentAdvisorQuery } from "./advisors";
import { salesManDoc } from "./docs";
import { kv, kvDoc } from "./enums";
import { invalidRef } from "./refs";
import { notFound } from "./writes";

/** The student's own profile (user info) and personal file (档案), at /auth/user/info/{user_id}/. */
type StudentRow = typeof summerStudents.$inferSelect;

const n = v.number();
const ns = v.nullable(v.string());
export const infoDoc = v.object({
  id: n,
  name: ns,
  email: ns,
  wechat: ns,
  wcountry: v.pipe(v.array(v.string()), v.description("names of the countries")),
  wcampus: v.pipe(v.array(v.string()), v.description("names of the campuses")),
  wcountry_ids: v.array(n),
  wcampus_ids: v.array(n),
  cschool: ns,
  cshool: v.pipe(ns, v.description("the same as cschool, as the document of GET spells it")),
  headimgurl: ns,
  valid_sales_man: v.boolean(),
  sales_man: v.nullable(salesManDoc),
});
export const fileDoc = v.object({
  id: n,
  name: ns,
  email: ns,
  wechat: ns,
  cschool: ns,
  first_name: ns,
  last_name: ns,
  gender: v.nullable(kvDoc),
  id_number: ns,
  major: ns,
  graduate_year: ns,
  gpa: v.nullable(n),
});

/** The profile needs completing while any of name, email, wechat, wcountry, wcampus is missing. */
export const needsCompleting = (s: StudentRow | undefined) =>
  !s?.name || !s.email || !s.wechat || s.wcountry.length === 0 || s.wcampus.length === 0;

/** The student's row (`userId` may be SQL: the account a login batch has just written). */
export const studentQuery = (db: Db, userId: number | SQL) =>
  db.select().from(summerStudents).where(eq(summerStudents.userId, userId)).limit(1);

/** Changes the student's row; add `.returning()` to read it back. */
export const updateStudent = (db: Db, userId: number, changes: Partial<StudentRow>, now: number) =>
  db
    .update(summerStudents)
    .set({ ...changes, updatedAt: now })
    .where(eq(summerStudents.userId, userId));

type NamedTable = typeof summerCountries | typeof summerCampuses;

/** Names of ids held in a JSON column of the student's row, in one statement. */
const namesOf = (db: Db, table: NamedTable, list: SQL) =>
  db
    .select({ id: table.id, name: table.name })
    .from(table)
    .where(inArray(table.id, sql`(SELECT value FROM json_each(${list}))`));

/** What the student's information shows: the row, the names of its countries and campuses, the advisor. */
export function infoQueries(db: Db, userId: number) {
  const column = (col: typeof summerStudents.wcountry | typeof summerStudents.wcampus) =>
    sql`(SELECT ${col} FROM ${summerStudents} WHERE ${summerStudents.userId} = ${userId})`;
  return [
    studentQuery(db, userId),
    namesOf(db, summerCountries, column(summerStudents.wcountry)),
    namesOf(db, summerCampuses, column(summerStudents.wcampus)),
    studentAdvisorQuery(db, userId),
  ] as const;
}

const inOrder = (ids: number[], rows: { id: number; name: string }[]) =>
  ids.flatMap((id) => {
    const row = rows.find((r) => r.id === id);
    return row ? [row.name] : [];
  });

/** The information from what `infoQueries` read (404 when the student has no row). */
export function presentInfo([[s], countries, campuses, [advisor]]: BatchResponse<ReturnType<typeof infoQueries>>, requestUrl: string) {
  if (!s) throw notFound();
  return {
    id: s.userId,
    name: s.name,
    email: s.email,
    wechat: s.wechat,
    wcountry: inOrder(s.wcountry, countries),
    wcampus: inOrder(s.wcampus, campuses),
    wcountry_ids: s.wcountry,
    wcampus_ids: s.wcampus,
    cschool: s.cschool,
    // The reference doc of GET /auth/user/info/ spells it so (its update reply: cschool).
    cshool: s.cschool,
    headimgurl: s.headimgurl,
    valid_sales_man: s.validSalesMan,
    sales_man: advisor ? presentSalesMan(advisor.salesMan, requestUrl) : null,
  };
}

export const presentFile = (s: StudentRow) => ({
  id: s.userId,
  name: s.name,
  email: s.email,
  wechat: s.wechat,
  cschool: s.cschool,
  first_name: s.firstName,
  last_name: s.lastName,
  gender: kv("user_info_gender", s.gender),
  id_number: s.idNumber,
  major: s.major,
  graduate_year: s.graduateYear,
  gpa: s.gpa,
});

/** Which of `ids` exist (none asked: no row read). */
export const existingQuery = (db: Db, table: NamedTable, ids: number[]) =>
  db.select({ id: table.id }).from(table).where(inArray(table.id, ids));

/** 400 naming `field` and the first of `ids` that `existingQuery` did not find. */
export function mustExist(field: string, ids: number[], found: { id: number }[]) {
  const have = new Set(found.map((row) => row.id));
  const missing = ids.find((id) => !have.has(id));
  if (missing !== undefined) throw invalidRef(field, missing);
}
