import { eq, type SQL, sql } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import { jhCredits, jhUsers } from "../../db/schema/jh";
import type { Bindings, Db, Variables } from "../../env";
import type { PendingCaller } from "../../platform/caller";
import { config } from "../../platform/config";
import { missingParam } from "../../platform/errors";
import { creditHash, DAY_MS, isExpired, type JhUser, looksLikeCredit } from "./credits";
import { refuse } from "./envelope";
import { MSG } from "./messages";

/** The credit's user and what the credit itself says (its columns named apart from the user's, for the batch). */
const readCaller = (db: Db, hash: string) =>
  db
    .select({
      user: jhUsers,
      credit: {
        userId: jhCredits.userId,
        deviceType: jhCredits.deviceType,
        creditHash: jhCredits.creditHash,
        lastUsedAt: jhCredits.lastUsedAt,
      },
    })
    .from(jhCredits)
    .innerJoin(jhUsers, eq(jhUsers.id, jhCredits.userId))
    .where(eq(jhCredits.creditHash, hash))
    .limit(1);

type CallerRow = Awaited<ReturnType<typeof readCaller>>[number];

/** The caller a credit stands for, and the credit itself. */
export interface JhCaller {
  user: JhUser;
  credit: CallerRow["credit"];
}

export type JhCallerRead = ReturnType<typeof readCaller>;

export interface JhEnv {
  Bindings: Bindings;
  Variables: Variables & {
    caller: PendingCaller<JhCaller, JhCallerRead>;
    /** The credit's user id as SQL, for the queries sent with the caller's read. */
    creditUser: SQL;
  };
}

/** The user id a live credit stands for, as SQL (no row when the credit is unknown or expired). */
const creditUserOf = (hash: string, ttlDays: number, now: number) =>
  sql`(SELECT ${jhCredits.userId} FROM ${jhCredits} WHERE ${jhCredits.creditHash} = ${hash} AND ${jhCredits.lastUsedAt} > ${now - ttlDays * DAY_MS})`;

/**
 * The caller a presented credit stands for: 403 `refusal` (the document's 自动登录已失效,请重新登录 unless an
 * endpoint has its own words) when it is unknown or unused for JH_CREDIT_TTL_DAYS.
 */
export async function creditHolder(env: Bindings, presented: string, refusal: string = MSG.creditInvalid) {
  const credit = presented.trim().toLowerCase();
  if (!looksLikeCredit(credit)) throw refuse(refusal);
  const hash = await creditHash(credit);
  const ttlDays = config(env).JH_CREDIT_TTL_DAYS;
  const caller: PendingCaller<JhCaller, JhCallerRead> = {
    read: (db) => readCaller(db, hash),
    confirm: ([row]) => {
      if (!row || isExpired(row.credit, ttlDays, Date.now())) throw refuse(refusal);
      return row;
    },
  };
  return { caller, userId: creditUserOf(hash, ttlDays, Date.now()) };
}

/**
 * The `credit` parameter (already required by the route's schema), read without D1; the route confirms it with
 * `callerAnd`. `words.empty` answers an empty credit, `words.invalid` an unknown or expired one.
 */
const creditOf = (words: { empty?: string; invalid: string }) =>
  createMiddleware<JhEnv>(async (c, next) => {
    const presented = c.var.rawParams.credit;
    if (presented === undefined) throw missingParam("credit");
    if (words.empty !== undefined && String(presented).trim() === "") throw refuse(words.empty);
    const holder = await creditHolder(c.env, String(presented), words.invalid);
    c.set("caller", holder.caller);
    c.set("creditUser", holder.userId);
    await next();
  });

export const requireCredit = creditOf({ invalid: MSG.creditInvalid });

/** The message board's own words, as the original answered (the desktop client tests for 无效的凭证). */
export const requireBoardCredit = creditOf({ empty: MSG.boardCreditEmpty, invalid: MSG.boardCreditInvalid });

/** The timetable's own words, as the original answered. */
export const requireCourseCredit = creditOf({ invalid: MSG.courseCreditInvalid });
