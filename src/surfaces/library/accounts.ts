import { eq, type SQL, sql } from "drizzle-orm";
import { libraryUsers } from "../../db/schema/library";
import type { Bindings, Db } from "../../env";
import { refuse } from "./envelope";
import type { LibraryCredential } from "./system";
import { seal, unseal } from "./vault";

export type LibraryUser = typeof libraryUsers.$inferSelect;

/** The library id and sealed password on the user's row (both null when not bound). */
export interface StoredAccount {
  libId: string | null;
  credential: string | null;
}

export interface WechatProfile {
  nickName?: string;
  avatarUrl?: string;
  gender?: number;
  city?: string;
  province?: string;
  country?: string;
}

export function findUser(db: Db, openid: string) {
  return db.query.libraryUsers.findFirst({ where: eq(libraryUsers.openid, openid) });
}

/** Registers the user on first login; later logins refresh the profile fields that were sent. */
export async function upsertUser(db: Db, openid: string, profile: WechatProfile, now = Date.now()): Promise<LibraryUser> {
  const given = Object.fromEntries(Object.entries(profile).filter(([, value]) => value !== undefined));
  const [row] = await db
    .insert(libraryUsers)
    .values({ openid, ...given, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: libraryUsers.openid, set: { ...given, updatedAt: now } })
    .returning();
  return row;
}

/** Binds a library id; a different id than before drops the stored password, which was for the old one. */
/** Binds `libId`; the sealed password is kept only when it is the card already bound. False when there is no such user. */
export async function bindLibrary(db: Db, openid: string, libId: string, now = Date.now()) {
  // One statement: SQLite evaluates every SET expression on the row as it was, so the CASE sees the old lib_id.
  const rows = await db
    .update(libraryUsers)
    .set({
      libId,
      credential: sql`CASE WHEN ${libraryUsers.libId} = ${libId} THEN ${libraryUsers.credential} ELSE NULL END`,
      updatedAt: now,
    })
    .where(eq(libraryUsers.openid, openid))
    .returning({ openid: libraryUsers.openid });
  return rows.length > 0;
}

export async function unbindLibrary(db: Db, openid: string, now = Date.now()) {
  await db.update(libraryUsers).set({ libId: null, credential: null, updatedAt: now }).where(eq(libraryUsers.openid, openid));
}

/** Binds the library id and keeps its password sealed, after the library accepted it. */
export async function storeCredential(db: Db, env: Bindings, openid: string, cred: LibraryCredential, now = Date.now()) {
  const sealed = await seal(env, { openid, libId: cred.borId }, cred.verification);
  await db.update(libraryUsers).set({ libId: cred.borId, credential: sealed, updatedAt: now }).where(eq(libraryUsers.openid, openid));
}

/** The columns of a user's row that hold their library account. */
export const storedAccount = (db: Db, openid: SQL | string) =>
  db
    .select({ libId: libraryUsers.libId, credential: libraryUsers.credential })
    .from(libraryUsers)
    .where(eq(libraryUsers.openid, openid))
    .limit(1);

/**
 * The user's library credential, or status 6 asking them to log in to the
 * library first. `stored` is their account as already read with the session;
 * without it the row is read here.
 */
export async function credentialOf(db: Db, env: Bindings, openid: string, stored?: StoredAccount): Promise<LibraryCredential> {
  const user = stored ?? (await storedAccount(db, openid))[0];
  const verification = user?.libId && user.credential ? await unseal(env, { openid, libId: user.libId }, user.credential) : null;
  if (!user?.libId || verification === null) throw refuse("LIBRARY_NOT_LOGGED_IN", "请先登录图书馆账号");
  return { borId: user.libId, verification };
}
