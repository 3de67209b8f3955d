import { and, eq, isNull, lte, or, sql } from "drizzle-orm";
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

/** Counts one attempt; `allowed: false` when the account is locked, `lockedUntil` set when this attempt used the last one. */
export async function countAttempt(db: Db, userId: number, policy: LockoutPolicy, now: number): Promise<Attempt> {
  const windowMs = policy.minutes * 60_000;
  const stale = sql`(${jhUsers.failedSince} IS NULL OR ${jhUsers.failedSince} <= ${now - windowMs})`;
  const next = sql`(CASE WHEN ${stale} THEN 1 ELSE ${jhUsers.failedLogins} + 1 END)`;
  const [row] = await db
    .update(jhUsers)
    .set({
      failedLogins: next,
      failedSince: sql`(CASE WHEN ${stale} THEN ${now} ELSE ${jhUsers.failedSince} END)`,
      lockedUntil: sql`(CASE WHEN ${next} >= ${policy.attempts} THEN ${now + windowMs} ELSE NULL END)`,
    })
    .where(and(eq(jhUsers.id, userId), or(isNull(jhUsers.lockedUntil), lte(jhUsers.lockedUntil, now))))
    .returning({ lockedUntil: jhUsers.lockedUntil });
  return row ? { allowed: true, lockedUntil: row.lockedUntil } : { allowed: false };
}

export const isLocked = (user: { lockedUntil: number | null }, now: number) => user.lockedUntil !== null && user.lockedUntil > now;

/** The statement clearing the count after a right password. */
export const clearAttempts = (db: Db, userId: number) =>
  db.update(jhUsers).set({ failedLogins: 0, failedSince: null, lockedUntil: null }).where(eq(jhUsers.id, userId));
