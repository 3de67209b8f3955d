import { type SQLWrapper, sql } from "drizzle-orm";
import { summerUserCourses } from "../../db/schema/summer";

/** Nested-read shapes of the catalogue (drizzle relational queries: one SQL statement per tree). */
export const countryWith = { campusType: true } as const;
export const countryWithCampuses = { campusType: true, campusLinks: { with: { campus: true } } } as const;
export const campusWith = { campusType: true, countryLinks: { with: { country: { with: countryWith } } } } as const;
export const projectWith = { campus: { with: campusWith }, country: { with: countryWith }, fees: true } as const;

/** How many seats of a course are taken (choices of live orders; cancelled or failed orders give theirs back). */
export const currentCourseNum = (courseId: SQLWrapper) =>
  sql<number>`(SELECT count(*) FROM ${summerUserCourses} WHERE ${summerUserCourses.courseId} = ${courseId})`.as("current_course_num");

/** The `extras` of a course read: its seats taken. */
export const courseExtras = { extras: (t: { id: SQLWrapper }) => ({ currentCourseNum: currentCourseNum(t.id) }) };
