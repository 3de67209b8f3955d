import { and, eq, ne, type SQL, sql } from "drizzle-orm";
import { summerLoginThrottle, summerStudents, summerUsers } from "../../db/schema/summer";
import type { Db } from "../../env";
import { countedAttempt, firstAttempt, type LoginPolicy, minutesLeft, spentThrottle, unlocked } from "../../platform/login-attempts";
import { hashPassword, needsRehash } from "../../platform/password";
import type { WechatIdentity } from "./wechat-login";

/** Logging in: students by WeChat code (the account made on first login), staff by password (with a lockout). */

/** The account of a WeChat openid (SQL, for the statements of the login batch that creates it). */
export const studentIdOf = (openid: string): SQL =>
  sql`(SELECT ${summerUsers.id} FROM ${summerUsers} WHERE ${summerUsers.openid} = ${openid})`;

/** Creates the student's account on first login, or stamps the login; returns the account's id, role and state. */
export const upsertStudentUser = (db: Db, who: WechatIdentity, now: number) =>
  db
    .insert(summerUsers)
    .values({ role: "STUDENT", openid: who.openid, unionid: who.unionid, lastLoginAt: now, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: summerUsers.openid,
      set: { lastLoginAt: now, unionid: sql`coalesce(excluded.unionid, ${summerUsers.unionid})` },
    })
    .returning({ id: summerUsers.id, isActive: summerUsers.isActive, role: summerUsers.role });

/** Creates the student's row on first login; later logins refresh the WeChat avatar and nickname when WeChat sent them. */
export const upsertStudent = (db: Db, userId: SQL, who: WechatIdentity, now: number) => {
  const profile = { ...(who.headimgurl ? { headimgurl: who.headimgurl } : {}), ...(who.nickname ? { wxName: who.nickname } : {}) };
  return db
    .insert(summerStudents)
    .values({ userId, headimgurl: who.headimgurl, wxName: who.nickname, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: summerStudents.userId, set: { ...profile, updatedAt: now } });
};

/** Verified against when the username is unknown, so both answers take as long. */
export const DECOY_HASH = "pbkdf2-sha256$100000$2mGJ0c-5dsuCJYbWbOyzGQ$QeHU8nyZ8dfCsWCnh3WOHZAT3ENrf9gQuMcTNBYzmWk";
export const WRONG_LOGIN = "用户名或密码错误";

const staffNamed = (username: string) => and(eq(summerUsers.username, username), ne(summerUsers.role, "STUDENT"));

/** The staff account of a username (students have none). */
export const staffByUsername = (db: Db, username: string) => db.select().from(summerUsers).where(staffNamed(username)).limit(1);

export const lockedMessage = (lockedUntil: number | null, policy: LoginPolicy, now: number) =>
  `登录失败次数过多，账户已锁定，请${minutesLeft(lockedUntil, policy, now)}分钟后再试。`;

/**
 * The login's one batch: the attempt counted on the staff account of
 * `username` or, when there is none, on the username's throttle row, before
 * the password is checked. `attemptOf` reads what it returned.
 */
export function countLoginAttempt(db: Db, username: string, policy: LoginPolicy, now: number) {
  const t = summerLoginThrottle;
  const known = db.select({ id: summerUsers.id }).from(summerUsers).where(staffNamed(username));
  return [
    db
      .update(summerUsers)
      .set(countedAttempt(summerUsers, policy, now))
      .where(and(staffNamed(username), unlocked(summerUsers, now)))
      .returning(),
    db
      .insert(t)
      .select(sql`SELECT ${username}, ${firstAttempt(policy, now)} WHERE NOT EXISTS ${known}`)
      .onConflictDoUpdate({ target: t.username, set: countedAttempt(t, policy, now), setWhere: unlocked(t, now) })
      .returning({ lockedUntil: t.lockedUntil }),
    staffByUsername(db, username),
    db.select({ lockedUntil: t.lockedUntil }).from(t).where(eq(t.username, username)),
    db.delete(t).where(spentThrottle(t.failedSince, policy, now)),
  ] as const;
}

type Staff = typeof summerUsers.$inferSelect;
/** What the attempt comes to: the account to check the password of, a lock, or an unknown username to answer like a wrong password. */
export type Attempt = { kind: "check"; user: Staff } | { kind: "locked"; lockedUntil: number | null } | { kind: "unknown" };

export function attemptOf([counted, throttled, [user], [throttle]]: readonly [
  Staff[],
  { lockedUntil: number | null }[],
  Staff[],
  { lockedUntil: number | null }[],
  unknown,
]): Attempt {
  if (counted[0]) return { kind: "check", user: counted[0] };
  if (user) return { kind: "locked", lockedUntil: user.lockedUntil };
  return throttled[0] ? { kind: "unknown" } : { kind: "locked", lockedUntil: throttle?.lockedUntil ?? null };
}

/** A successful login: the failures forgotten, the lock lifted, the time kept. */
export const loggedIn = (db: Db, userId: number, now: number) =>
  db.update(summerUsers).set({ failedLogins: 0, failedSince: null, lockedUntil: null, lastLoginAt: now }).where(eq(summerUsers.id, userId));

/** A password hash imported from StuSystem (Django's) becomes Campus Edge's own at the first right login: the statement that stores it. */
export const upgradedHash = async (db: Db, user: Staff, password: string) =>
  user.passwordHash && needsRehash(user.passwordHash)
    ? [
        db
          .update(summerUsers)
          .set({ passwordHash: await hashPassword(password) })
          .where(eq(summerUsers.id, user.id)),
      ]
    : [];
