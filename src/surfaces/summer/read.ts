import { getTableName, type SQLWrapper, sql } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { summerUserCourses } from "../../db/schema/summer";

/** Nested-read shapes of the catalogue (drizzle relational queries: one SQL statement per tree). */
export const countryWith = { campusType: true } as const;
export const countryWithCampuses = { campusType: true, campusLinks: { with: { campus: true } } } as const;
export const campusWith = { campusType: true, countryLinks: { with: { country: { with: countryWith } } } } as const;
export const projectWith = { campus: { with: campusWith }, country: { with: countryWith }, fees: true } as const;

/**
 * A column named with its table, for correlated subqueries: drizzle writes a
 * one-table select's columns unqualified, and an unqualified "id" inside a
 * subquery would mean the subquery's own id.
 */
export const qualified = (column: AnySQLiteColumn) => sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;

// Named, not interpolated as columns: nested relational reads re-alias every column object in an `extras` SQL.
const choices = sql.identifier(getTableName(summerUserCourses));
const choiceCourse = sql.identifier(summerUserCourses.courseId.name);

/** How many seats of a course are taken (choices of live orders; cancelled or failed orders give theirs back). */
export const currentCourseNum = (courseId: SQLWrapper) =>
  sql<number>`(SELECT count(*) FROM ${choices} AS "uc" WHERE "uc".${choiceCourse} = ${courseId})`.as("current_course_num");

/** The `extras` of a course read: its seats taken. */
export const courseExtras = { extras: (t: { id: AnySQLiteColumn }) => ({ currentCourseNum: currentCourseNum(qualified(t.id)) }) };
