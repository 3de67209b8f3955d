import { and, eq, sql } from "drizzle-orm";
import { jhTerms } from "../../db/schema/jh";
import type { Db } from "../../env";
import { parseLocal } from "../../platform/time";
import { purgeTerms } from "./term-cache";
import type { Term } from "./time";

/** Term numbers of the calendar: 3 first, 12 second, 16 short. */
export const TERM_CODES = [3, 12, 16] as const;
export type TermCode = (typeof TERM_CODES)[number];
/** Academic years the calendar accepts (2018 for 2018-2019). */
export const TERM_YEARS = { min: 1990, max: 2200 } as const;

export const isTermCode = (n: number): n is TermCode => (TERM_CODES as readonly number[]).includes(n);
/** A calendar date `YYYY-MM-DD` that exists. */
export const isTermDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && parseLocal(s) !== null;

export interface TermInput {
  year: number;
  term: TermCode;
  begin: string;
  end: string;
}

/** Why a term was not saved; each caller words it in its own language. */
export type TermRefusal = { reason: "end_before_begin" } | { reason: "overlap"; clash: Term };

/**
 * Adds a term or replaces the one with the same year and term. Its days may not
 * overlap another term's (end inclusive), and it may not end before it begins.
 * The check and the write are one atomic batch: of two overlapping terms saved
 * at once, one is refused. A saved term purges the cached calendar (term-cache.ts).
 */
export async function saveTerm(db: Db, t: TermInput): Promise<{ saved: Term } | { refused: TermRefusal }> {
  if (t.end < t.begin) return { refused: { reason: "end_before_begin" } };
  const overlapping = and(
    sql`NOT (${jhTerms.year} = ${t.year} AND ${jhTerms.term} = ${t.term})`,
    sql`${jhTerms.begin} <= ${t.end}`,
    sql`${jhTerms.end} >= ${t.begin}`,
  );
  const [[clash], written] = await db.batch([
    db.select().from(jhTerms).where(overlapping).limit(1),
    db
      .insert(jhTerms)
      .select(
        sql`SELECT ${t.year}, ${t.term}, ${t.begin}, ${t.end} WHERE NOT EXISTS ${db.select({ one: sql`1` }).from(jhTerms).where(overlapping)}`,
      )
      .onConflictDoUpdate({ target: [jhTerms.year, jhTerms.term], set: { begin: t.begin, end: t.end } })
      .returning(),
  ]);
  const [saved] = written;
  if (saved) {
    await purgeTerms();
    return { saved };
  }
  if (clash) return { refused: { reason: "overlap", clash } };
  throw new Error("saveTerm: neither saved nor refused");
}

/** Removes a term; false when there was none. */
export async function removeTerm(db: Db, year: number, term: number): Promise<boolean> {
  const rows = await db
    .delete(jhTerms)
    .where(and(eq(jhTerms.year, year), eq(jhTerms.term, term)))
    .returning({ year: jhTerms.year });
  if (rows.length > 0) await purgeTerms();
  return rows.length > 0;
}

export async function findTerm(db: Db, year: number, term: number): Promise<Term | undefined> {
  const [row] = await db
    .select()
    .from(jhTerms)
    .where(and(eq(jhTerms.year, year), eq(jhTerms.term, term)))
    .limit(1);
  return row;
}
