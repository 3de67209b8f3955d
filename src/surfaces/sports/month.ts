import { and, count, gt, gte, lt, lte, type SQL, sql } from "drizzle-orm";
import { sportsRentals } from "../../db/schema/sports";
import type { Db } from "../../env";
import { campusDay, campusHour } from "../../platform/console/counts";

/**
 * The sports office's month, for the console's rollup (src/console/rollup.ts). Rentals are counted once, as
 * they are added: by rowid (rentals are never deleted, so rowids only grow) between two marks the rollup keeps.
 * Returns are recounted per day from the index on `returned_at`.
 */
const rowid = sql`${sportsRentals}.rowid`;

export const lastRentalRowid = sql<number | null>`(SELECT max(rowid) FROM ${sportsRentals})`;

/** Rentals started among rowids in (`after`, `upTo`], by campus day and hour. */
export const rentalsByHour = (db: Db, after: SQL, upTo: SQL, offsetMs: number) =>
  db
    .select({
      day: campusDay(sportsRentals.startedAt, offsetMs).as("day"),
      hour: campusHour(sportsRentals.startedAt, offsetMs).as("hour"),
      value: count().as("value"),
    })
    .from(sportsRentals)
    .where(and(gt(rowid, after), lte(rowid, upTo)))
    .groupBy(sql`1`, sql`2`);

/** Rentals returned in [`from`, `to`), by campus day. */
export const returnsByDay = (db: Db, from: number, to: number, offsetMs: number) =>
  db
    .select({ day: campusDay(sportsRentals.returnedAt, offsetMs).as("day"), value: count().as("value") })
    .from(sportsRentals)
    .where(and(gte(sportsRentals.returnedAt, from), lt(sportsRentals.returnedAt, to)))
    .groupBy(sql`1`);
