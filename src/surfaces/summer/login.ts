import { and, eq, ne, type SQL, sql } from "drizzle-orm";
import * as v from "valibot";
import { summerLoginThrottle, summerStudents, summerUsers } from "../../db/schema/summer";
import type { Bindings, Db } from "../../env";
import { config } from "../../platform/config";
import { countedAttempt, firstAttempt, type LoginPolicy, minutesLeft, spentThrottle, unlocked } from "../../platform/login-attempts";
import { hashPassword, needsRehash, verifyPassword } from "../../platform/password";
import { str } from "./inputs";
import { issueTicket } from "./tickets";
import type { WechatIdentity } from "./wechat-login";
import { bad } from "./writes";

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
export const DISABLED = "该用户已被禁用";

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

/** A staff login's parameters, as `/auth/user/login` reads them. */
export const staffLoginParams = v.object({
  username: str(30, 6),
  password: v.pipe(v.string(), v.minLength(6, "请确保这个字段至少包含 6 个字符。"), v.maxLength(30, "请确保这个字段不超过 30 个字符。")),
});

/**
 * A staff login, as `/auth/user/login` and the console run it: the attempt counted before the password is
 * checked (SUMMER_LOGIN_MAX_FAILURES wrong ones lock the account, or an unknown username, for
 * SUMMER_LOGIN_LOCK_SECONDS), then the password, then a ticket issued with the login's bookkeeping. A refusal is
 * the API's 400 (locked, wrong username or password, disabled).
 */
export async function staffLogin(db: Db, env: Bindings, p: v.InferOutput<typeof staffLoginParams>, now = Date.now()) {
  const cfg = config(env);
  const policy = { maxFailures: cfg.SUMMER_LOGIN_MAX_FAILURES, lockMs: cfg.SUMMER_LOGIN_LOCK_SECONDS * 1000 };
  const attempt = attemptOf(await db.batch(countLoginAttempt(db, p.username, policy, now)));
  if (attempt.kind === "locked") throw bad("non_field_errors", lockedMessage(attempt.lockedUntil, policy, now));
  const user = attempt.kind === "check" ? attempt.user : null;
  const right = await verifyPassword(p.password, user?.passwordHash ?? DECOY_HASH);
  if (!user?.passwordHash || !right) throw bad("non_field_errors", WRONG_LOGIN);
  if (!user.isActive) throw bad("non_field_errors", DISABLED);
  const issued = await issueTicket(db, env, user.id, [loggedIn(db, user.id, now), ...(await upgradedHash(db, user, p.password))]);
  return { user, ...issued };
}
