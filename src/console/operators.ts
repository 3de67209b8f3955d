import { and, count, desc, eq, sql } from "drizzle-orm";
import * as v from "valibot";
import { type ConsoleScope, consoleLoginThrottle, consoleOperators } from "../db/schema/console";
import type { Db } from "../env";
import { AppError } from "../platform/errors";
import { countedAttempt, firstAttempt, type LoginPolicy, lockedBy, minutesLeft, spentThrottle, unlocked } from "../platform/login-attempts";
import { hashPassword, verifyPassword } from "../platform/password";
import { endOperatorSessions } from "./sessions";

export const SCOPES = ["service", "sports", "library", "reminders", "jh", "operators"] as const satisfies readonly ConsoleScope[];

export const SCOPE_NAMES: Record<ConsoleScope, string> = {
  service: "用户服务",
  sports: "体育器材",
  library: "图书馆",
  reminders: "订阅消息提醒",
  jh: "精弘账号",
  operators: "运营人员管理",
};

export const usernameSchema = v.pipe(v.string(), v.trim(), v.regex(/^[A-Za-z0-9_.-]{3,32}$/, "用户名为 3–32 位字母、数字或 _ . -"));
export const passwordSchema = v.pipe(v.string(), v.minLength(8, "密码至少 8 位"), v.maxLength(128, "密码至多 128 位"));
/** Scopes as a JSON array, repeated form fields, or one comma-separated string ("sports,library"). */
export const scopesSchema = v.pipe(
  v.union([v.array(v.string()), v.string()]),
  v.transform((s) => (Array.isArray(s) ? s : s.split(",")).map((x) => x.trim()).filter((x) => x !== "")),
  v.array(v.picklist(SCOPES, `scopes: each one of ${SCOPES.join(", ")}`)),
  v.transform((s) => [...new Set(s)]),
);

/** A flag as JSON true/false or a form's "true"/"false"/"1"/"0". */
export const flagSchema = v.pipe(
  v.union([v.boolean(), v.picklist(["true", "false", "1", "0"])]),
  v.transform((f) => f === true || f === "true" || f === "1"),
);

export interface OperatorSummary {
  id: number;
  username: string;
  display_name: string;
  scopes: ConsoleScope[];
  disabled: boolean;
  locked_until: number | null;
  last_login_at: number | null;
  created_by: string;
  created_at: number;
}

const summary = {
  id: consoleOperators.id,
  username: consoleOperators.username,
  display_name: consoleOperators.displayName,
  scopes: consoleOperators.scopes,
  disabled: consoleOperators.disabled,
  locked_until: consoleOperators.lockedUntil,
  last_login_at: consoleOperators.lastLoginAt,
  created_by: consoleOperators.createdBy,
  created_at: consoleOperators.createdAt,
};

export async function createOperator(
  db: Db,
  input: { username: string; password: string; scopes: ConsoleScope[]; display_name?: string },
  createdBy: string,
  now = Date.now(),
): Promise<OperatorSummary> {
  const passwordHash = await hashPassword(input.password);
  const [row] = await db
    .insert(consoleOperators)
    .values({
      username: input.username,
      displayName: input.display_name ?? "",
      passwordHash,
      scopes: input.scopes,
      createdBy,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning(summary);
  if (!row) throw new AppError("conflict", `用户名 ${input.username} 已存在`, { field: "username" });
  return row;
}

export async function listOperators(db: Db, limit: number, offset: number) {
  const [[{ total }], rows] = await db.batch([
    db.select({ total: count() }).from(consoleOperators),
    db.select(summary).from(consoleOperators).orderBy(desc(consoleOperators.id)).limit(limit).offset(offset),
  ]);
  return { total, rows };
}

/** Changes scopes, the disabled flag or the password; disabling or a new password ends the operator's sessions. */
export async function updateOperator(
  db: Db,
  id: number,
  change: { scopes?: ConsoleScope[]; disabled?: boolean; password?: string; display_name?: string },
  now = Date.now(),
): Promise<OperatorSummary> {
  const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password);
  const update = db
    .update(consoleOperators)
    .set({
      scopes: change.scopes,
      disabled: change.disabled,
      displayName: change.display_name,
      ...(passwordHash ? { passwordHash, failedLogins: 0, failedSince: null, lockedUntil: null } : {}),
      ...(change.disabled === false ? { failedLogins: 0, failedSince: null, lockedUntil: null } : {}),
      updatedAt: now,
    })
    .where(eq(consoleOperators.id, id))
    .returning(summary);
  const ends = change.disabled || passwordHash !== undefined;
  const [[row]] = ends ? await db.batch([update, endOperatorSessions(db, id)]) : [await update];
  if (!row) throw new AppError("not_found", "没有这个运营人员");
  return row;
}

/** Verified against when the username is unknown, so both answers take as long. */
const DECOY_HASH = "pbkdf2-sha256$100000$2mGJ0c-5dsuCJYbWbOyzGQ$QeHU8nyZ8dfCsWCnh3WOHZAT3ENrf9gQuMcTNBYzmWk";
export const WRONG_PASSWORD = "用户名或密码错误";

export type SignInResult = { ok: true; operator: { id: number; username: string } } | { ok: false; message: string; failures: number };

const lockedAnswer = (lockedUntil: number | null, policy: LoginPolicy, now: number): SignInResult => ({
  ok: false,
  message: `登录失败次数过多，账号已锁定，请 ${minutesLeft(lockedUntil, policy, now)} 分钟后再试`,
  failures: policy.maxFailures,
});

/**
 * One batch counting the attempt on the operator named `username` or, when there is none, on the
 * username's throttle row, before the password is checked (src/platform/login-attempts.ts).
 */
function countSignIn(db: Db, username: string, policy: LoginPolicy, now: number) {
  const t = consoleLoginThrottle;
  const named = eq(consoleOperators.username, username);
  return db.batch([
    db
      .update(consoleOperators)
      .set(countedAttempt(consoleOperators, policy, now))
      .where(and(named, unlocked(consoleOperators, now)))
      .returning(),
    db
      .insert(t)
      .select(
        sql`SELECT ${username}, ${firstAttempt(policy, now)} WHERE NOT EXISTS ${db.select({ id: consoleOperators.id }).from(consoleOperators).where(named)}`,
      )
      .onConflictDoUpdate({ target: t.username, set: countedAttempt(t, policy, now), setWhere: unlocked(t, now) })
      .returning({ failedLogins: t.failedLogins, lockedUntil: t.lockedUntil }),
    db.select({ lockedUntil: consoleOperators.lockedUntil }).from(consoleOperators).where(named),
    db.select({ lockedUntil: t.lockedUntil }).from(t).where(eq(t.username, username)),
    db.delete(t).where(spentThrottle(t.failedSince, policy, now)),
  ]);
}

/**
 * Checks an operator's password. The attempt is counted before the password is checked; the one
 * reaching `maxFailures` locks the account for `lockMs`, and a locked account is refused without
 * checking. An unknown username is counted, locked and answered the same way.
 */
export async function checkOperatorPassword(
  db: Db,
  username: string,
  password: string,
  policy: LoginPolicy,
  now = Date.now(),
): Promise<SignInResult> {
  const [[op], [throttled], [known], [throttle]] = await countSignIn(db, username, policy, now);
  if (!op && known) return lockedAnswer(known.lockedUntil, policy, now);
  if (!op && !throttled) return lockedAnswer(throttle?.lockedUntil ?? null, policy, now);
  const counted = op ?? throttled;
  const right = await verifyPassword(password, op?.passwordHash ?? DECOY_HASH);
  if (!op || !right) {
    return lockedBy(counted, now)
      ? lockedAnswer(counted.lockedUntil, policy, now)
      : { ok: false, message: WRONG_PASSWORD, failures: counted.failedLogins };
  }
  if (op.disabled) return { ok: false, message: "该账号已停用", failures: 0 };
  await db
    .update(consoleOperators)
    .set({ failedLogins: 0, failedSince: null, lockedUntil: null, lastLoginAt: now })
    .where(eq(consoleOperators.id, op.id));
  return { ok: true, operator: { id: op.id, username: op.username } };
}
