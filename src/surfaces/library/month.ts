import { and, count, gt, lte, type SQL, sql } from "drizzle-orm";
import { librarySignups } from "../../db/schema/library";
import type { Db } from "../../env";
import { campusDay } from "../../platform/console/counts";

/**
 * Training sign-ups for the console's rollup (src/console/rollup.ts), counted once as they are made: by id
 * (AUTOINCREMENT, never reused) between two marks the rollup keeps. A sign-up cancelled within the minute
 * before the cron sees it is not counted.
 */
export const lastSignupId = sql<number | null>`(SELECT max(${librarySignups.id}) FROM ${librarySignups})`;

/** Sign-ups among ids in (`after`, `upTo`], by campus day. */
export const signupsByDay = (db: Db, after: SQL, upTo: SQL, offsetMs: number) =>
  db
    .select({ day: campusDay(librarySignups.createdAt, offsetMs).as("day"), value: count().as("value") })
    .from(librarySignups)
    .where(and(gt(librarySignups.id, after), lte(librarySignups.id, upTo)))
    .groupBy(sql`1`);
