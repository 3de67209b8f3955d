import { count, desc, eq, sql } from "drizzle-orm";
import { serviceUsers } from "../../db/schema/service";
import type { Db } from "../../env";
import { AppError } from "../../platform/errors";
import type { Page } from "../../platform/paging";
import { formatDateTime } from "../../platform/time";

export const HISTORY_LIMIT = 6;

export type ServiceUser = typeof serviceUsers.$inferSelect;

export interface Profile {
  phone: string;
  qq: string;
  cardno: string;
  wxid?: string | null;
}

export function findUser(db: Db, openid: string) {
  return db.query.serviceUsers.findFirst({ where: eq(serviceUsers.openid, openid) });
}

/** A page of users, newest first, with the total, in one round trip (operators' list). */
export async function listUsers(db: Db, page: Page) {
  const [users, [{ total }]] = await db.batch([
    db
      .select({
        id: serviceUsers.id,
        openid: serviceUsers.openid,
        phone: serviceUsers.phone,
        qq: serviceUsers.qq,
        cardno: serviceUsers.cardno,
        wxid: serviceUsers.wxid,
      })
      .from(serviceUsers)
      .orderBy(desc(serviceUsers.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ total: count() }).from(serviceUsers),
  ]);
  return { total, users };
}

/** Registers the user, or refreshes the profile of one already registered. */
export async function registerOrRefresh(db: Db, openid: string, profile: Profile, now = Date.now()): Promise<ServiceUser> {
  const values = { phone: profile.phone, qq: profile.qq, cardno: profile.cardno, wxid: profile.wxid ?? null };
  const [row] = await db
    .insert(serviceUsers)
    .values({ openid, ...values, createdAt: now, modifiedAt: now })
    .onConflictDoUpdate({ target: serviceUsers.openid, set: { ...values, modifiedAt: now } })
    .returning();
  return row;
}

/** Applies a partial profile update; false when the user does not exist. */
export async function updateProfile(db: Db, openid: string, changes: Partial<Profile>, now = Date.now()): Promise<boolean> {
  const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  const rows = await db
    .update(serviceUsers)
    .set({ ...set, modifiedAt: now })
    .where(eq(serviceUsers.openid, openid))
    .returning({ id: serviceUsers.id });
  return rows.length > 0;
}

const notFound = (code: number) => new AppError("not_found", "user not found", { code });

/**
 * Puts `hist` first, drops an older copy of it and keeps the newest six, in
 * one statement so concurrent additions never lose each other.
 */
export async function addHistory(db: Db, openid: string, hist: string): Promise<string[]> {
  const rows = await db
    .update(serviceUsers)
    .set({
      history: sql`(SELECT json_group_array(value) FROM (
        SELECT ${hist} AS value, -1 AS ord
        UNION ALL
        SELECT value, CAST(key AS INTEGER) FROM json_each(${serviceUsers.history}) WHERE value <> ${hist}
        ORDER BY ord LIMIT ${HISTORY_LIMIT}))`,
    })
    .where(eq(serviceUsers.openid, openid))
    .returning({ history: serviceUsers.history });
  if (rows.length === 0) throw notFound(-2);
  return JSON.parse(rows[0].history);
}

/** The history of a user record; -2 when the user has not registered. */
export function historyOf(user: ServiceUser | undefined): string[] {
  if (!user) throw notFound(-2);
  return JSON.parse(user.history);
}

export async function cleanHistory(db: Db, openid: string): Promise<void> {
  const rows = await db
    .update(serviceUsers)
    .set({ history: "[]" })
    .where(eq(serviceUsers.openid, openid))
    .returning({ id: serviceUsers.id });
  if (rows.length === 0) throw notFound(-2);
}

/** The document's user object; `openid` carries the handle the client holds. */
export function present(user: ServiceUser, handle: string, offset: string) {
  return {
    id: user.id,
    openid: handle,
    phone: user.phone,
    qq: user.qq,
    cardno: user.cardno,
    wxid: user.wxid,
    created_at: formatDateTime(user.createdAt, offset),
    modified_at: formatDateTime(user.modifiedAt, offset),
  };
}
