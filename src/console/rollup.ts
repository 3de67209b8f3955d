import { and, eq, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { SubqueryWithSelection } from "drizzle-orm/sqlite-core";
import { consoleDaily, consoleRollupMarks } from "../db/schema/console";
import type { Db } from "../env";
import { DAY_MS, dayStart, dayText } from "../platform/console/counts";
import { outcomesByDay } from "../reminders/month";
import { lastSignupId, signupsByDay } from "../surfaces/library/month";
import { lastRentalRowid, rentalsByHour, returnsByDay } from "../surfaces/sports/month";
import { confirmationsByDay, lastAuditId, lastOrderId, ordersByDay } from "../surfaces/summer/month";
import { CHART_DAYS, SERIES, type Series } from "./series";

/**
 * The daily counts behind the console's charts, kept by the every-minute cron so a page view reads the
 * rollup (a few dozen rows) instead of counting a month of rows. Two ways of counting:
 *
 * - Rows counted once as they are added (rentals, orders, confirmations, sign-ups): each source's mark is the
 *   last row id counted; a run moves it forward by at most CHUNK rows and adds what lies between the old and
 *   the new mark, in the same batch (one transaction), so overlapping runs never count a row twice.
 * - Events whose time has an index (returns, reminder outcomes): yesterday and today are recounted every run
 *   (a reminder's outcome may change after it was due), plus one earlier day per run until the month is filled.
 */
const CHUNK = 2000;
/** Days kept in the rollup (a little over what the charts show). */
const KEEP_DAYS = CHART_DAYS + 5;
const BACKFILL = "backfill";

const target = [consoleDaily.series, consoleDaily.day, consoleDaily.hour];

/** A source's counts by day (and hour) as a subquery, ready to insert into the rollup. */
type Hourly = SubqueryWithSelection<{ day: SQL.Aliased<string>; hour: SQL.Aliased<number>; value: SQL.Aliased<number> }, "counted">;
type Counted = SubqueryWithSelection<{ day: SQL.Aliased<string>; value: SQL.Aliased<number> }, "counted"> | Hourly;
// A subquery is a proxy of its fields: what it selects is read from `_`.
const hourly = (counted: Counted): counted is Hourly => "hour" in counted._.selectedFields;

/** Counts of `series` inserted into the rollup: added to what is there (`add`), or replacing it. */
function insertCounts(db: Db, series: SQL<string>, counted: Counted, add: boolean) {
  return db
    .insert(consoleDaily)
    .select(
      db
        .select({
          series: series.as("series"),
          day: counted.day,
          hour: hourly(counted) ? counted.hour : sql<number>`-1`.as("hour"),
          value: counted.value,
        })
        .from(counted)
        // Without a WHERE, SQLite would read the ON of ON CONFLICT as a join's.
        .where(sql`true`),
    )
    .onConflictDoUpdate({ target, set: { value: add ? sql`${consoleDaily.value} + excluded.value` : sql`excluded.value` } });
}

interface Appended {
  source: Series;
  last: SQL<number | null>;
  counted: (db: Db, after: SQL, upTo: SQL, offsetMs: number) => Counted;
}

const APPENDED: Appended[] = [
  { source: SERIES.rentals, last: lastRentalRowid, counted: (...a) => rentalsByHour(...a).as("counted") },
  { source: SERIES.orders, last: lastOrderId, counted: (...a) => ordersByDay(...a).as("counted") },
  { source: SERIES.confirmed, last: lastAuditId, counted: (...a) => confirmationsByDay(...a).as("counted") },
  { source: SERIES.signups, last: lastSignupId, counted: (...a) => signupsByDay(...a).as("counted") },
];

const RECOUNTED: Series[] = [SERIES.returns, SERIES.sent, SERIES.rejected, SERIES.failed];

const m = consoleRollupMarks;
const markOf = (source: string, column: typeof m.prev | typeof m.mark) => sql`(SELECT ${column} FROM ${m} WHERE ${m.source} = ${source})`;

/** The statements adding one source's new rows: its mark row, the mark moved, the rows between counted in. */
function appendStatements(db: Db, a: Appended, offsetMs: number, now: number) {
  return [
    db.insert(m).values({ source: a.source, prev: 0, mark: 0, updatedAt: now }).onConflictDoNothing(),
    db
      .update(m)
      .set({ prev: sql`${m.mark}`, mark: sql`max(${m.mark}, min(${m.mark} + ${CHUNK}, coalesce(${a.last}, 0)))`, updatedAt: now })
      .where(eq(m.source, a.source)),
    insertCounts(db, sql`${a.source}`, a.counted(db, markOf(a.source, m.prev), markOf(a.source, m.mark), offsetMs), true),
  ];
}

/** The statements recounting the indexed series over campus days [`from`, `to`). */
function recountStatements(db: Db, from: number, to: number, offsetMs: number) {
  const days: string[] = [];
  for (let t = from; t < to; t += DAY_MS) days.push(dayText(t, offsetMs));
  const outcomes = outcomesByDay(db, from, to, offsetMs).as("counted");
  return [
    db
      .update(consoleDaily)
      .set({ value: 0 })
      .where(and(inArray(consoleDaily.series, RECOUNTED), inArray(consoleDaily.day, days))),
    insertCounts(db, sql`${SERIES.returns}`, returnsByDay(db, from, to, offsetMs).as("counted"), false),
    insertCounts(db, sql`'reminders.' || ${outcomes.state}`, outcomes, false),
  ];
}

/** How many days back the recount has filled (1: yesterday, which every run recounts). */
export const backfillQuery = (db: Db) => db.select({ done: m.mark }).from(m).where(eq(m.source, BACKFILL)).limit(1);

/** One run of the rollup: the statements of one batch (`backfilled`: what backfillQuery read). */
export function rollupStatements(
  db: Db,
  offsetMs: number,
  now: number,
  backfilled: number,
): [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]] {
  const today = dayStart(now, offsetMs);
  const back = backfilled + 1;
  const backfill: BatchItem<"sqlite">[] =
    back < CHART_DAYS
      ? [
          ...recountStatements(db, today - back * DAY_MS, today - (back - 1) * DAY_MS, offsetMs),
          db
            .insert(m)
            .values({ source: BACKFILL, prev: backfilled, mark: back, updatedAt: now })
            .onConflictDoUpdate({ target: m.source, set: { prev: backfilled, mark: back, updatedAt: now } }),
        ]
      : [];
  const cutoff = dayText(today - KEEP_DAYS * DAY_MS, offsetMs);
  return [
    db.delete(consoleDaily).where(and(inArray(consoleDaily.series, Object.values(SERIES)), lt(consoleDaily.day, cutoff))),
    ...APPENDED.flatMap((a) => appendStatements(db, a, offsetMs, now)),
    ...recountStatements(db, today - DAY_MS, today + DAY_MS, offsetMs),
    ...backfill,
  ];
}
