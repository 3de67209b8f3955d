import { and, asc, eq, gte, lte, sql } from "drizzle-orm";
import * as v from "valibot";
import { summerCoupons, summerUserCoupons } from "../../db/schema/summer";
import { params } from "../../platform/params";
import { doc } from "./docs";
import { ok } from "./envelope";
import { isoZ } from "./present";
import { requireSelf, requireStudent } from "./roles";
import { requireLogin } from "./session";
import type { SummerApp } from "./surface";

/** A coupon the student may offer now: their own, TO_USE, active and within its dates. */
export const usable = (userId: number, now: number) =>
  and(
    eq(summerUserCoupons.userId, userId),
    eq(summerUserCoupons.status, "TO_USE"),
    eq(summerCoupons.isActive, true),
    lte(summerCoupons.startTime, now),
    gte(summerCoupons.endTime, now),
  );

/** The sum of the coupons `ids` the student may offer now, and how many they are (SQL, for conditional writes). */
export const usableCoupons = (userId: number, ids: number[], now: number) => {
  const where = sql`${summerUserCoupons.userId} = ${userId} AND ${summerUserCoupons.status} = 'TO_USE'
    AND ${summerCoupons.isActive} = 1 AND ${summerCoupons.startTime} <= ${now} AND ${summerCoupons.endTime} >= ${now}
    AND ${summerUserCoupons.couponId} IN (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`;
  const from = sql`${summerUserCoupons} INNER JOIN ${summerCoupons} ON ${summerCoupons.id} = ${summerUserCoupons.couponId}`;
  return {
    count: sql`(SELECT count(*) FROM ${from} WHERE ${where})`,
    sum: sql`(SELECT coalesce(sum(${summerCoupons.amount}), 0) FROM ${from} WHERE ${where})`,
  };
};

const s = v.string();
const couponDoc = v.object({ id: v.number(), code: s, coupon_code: s, amount: v.number(), info: s, start_time: s, end_time: s });

export function couponListRoutes(app: SummerApp) {
  app.get(
    "/auth/user/:user_id{[0-9]+}/coupon_list",
    doc("The student's coupons that can be used now (a plain array); `id` is what coupon_list takes", v.array(couponDoc), {
      who: "the student whose id is in the path",
    }),
    requireLogin,
    params(v.object({}), "GET"),
    requireStudent,
    requireSelf,
    async (c) => {
      const rows = await c.var.db
        .select({ coupon: summerCoupons })
        .from(summerUserCoupons)
        .innerJoin(summerCoupons, eq(summerCoupons.id, summerUserCoupons.couponId))
        .where(usable(c.var.user.id, Date.now()))
        .orderBy(asc(summerCoupons.endTime), asc(summerCoupons.id));
      return ok(
        c,
        rows.map(({ coupon }) => ({
          id: coupon.id,
          code: coupon.couponCode,
          coupon_code: coupon.couponCode,
          amount: coupon.amount,
          info: coupon.info,
          start_time: isoZ(coupon.startTime),
          end_time: isoZ(coupon.endTime),
        })),
      );
    },
  );
}
