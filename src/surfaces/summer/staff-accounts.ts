import { and, eq, isNull, ne } from "drizzle-orm";
import * as v from "valibot";
import { sessions } from "../../db/schema/platform";
import { summerUsers } from "../../db/schema/summer";
import type { Db } from "../../env";
import { revokeSubjectQuery } from "../../platform/tokens";
import { SURFACE } from "./auth";
import { kv, kvDoc } from "./enums";

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
