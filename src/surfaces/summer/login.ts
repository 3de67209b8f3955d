import { and, eq, ne, type SQL, sql } from "drizzle-orm";
import { summerStudents, summerUsers } from "../../db/schema/summer";
import type { Db } from "../../env";
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

/** The staff account of a username (students have none). */
export const staffByUsername = (db: Db, username: string) =>
  db
    .select()
    .from(summerUsers)
    .where(and(eq(summerUsers.username, username), ne(summerUsers.role, "STUDENT")))
    .limit(1);

export const lockedMessage = (lockedUntil: number, now: number) =>
  `登录失败次数过多，账户已锁定，请${Math.ceil((lockedUntil - now) / 60_000)}分钟后再试。`;

/** Counts a wrong password; the `maxFailures`-th locks the account for `lockMs` and starts the count again. */
export function countFailedLogin(db: Db, userId: number, maxFailures: number, lockMs: number, now: number) {
  const reached = sql`${summerUsers.failedLogins} + 1 >= ${maxFailures}`;
  return db
    .update(summerUsers)
    .set({
      failedLogins: sql`CASE WHEN ${reached} THEN 0 ELSE ${summerUsers.failedLogins} + 1 END`,
      lockedUntil: sql`CASE WHEN ${reached} THEN ${now + lockMs} ELSE ${summerUsers.lockedUntil} END`,
    })
    .where(eq(summerUsers.id, userId));
}

/** A successful login: the failures forgotten, the lock lifted, the time kept. */
export const loggedIn = (db: Db, userId: number, now: number) =>
  db.update(summerUsers).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now }).where(eq(summerUsers.id, userId));
