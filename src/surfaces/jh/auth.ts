import type { Bindings, Db } from "../../env";
import { config } from "../../platform/config";
import { missingParam } from "../../platform/errors";
import { authenticate } from "../../platform/surface";
import { dropCredit, findCredit, isExpired, type JhCredit, type JhUser, touchCredit } from "./credits";
import { refuse } from "./envelope";
import { MSG } from "./messages";

/** The caller a credit stands for, and the credit itself. */
export interface JhCaller {
  user: JhUser;
  credit: JhCredit;
}

/** Resolves a presented credit: 403 自动登录已失效,请重新登录 when empty, unknown or unused for JH_CREDIT_TTL_DAYS. */
export async function resolveCredit(db: Db, env: Bindings, presented: string, now = Date.now()): Promise<JhCaller> {
  const found = presented ? await findCredit(db, presented) : undefined;
  if (!found) throw refuse(MSG.creditInvalid);
  if (isExpired(found.credit, config(env).JH_CREDIT_TTL_DAYS, now)) {
    await dropCredit(db, found.credit);
    throw refuse(MSG.creditInvalid);
  }
  await touchCredit(db, found.credit, now);
  return found;
}

/** The `credit` parameter (already required by the route's schema) as `c.var.user`. */
export const requireCredit = authenticate<JhCaller>(async (c) => {
  const presented = c.var.rawParams.credit;
  if (presented === undefined) throw missingParam("credit");
  return resolveCredit(c.var.db, c.env, String(presented).trim());
});
