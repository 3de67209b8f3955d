import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

/**
 * The console's first page counts what is waiting, as scalar subqueries of one statement. Each
 * count stops at COUNT_CAP + 1 rows, so a pile-up costs a bounded read; the page shows it as "1000+".
 */
export const COUNT_CAP = 1000;

/** A query of the rows to count (any columns), as a capped count. */
export const cappedCount = (rows: { limit(n: number): SQLWrapper }) => sql<number>`(SELECT count(*) FROM (${rows.limit(COUNT_CAP + 1)}))`;

/** A count as the page shows it. */
export const shownCount = (n: number) => (n > COUNT_CAP ? `${COUNT_CAP}+` : String(n));

const DAY_MS = 86_400_000;

/** The campus day of an epoch-ms column or value, `YYYY-MM-DD`, in SQL (`offsetMs`: the campus UTC offset). */
export const campusDay = (ms: SQLiteColumn | SQL, offsetMs: number) => sql<string>`date((${ms} + ${offsetMs}) / 1000, 'unixepoch')`;

/** The campus hour (0-23) of an epoch-ms column, in SQL. */
export const campusHour = (ms: SQLiteColumn | SQL, offsetMs: number) =>
  sql<number>`CAST(strftime('%H', (${ms} + ${offsetMs}) / 1000, 'unixepoch') AS INTEGER)`;

/** The start (epoch ms) of the campus day holding `ms`. */
export const dayStart = (ms: number, offsetMs: number) => Math.floor((ms + offsetMs) / DAY_MS) * DAY_MS - offsetMs;

/** `YYYY-MM-DD` of the campus day holding `ms`. */
export const dayText = (ms: number, offsetMs: number) => new Date(ms + offsetMs).toISOString().slice(0, 10);

/** The last `n` campus days up to the one holding `now`, oldest first, as `YYYY-MM-DD`. */
export const lastDays = (now: number, offsetMs: number, n: number) =>
  Array.from({ length: n }, (_, i) => dayText(dayStart(now, offsetMs) - (n - 1 - i) * DAY_MS, offsetMs));

export { DAY_MS };
