import { and, asc, count, eq, isNull, ne } from "drizzle-orm";
import * as v from "valibot";
import { sessions } from "../../db/schema/platform";
import { summerUsers } from "../../db/schema/summer";
import type { Db } from "../../env";
import { callerAnd } from "../../platform/caller";
import { hashPassword } from "../../platform/password";
import { revokeSubjectQuery } from "../../platform/tokens";
import { SURFACE } from "./auth";
import { summerWrite } from "./call";
import { kv, kvDoc } from "./enums";
import { str } from "./inputs";
import type { Window } from "./page";
import { STAFF_ROLES } from "./roles";
import { audit, bad, defined, newestId, notFound, unique } from "./writes";

/** Staff accounts (子账号): the accounts of every role but STUDENT, managed by ADMIN. */
export type StaffAccount = typeof summerUsers.$inferSelect;

export const USERNAME_TAKEN = "该用户名已存在。";

export const isStaffAccount = ne(summerUsers.role, "STUDENT");

export const staffAccountDoc = v.object({
  id: v.number(),
  name: v.nullable(v.string()),
  username: v.string(),
  is_active: v.boolean(),
  qr_code: v.nullable(v.string()),
  role: kvDoc,
});

export const presentStaffAccount = (u: StaffAccount) => ({
  id: u.id,
  name: u.name,
  username: u.username ?? "",
  is_active: u.isActive,
  qr_code: u.qrCode,
  role: kv("user_role", u.role),
});

/** The staff account `userId` (none for a student's account). */
export const staffAccountQuery = (db: Db, userId: number) =>
  db
    .select()
    .from(summerUsers)
    .where(and(eq(summerUsers.id, userId), isStaffAccount));

/**
 * Ends every live ticket of an account: the statement of platform/tokens.ts
 * `revokeSubject`, as a query, so it is sent in the batch of the write that
 * requires it.
 */
export const endTicketsQuery = (db: Db, userId: number, now = Date.now()) => revokeSubjectQuery(db, SURFACE, String(userId), now);

/** Ends every live ticket of an account but the one `keep` (the ticket that changed its own password). */
export const endOtherTicketsQuery = (db: Db, userId: number, keep: string, now = Date.now()) =>
  db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.surface, SURFACE), eq(sessions.subject, String(userId)), isNull(sessions.revokedAt), ne(sessions.id, keep)));

const password = v.pipe(
  v.string("请输入字符串。"),
  v.minLength(6, "请确保这个字段至少包含 6 个字符。"),
  v.maxLength(30, "请确保这个字段不超过 30 个字符。"),
);
const role = v.picklist(STAFF_ROLES, (i) => `“${String(i.input)}” 不是合法选项。`);
const bool = v.pipe(
  v.union([v.boolean(), v.picklist(["true", "false", "True", "False", "1", "0"])], "必须是有效的布尔值。"),
  v.transform((x) => x === true || x === "true" || x === "True" || x === "1"),
);
const createParams = v.object({ name: str(30), username: str(30, 6), password, role, is_active: v.optional(bool, true) });
const updateParams = v.object({
  name: v.optional(str(30)),
  username: v.optional(str(30, 6)),
  role: v.optional(role),
  is_active: v.optional(bool),
});

/** A page of the staff accounts, oldest first, and their count. */
export const staffAccountsQuery = (db: Db, page: Window) =>
  db.select().from(summerUsers).where(isStaffAccount).orderBy(asc(summerUsers.id)).limit(page.limit).offset(page.offset);
export const staffAccountCountQuery = (db: Db) => db.select({ total: count() }).from(summerUsers).where(isStaffAccount);

export const createStaffAccount = summerWrite("staff_accounts", createParams, async (call, p) => {
  const db = call.var.db;
  const [me] = await callerAnd(call);
  const now = Date.now();
  const values = { name: p.name, username: p.username, role: p.role, isActive: p.is_active, createdAt: now, updatedAt: now };
  const passwordHash = await hashPassword(p.password);
  const [[row]] = await unique("username", USERNAME_TAKEN, () =>
    db.batch([
      db
        .insert(summerUsers)
        .values({ ...values, passwordHash })
        .returning(),
      audit(db, me.id, "create", "staff_user", newestId(summerUsers), null, values),
    ]),
  );
  return presentStaffAccount(row);
});

/** Changes a staff account; disabling it ends its tickets in the same batch, and a role change applies at once (read per request). */
export const updateStaffAccount = summerWrite("staff_accounts", updateParams, async (call, p, userId: number) => {
  const db = call.var.db;
  const [me, [before]] = await callerAnd(call, staffAccountQuery(db, userId));
  if (!before) throw notFound();
  if (before.id === me.id && (p.is_active === false || (p.role && p.role !== before.role)))
    throw bad("non_field_errors", "不能停用或降级自己的账户。");
  const now = Date.now();
  const changes = { name: p.name, username: p.username, role: p.role, isActive: p.is_active, updatedAt: now };
  const { passwordHash: _, ...shown } = before;
  const [[row]] = await unique("username", USERNAME_TAKEN, () =>
    db.batch([
      db.update(summerUsers).set(changes).where(eq(summerUsers.id, before.id)).returning(),
      audit(db, me.id, "update", "staff_user", before.id, shown, { ...shown, ...defined(changes) }),
      ...(p.is_active === false ? [endTicketsQuery(db, before.id, now)] : []),
    ]),
  );
  return presentStaffAccount(row);
});

/** Sets a staff account's password; its tickets end (one's own: all but the ticket used). */
export const setStaffPassword = summerWrite("staff_accounts", v.object({ password }), async (call, p, userId: number) => {
  const db = call.var.db;
  const [me, [target]] = await callerAnd(call, staffAccountQuery(db, userId));
  if (!target) throw notFound();
  const passwordHash = await hashPassword(p.password);
  const now = Date.now();
  await db.batch([
    db
      .update(summerUsers)
      .set({ passwordHash, failedLogins: 0, failedSince: null, lockedUntil: null, updatedAt: now })
      .where(eq(summerUsers.id, target.id)),
    audit(db, me.id, "update_password", "staff_user", target.id, null, null),
    // Staff changing their own password stay signed in with the ticket they changed it with.
    target.id === me.id ? endOtherTicketsQuery(db, me.id, me.sessionId, now) : endTicketsQuery(db, target.id, now),
  ]);
});
