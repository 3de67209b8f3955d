import { isNull, lte, or, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

/**
 * A password lockout counted before the password is checked. One conditional
 * statement counts the attempt and refuses it once the account is locked, so
 * guesses sent in parallel cannot all be checked: `maxFailures` attempts within
 * `lockMs` lock for `lockMs`; the attempt reaching the limit is still checked
 * (a right password clears the count). Usernames with no account are counted
 * the same way in a throttle table, so a lock says nothing of which names exist.
 */
export interface LoginPolicy {
  maxFailures: number;
  lockMs: number;
}

/** The columns an account (or a throttle row) keeps its count in. */
export interface AttemptColumns {
  failedLogins: SQLiteColumn;
  failedSince: SQLiteColumn;
  lockedUntil: SQLiteColumn;
}

/** The SET of an UPDATE counting one attempt (with `unlocked` as its condition). */
export const countedAttempt = (t: AttemptColumns, policy: LoginPolicy, now: number) => {
  const stale = sql`(${t.failedSince} IS NULL OR ${t.failedSince} <= ${now - policy.lockMs})`;
  const next = sql`(CASE WHEN ${stale} THEN 1 ELSE ${t.failedLogins} + 1 END)`;
  const reached = sql`(${next} >= ${policy.maxFailures})`;
  return {
    failedLogins: sql`CASE WHEN ${reached} THEN 0 ELSE ${next} END`,
    failedSince: sql`CASE WHEN ${stale} THEN ${now} ELSE ${t.failedSince} END`,
    lockedUntil: sql`CASE WHEN ${reached} THEN ${now + policy.lockMs} ELSE NULL END`,
  };
};

/** The condition under which an attempt is counted, and checked: the lock, if any, has ended. */
export const unlocked = (t: AttemptColumns, now: number): SQL | undefined => or(isNull(t.lockedUntil), lte(t.lockedUntil, now));

/** The values of a throttle row's first attempt (SQL, in the table's column order after the username). */
export const firstAttempt = (policy: LoginPolicy, now: number) => {
  const reached = policy.maxFailures <= 1;
  return sql`${reached ? 0 : 1}, ${now}, ${reached ? now + policy.lockMs : null}`;
};

/** Whether a counted attempt's row says the account is now locked. */
export const lockedBy = (row: { lockedUntil: number | null }, now: number) => row.lockedUntil !== null && row.lockedUntil > now;

/** The minutes left of a lock, rounded up. */
export const minutesLeft = (lockedUntil: number | null, policy: LoginPolicy, now: number) =>
  lockedUntil !== null && lockedUntil > now ? Math.ceil((lockedUntil - now) / 60_000) : Math.ceil(policy.lockMs / 60_000);

/** Throttle rows that count for nothing any more: their count and any lock they set have ended. */
export const spentThrottle = (failedSince: SQLiteColumn, policy: LoginPolicy, now: number) => lte(failedSince, now - 2 * policy.lockMs);
