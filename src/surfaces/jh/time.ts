import { asc } from "drizzle-orm";
import { jhTerms } from "../../db/schema/jh";
import type { Bindings, Db } from "../../env";
import { config } from "../../platform/config";
import { formatDate } from "../../platform/time";
import type { ZfTerm } from "./upstream";

export type Term = typeof jhTerms.$inferSelect;

/** What /api/time answers. */
export interface TermTime {
  year: number;
  term: number;
  begin: string;
  end: string;
  dayofweek: number;
  week: number;
  weeklasting: number;
}

const DAY_MS = 86_400_000;
/** Days since the epoch of a `YYYY-MM-DD` date. */
const dayNumber = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;

export const listTerms = (db: Db) => db.select().from(jhTerms).orderBy(asc(jhTerms.begin));

/**
 * The term on `today` (campus date): week 1 starts on its begin date; between
 * two terms, the next one with week 0; before the first term or after the
 * last, null. weeklasting counts the weeks begin..end (inclusive), a partial week as one.
 */
export function termOn(terms: Term[], today: string): TermTime | null {
  const t = dayNumber(today);
  const dayofweek = new Date(t * DAY_MS).getUTCDay();
  const shape = (term: Term, week: number): TermTime => ({
    year: term.year,
    term: term.term,
    begin: term.begin,
    end: term.end,
    dayofweek,
    week,
    weeklasting: Math.ceil((dayNumber(term.end) - dayNumber(term.begin) + 1) / 7),
  });
  const current = terms.find((term) => dayNumber(term.begin) <= t && t <= dayNumber(term.end));
  if (current) return shape(current, Math.floor((t - dayNumber(current.begin)) / 7) + 1);
  const begun = terms.some((term) => dayNumber(term.begin) <= t);
  const next = terms.find((term) => dayNumber(term.begin) > t);
  return begun && next ? shape(next, 0) : null;
}

/** The campus date of an instant. */
export const campusDate = (now: number, offset: string) => formatDate(now, offset);

/** Today's campus date. */
export const campusToday = (env: Bindings) => campusDate(Date.now(), config(env).LOCAL_UTC_OFFSET);

/**
 * The 正方 term to check a binding with: the current or next term of the
 * calendar, else the one the date falls in (Aug-Jan first, Feb-Jul second).
 */
export function zfTermOf(terms: Term[], today: string): ZfTerm {
  const known = termOn(terms, today);
  if (known) return { year: known.year, term: known.term };
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  if (month >= 8) return { year, term: 3 };
  return month === 1 ? { year: year - 1, term: 3 } : { year: year - 1, term: 12 };
}
