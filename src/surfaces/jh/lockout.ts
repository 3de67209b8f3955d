import { and, eq, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import { jhUsers } from "../../db/schema/jh";
import type { Bindings, Db } from "../../env";
import { config } from "../../platform/config";
import { MSG } from "./messages";

/**
 * Password attempts per username: `attempts` wrong passwords within
 * `minutes` lock the account's password checks for `minutes`. Each attempt
 * is counted before the password is checked, in one conditional statement,
 * so parallel guesses cannot get past the limit; a right password clears the count.
 */
export interface LockoutPolicy {
  attempts: number;
  minutes: number;
}

export const policyOf = (env: Bindings): LockoutPolicy => ({
  attempts: Math.max(1, config(env).JH_LOCKOUT_ATTEMPTS),
  minutes: Math.max(1, config(env).JH_LOCKOUT_MINUTES),
});

/** The lockout message, with the minutes left (rounded up). */
export const lockedMessage = (lockedUntil: number | null, policy: LockoutPolicy, now: number) =>
  MSG.locked(lockedUntil && lockedUntil > now ? Math.ceil((lockedUntil - now) / 60_000) : policy.minutes);

export type Attempt = { allowed: false } | { allowed: true; lockedUntil: number | null };

/**
 * The statement counting one attempt on the account `account` selects, sent
 * with the account's read: it counts nothing while the account is locked,
 * and returns the lock this attempt set, if any (`attemptOf`).
 */
export function countAttempt(db: Db, account: SQL, policy: LockoutPolicy, now: number) {
  const windowMs = policy.minutes * 60_000;
  const stale = sql`(${jhUsers.failedSince} IS NULL OR ${jhUsers.failedSince} <= ${now - windowMs})`;
  const next = sql`(CASE WHEN ${stale} THEN 1 ELSE ${jhUsers.failedLogins} + 1 END)`;
  return db
    .update(jhUsers)
    .set({
      failedLogins: next,
      failedSince: sql`(CASE WHEN ${stale} THEN ${now} ELSE ${jhUsers.failedSince} END)`,
      lockedUntil: sql`(CASE WHEN ${next} >= ${policy.attempts} THEN ${now + windowMs} ELSE NULL END)`,
    })
    .where(and(account, or(isNull(jhUsers.lockedUntil), lte(jhUsers.lockedUntil, now))))
    .returning({ lockedUntil: jhUsers.lockedUntil });
}

/** What `countAttempt` returned: `allowed: false` when the account was locked. */
export const attemptOf = ([row]: { lockedUntil: number | null }[]): Attempt =>
  row ? { allowed: true, lockedUntil: row.lockedUntil } : { allowed: false };

export const isLocked = (user: { lockedUntil: number | null }, now: number) => user.lockedUntil !== null && user.lockedUntil > now;

/** The statement clearing the count after a right password. */
export const clearAttempts = (db: Db, userId: number) =>
  db.update(jhUsers).set({ failedLogins: 0, failedSince: null, lockedUntil: null }).where(eq(jhUsers.id, userId));
