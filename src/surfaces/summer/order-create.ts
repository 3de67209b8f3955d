import { and, eq, exists, gte, inArray, notExists, sql } from "drizzle-orm";
import {
  type Currency,
  type OrderPayment,
  summerCoupons,
  summerOrders,
  summerProjectFees,
  summerProjects,
  summerUserCoupons,
} from "../../db/schema/summer";
import type { Db } from "../../env";
import { randomId } from "../../platform/random";
import { usable, usableCoupons } from "./coupons";
import { openOrderOf } from "./order-read";
import { invalidRef } from "./refs";
import { bad } from "./writes";

/** Which payment methods each currency takes (order_currency_payment). */
export const PAYMENTS_BY_CURRENCY: Record<Currency, OrderPayment[]> = {
  DOLLAR: ["BANK", "PAY_PAL"],
  RMB: ["BANK", "ALI_PAY", "OFF_LINE"],
};

export interface NewOrder {
  project: number;
  currency: Currency;
  payment: OrderPayment;
  course_num: number;
  coupon_list: number[];
}

/** Throws the first reason the student may not place this order now (400 naming the field). */
async function refuse(db: Db, me: number, o: NewOrder, now: number): Promise<void> {
  if (!PAYMENTS_BY_CURRENCY[o.currency].includes(o.payment)) throw bad("payment", "该币种不支持此支付方式。");
  const [[project], [fee], [open], coupons] = await db.batch([
    db.select({ courseNum: summerProjects.courseNum }).from(summerProjects).where(eq(summerProjects.id, o.project)),
    db
      .select({ id: summerProjectFees.id })
      .from(summerProjectFees)
      .where(and(eq(summerProjectFees.projectId, o.project), eq(summerProjectFees.courseNumber, o.course_num))),
    openOrderOf(db, me),
    db
      .select({ id: summerUserCoupons.couponId })
      .from(summerUserCoupons)
      .innerJoin(summerCoupons, eq(summerCoupons.id, summerUserCoupons.couponId))
      .where(and(usable(me, now), inArray(summerUserCoupons.couponId, o.coupon_list.length ? o.coupon_list : [0]))),
  ]);
  if (!project) throw invalidRef("project", o.project);
  if (o.course_num > project.courseNum) throw bad("course_num", `所选课程数大于项目最大课程数, 项目最大选课数${project.courseNum}`);
  if (!fee) throw bad("course_num", `该项目没有${o.course_num}门课程的费用。`);
  if (open) throw bad("non_field_errors", "有未完成的订单，不能创建新的订单");
  const have = new Set(coupons.map((c) => c.id));
  const missing = o.coupon_list.find((id) => !have.has(id));
  if (missing !== undefined) throw bad("coupon_list", `无效的优惠券, coupon_id: ${missing}`);
}

/**
 * Places the order and locks its coupons in one atomic batch: the INSERT
 * happens only if no order is open and every coupon is still usable, and the
 * coupons are locked only if that INSERT happened (its `op_token`). So of two
 * orders offering one coupon at the same instant exactly one gets it.
 * standard_fee = apply_fee + the fee row for course_num; pay_fee =
 * max(0, standard_fee - the coupons).
 */
export async function createOrder(db: Db, me: number, o: NewOrder): Promise<number> {
  const now = Date.now();
  await refuse(db, me, o, now);
  const token = randomId(16);
  const coupons = usableCoupons(me, o.coupon_list, now);
  const standard = sql`${summerProjects.applyFee} + ${summerProjectFees.courseFee}`;
  const mine = eq(summerOrders.opToken, token);
  const [placed] = await db.batch([
    db
      .insert(summerOrders)
      .select(
        db
          .select({
            id: sql`NULL`.as("id"),
            userId: sql`${me}`.as("user_id"),
            projectId: summerProjects.id,
            currency: sql`${o.currency}`.as("currency"),
            payment: sql`${o.payment}`.as("payment"),
            status: sql`'TO_PAY'`.as("status"),
            courseNum: sql`${o.course_num}`.as("course_num"),
            standardFee: standard.as("standard_fee"),
            payFee: sql`max(0, ${standard} - ${o.coupon_list.length ? coupons.sum : sql`0`})`.as("pay_fee"),
            remark: sql`NULL`.as("remark"),
            opToken: sql`${token}`.as("op_token"),
            decidedBy: sql`NULL`.as("decided_by"),
            decidedAt: sql`NULL`.as("decided_at"),
            createdAt: sql`${now}`.as("created_at"),
            updatedAt: sql`${now}`.as("updated_at"),
          })
          .from(summerProjects)
          .innerJoin(
            summerProjectFees,
            and(eq(summerProjectFees.projectId, summerProjects.id), eq(summerProjectFees.courseNumber, o.course_num)),
          )
          .where(
            and(
              eq(summerProjects.id, o.project),
              gte(summerProjects.courseNum, o.course_num),
              notExists(openOrderOf(db, me)),
              o.coupon_list.length ? sql`${coupons.count} = ${o.coupon_list.length}` : undefined,
            ),
          ),
      )
      .onConflictDoNothing()
      .returning({ id: summerOrders.id }),
    db
      .update(summerUserCoupons)
      .set({ status: "LOCKED", orderId: sql`(SELECT ${summerOrders.id} FROM ${summerOrders} WHERE ${mine})`, updatedAt: now })
      .where(
        and(
          eq(summerUserCoupons.userId, me),
          eq(summerUserCoupons.status, "TO_USE"),
          inArray(summerUserCoupons.couponId, o.coupon_list.length ? o.coupon_list : [0]),
          exists(db.select({ one: sql`1` }).from(summerOrders).where(mine)),
        ),
      ),
  ]);
  if (placed.length === 0) {
    // Something changed since the checks (a racing order took a coupon or opened first): say what.
    await refuse(db, me, o, Date.now());
    throw bad("non_field_errors", "订单创建失败，请重试。");
  }
  return placed[0].id;
}
