import { and, eq, lt } from "drizzle-orm";
import { type JhDevice, jhCredits, jhUsers } from "../../db/schema/jh";
import type { Db } from "../../env";
import { toHex } from "../../platform/encoding";
import { sha256Hex } from "./hashing";

export const DAY_MS = 86_400_000;

export type JhUser = typeof jhUsers.$inferSelect;
export type JhCredit = typeof jhCredits.$inferSelect;

/** 32 lowercase hex characters from the platform's secure random source. */
export const newCredit = () => toHex(crypto.getRandomValues(new Uint8Array(16)));

export const looksLikeCredit = (s: string) => /^[0-9a-f]{32}$/.test(s);

/** The statement giving `device` of the user a new credit (replacing that device's old one). */
export function storeCredit(db: Db, userId: number, device: JhDevice, hash: string, now: number) {
  return db
    .insert(jhCredits)
    .values({ userId, deviceType: device, creditHash: hash, lastUsedAt: now, createdAt: now })
    .onConflictDoUpdate({
      target: [jhCredits.userId, jhCredits.deviceType],
      set: { creditHash: hash, lastUsedAt: now, createdAt: now },
    });
}

export const creditHash = (credit: string) => sha256Hex(credit);

/** The credit and its user in one round trip; undefined when unknown. Expiry is the caller's to check. */
export async function findCredit(db: Db, credit: string): Promise<{ user: JhUser; credit: JhCredit } | undefined> {
  const presented = credit.trim().toLowerCase();
  if (!looksLikeCredit(presented)) return undefined;
  const [row] = await db
    .select({ user: jhUsers, credit: jhCredits })
    .from(jhCredits)
    .innerJoin(jhUsers, eq(jhUsers.id, jhCredits.userId))
    .where(eq(jhCredits.creditHash, await creditHash(presented)))
    .limit(1);
  return row;
}

export const isExpired = (credit: Pick<JhCredit, "lastUsedAt">, ttlDays: number, now: number) =>
  credit.lastUsedAt + ttlDays * DAY_MS <= now;

/** Drops an expired credit so it is not looked up again. */
export async function dropCredit(db: Db, credit: JhCredit) {
  await db.delete(jhCredits).where(eq(jhCredits.creditHash, credit.creditHash));
}

/**
 * Replaces `old` with a new credit in one conditional statement: of two
 * requests presenting the same credit, exactly one gets the new one; null for the other.
 */
export async function rotateCredit(db: Db, old: JhCredit, now: number): Promise<string | null> {
  const credit = newCredit();
  const rows = await db
    .update(jhCredits)
    .set({ creditHash: await creditHash(credit), lastUsedAt: now, createdAt: now })
    .where(and(eq(jhCredits.userId, old.userId), eq(jhCredits.deviceType, old.deviceType), eq(jhCredits.creditHash, old.creditHash)))
    .returning({ userId: jhCredits.userId });
  return rows.length === 1 ? credit : null;
}

/** Marks a credit used; at most once a day, so reads stay reads. */
export async function touchCredit(db: Db, credit: Pick<JhCredit, "creditHash" | "lastUsedAt">, now: number) {
  if (now - credit.lastUsedAt < DAY_MS) return;
  await db
    .update(jhCredits)
    .set({ lastUsedAt: now })
    .where(and(eq(jhCredits.creditHash, credit.creditHash), lt(jhCredits.lastUsedAt, now - DAY_MS)));
}

/** The statement ending every credit of a user (changepw). */
export const endCredits = (db: Db, userId: number) => db.delete(jhCredits).where(eq(jhCredits.userId, userId));
