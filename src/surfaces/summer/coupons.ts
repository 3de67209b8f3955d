import { and, asc, eq, gte, lte, sql } from "drizzle-orm";
import * as v from "valibot";
import { summerCoupons, summerUserCoupons } from "../../db/schema/summer";
import type { Db } from "../../env";
import { isoZ } from "./present";

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
export const usableCouponDoc = v.object({
  id: v.number(),
  code: s,
  coupon_code: s,
  amount: v.number(),
  info: s,
  start_time: s,
  end_time: s,
});

/** The student's coupons usable now, the soonest to end first (only the coupons' columns, so it may share a batch). */
export const usableCouponsQuery = (db: Db, userId: number, now: number) =>
  db
    .select({ coupon: summerCoupons })
    .from(summerUserCoupons)
    .innerJoin(summerCoupons, eq(summerCoupons.id, summerUserCoupons.couponId))
    .where(usable(userId, now))
    .orderBy(asc(summerCoupons.endTime), asc(summerCoupons.id));

export const presentUsableCoupon = ({ coupon }: { coupon: typeof summerCoupons.$inferSelect }) => ({
  id: coupon.id,
  code: coupon.couponCode,
  coupon_code: coupon.couponCode,
  amount: coupon.amount,
  info: coupon.info,
  start_time: isoZ(coupon.startTime),
  end_time: isoZ(coupon.endTime),
});
