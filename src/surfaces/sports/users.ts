import { and, desc, eq, isNull } from "drizzle-orm";
import { sportsDevices, sportsRentals, sportsUsers } from "../../db/schema/sports";
import type { Bindings, Db } from "../../env";
import { config, secret } from "../../platform/config";
import type { Page } from "../../platform/paging";
import { formatIso } from "../../platform/time";
import { issueToken } from "../../platform/tokens";
import { code2session, wechatAppOf } from "../../platform/wechat/client";
import { WechatError } from "../../platform/wechat/errors";
import { statusError } from "./envelope";
import { SURFACE } from "./name";

export type SportsUser = typeof sportsUsers.$inferSelect;

export interface Profile {
  region?: string;
  phone?: string;
  email?: string;
}

/** The openid behind a wx.login code, with WeChat's errors in the document's words. */
export async function openidOf(env: Bindings, code: string): Promise<string> {
  try {
    return (await code2session(env, wechatAppOf(env, "SPORTS"), code)).openid;
  } catch (err) {
    if (err instanceof WechatError) throw statusError(err.errcode === 40029 ? "invalid code" : `weixin: ${err.errmsg || err.errcode}`);
    throw err;
  }
}

/** A `client_session_id` for the user, valid SPORTS_SESSION_TTL_SECONDS (default 7200). */
export async function openSession(db: Db, env: Bindings, userId: string): Promise<string> {
  // A session always expires: a zero or negative setting falls back to a minute.
  const ttlSeconds = Math.max(60, config(env).SPORTS_SESSION_TTL_SECONDS);
  const { token } = await issueToken(db, secret(env, "SESSION_SECRET"), SURFACE, userId, { ttlSeconds });
  return token;
}

export async function signup(db: Db, env: Bindings, code: string, profile: Profile) {
  const openid = await openidOf(env, code);
  const now = Date.now();
  const rows = await db
    .insert(sportsUsers)
    .values({
      id: crypto.randomUUID(),
      openid,
      region: profile.region ?? "",
      phone: profile.phone ?? "",
      email: profile.email ?? "",
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: sportsUsers.openid })
    .returning({ id: sportsUsers.id });
  if (rows.length === 0) throw statusError("already signed up");
  return sessionOf(rows[0].id, await openSession(db, env, rows[0].id));
}

export async function login(db: Db, env: Bindings, code: string) {
  const openid = await openidOf(env, code);
  const user = await db.query.sportsUsers.findFirst({ where: eq(sportsUsers.openid, openid) });
  if (!user) throw statusError("user not exists");
  return sessionOf(user.id, await openSession(db, env, user.id));
}

/** The document's flat profile, and the same nested as `profile` (userid as `uuid`), where the original server put it. */
export const presentProfile = (u: SportsUser) => ({
  userid: u.id,
  region: u.region,
  phone: u.phone,
  email: u.email,
  profile: { uuid: u.id, region: u.region, phone: u.phone, email: u.email },
});

/** A session's reply: `userid`, also as the original server's `uuid`. */
const sessionOf = (userid: string, client_session_id: string) => ({ userid, client_session_id, uuid: userid });

export async function updateProfile(db: Db, userId: string, changes: Profile): Promise<SportsUser> {
  const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  const [row] = await db
    .update(sportsUsers)
    .set({ ...set, updatedAt: Date.now() })
    .where(eq(sportsUsers.id, userId))
    .returning();
  if (!row) throw statusError("invalid userid");
  return row;
}

const rentalColumns = {
  startedAt: sportsRentals.startedAt,
  dueAt: sportsRentals.dueAt,
  returnedAt: sportsRentals.returnedAt,
  name: sportsRentals.itemName,
  device: sportsDevices.name,
};

/** What the user holds now, oldest first. */
export const currentItemsQuery = (db: Db, userId: string) =>
  db
    .select(rentalColumns)
    .from(sportsRentals)
    .innerJoin(sportsDevices, eq(sportsDevices.id, sportsRentals.deviceId))
    .where(and(eq(sportsRentals.userId, userId), isNull(sportsRentals.returnedAt)))
    .orderBy(sportsRentals.startedAt);

type RentalRow = Awaited<ReturnType<typeof currentItemsQuery>>[number];

/** `time_begin`, `name`, `device`, plus `time_due`. */
export const presentCurrent = (rows: RentalRow[]) =>
  rows.map((r) => ({ time_begin: formatIso(r.startedAt), time_due: formatIso(r.dueAt), name: r.name, device: r.device }));

/** One page of rentals, newest first. */
export const historyQuery = (db: Db, userId: string, page: Page) =>
  db
    .select(rentalColumns)
    .from(sportsRentals)
    .innerJoin(sportsDevices, eq(sportsDevices.id, sportsRentals.deviceId))
    .where(eq(sportsRentals.userId, userId))
    .orderBy(desc(sportsRentals.startedAt))
    .limit(page.limit)
    .offset(page.offset);

/** `time_end` is null while the item is still out. */
export const presentHistory = (rows: RentalRow[]) =>
  rows.map((r) => ({
    time_begin: formatIso(r.startedAt),
    time_end: r.returnedAt === null ? null : formatIso(r.returnedAt),
    name: r.name,
    device: r.device,
  }));
