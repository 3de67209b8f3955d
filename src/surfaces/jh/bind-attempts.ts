import { type SQL, sql } from "drizzle-orm";
import { jhBindAttempts } from "../../db/schema/jh";
import type { Db } from "../../env";
import { type LockoutPolicy, lockedMessage } from "./lockout";

/**
 * Attempts to bind the 精弘 passport, limited per account and per student number (a throwaway account from
 * register2 costs nothing, so the student number's limit is what stops guessing). Each attempt is counted
 * before the passport is asked, in one conditional statement per key, so guesses sent at once cannot get
 * past the limit; the attempt that reaches it locks the key for the window. A bind that succeeds clears the
 * student number's count, not the account's: one account cannot try password after password across student
 * numbers by binding its own in between.
 */

/** A student number as the passport is asked about it and as it is counted: one student however it is typed. */
export const normalPid = (pid: string) => pid.normalize("NFKC").trim();

const pidKey = (pid: string) => sql`${`pid:${pid}`}`;
const userKey = (userId: SQL) => sql`('user:' || ${userId})`;

/** One attempt on `key`, counted only while `userId` names a user and the key is not locked; a row when counted. */
function countOn(db: Db, key: SQL, userId: SQL, policy: LockoutPolicy, now: number) {
  const t = jhBindAttempts;
  const windowMs = policy.minutes * 60_000;
  const stale = sql`(${t.since} <= ${now - windowMs})`;
  const next = sql`(CASE WHEN ${stale} THEN 1 ELSE ${t.attempts} + 1 END)`;
  const firstLock = policy.attempts <= 1 ? now + windowMs : null;
  return db
    .insert(t)
    .select(sql`SELECT ${key}, 1, ${now}, ${firstLock} WHERE ${userId} IS NOT NULL`)
    .onConflictDoUpdate({
      target: t.key,
      set: {
        attempts: next,
        since: sql`(CASE WHEN ${stale} THEN ${now} ELSE ${t.since} END)`,
        lockedUntil: sql`(CASE WHEN ${next} >= ${policy.attempts} THEN ${now + windowMs} ELSE NULL END)`,
      },
      setWhere: sql`(${t.lockedUntil} IS NULL OR ${t.lockedUntil} <= ${now})`,
    })
    .returning({ key: t.key });
}

/**
 * The statements sent with the caller's read when it binds `pid`: the locks as they stand (for the message),
 * then one attempt counted on the account and one on the student number. `userId` is the credit's live user
 * as SQL, so a credit the caller's read refuses counts nothing.
 */
export function bindAttempts(db: Db, userId: SQL, pid: string, policy: LockoutPolicy, now: number) {
  const t = jhBindAttempts;
  return [
    db
      .select({ lockedUntil: t.lockedUntil })
      .from(t)
      .where(sql`${t.key} IN (${userKey(userId)}, ${pidKey(pid)})`),
    countOn(db, userKey(userId), userId, policy, now),
    countOn(db, pidKey(pid), userId, policy, now),
  ] as const;
}

/** The lockout message when either count was refused (the longest lock's minutes left), else null. */
export function attemptRefusal(
  [locks, byUser, byPid]: [{ lockedUntil: number | null }[], unknown[], unknown[]],
  policy: LockoutPolicy,
  now: number,
): string | null {
  if (byUser.length === 1 && byPid.length === 1) return null;
  const until = Math.max(0, ...locks.map((l) => l.lockedUntil ?? 0));
  return lockedMessage(until || null, policy, now);
}

/** The statement clearing a student number's count after its password was proved. */
export const clearPidAttempts = (db: Db, pid: string) => db.delete(jhBindAttempts).where(sql`${jhBindAttempts.key} = ${pidKey(pid)}`);
