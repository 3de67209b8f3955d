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
import type { AppError } from "../../platform/errors";
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

/** The project's largest course count. */
export const projectCourseNumQuery = (db: Db, projectId: number) =>
  db.select({ courseNum: summerProjects.courseNum }).from(summerProjects).where(eq(summerProjects.id, projectId));

/** The project's fee row for `courseNum` courses. */
export const courseFeeQuery = (db: Db, projectId: number, courseNum: number) =>
  db
    .select({ id: summerProjectFees.id })
    .from(summerProjectFees)
    .where(and(eq(summerProjectFees.projectId, projectId), eq(summerProjectFees.courseNumber, courseNum)));

/** Which of the coupons `ids` the student may offer now (an order or a payment is refused for any other). */
export const usableOfferedQuery = (db: Db, me: number, ids: number[], now: number) =>
  db
    .select({ id: summerUserCoupons.couponId })
    .from(summerUserCoupons)
    .innerJoin(summerCoupons, eq(summerCoupons.id, summerUserCoupons.couponId))
    .where(and(usable(me, now), inArray(summerUserCoupons.couponId, ids.length ? ids : [0])));

/** What an order is checked against: what `orderChecksQueries` found. */
export interface OrderChecks {
  project: { courseNum: number } | undefined;
  fee: { id: number } | undefined;
  open: { id: number } | undefined;
  usable: { id: number }[];
}

/** The project, its fee row for course_num, the student's open order and the usable coupons among those offered, for one batch. */
export const orderChecksQueries = (db: Db, me: number, o: NewOrder, now: number) =>
  [
    projectCourseNumQuery(db, o.project),
    courseFeeQuery(db, o.project, o.course_num),
    openOrderOf(db, me),
    usableOfferedQuery(db, me, o.coupon_list, now),
  ] as const;

/** Throws the first reason the student may not place this order now (400 naming the field). */
export function checkOrder(o: NewOrder, { project, fee, open, usable }: OrderChecks): void {
  if (!PAYMENTS_BY_CURRENCY[o.currency].includes(o.payment)) throw bad("payment", "该币种不支持此支付方式。");
  if (!project) throw invalidRef("project", o.project);
  if (o.course_num > project.courseNum) throw bad("course_num", `所选课程数大于项目最大课程数, 项目最大选课数${project.courseNum}`);
  if (!fee) throw bad("course_num", `该项目没有${o.course_num}门课程的费用。`);
  if (open) throw bad("non_field_errors", "有未完成的订单，不能创建新的订单");
  const have = new Set(usable.map((c) => c.id));
  const missing = o.coupon_list.find((id) => !have.has(id));
  if (missing !== undefined) throw bad("coupon_list", `无效的优惠券, coupon_id: ${missing}`);
}

/**
 * Places the order (TO_PAY), marked with `token`: the INSERT happens only if
 * no order of the student is open and every coupon offered is still usable.
 * standard_fee = apply_fee + the fee row for course_num; pay_fee =
 * max(0, standard_fee - the coupons).
 */
export function insertOrder(db: Db, me: number, o: NewOrder, token: string, now: number) {
  const coupons = usableCoupons(me, o.coupon_list, now);
  const standard = sql`${summerProjects.applyFee} + ${summerProjectFees.courseFee}`;
  return db
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
    .onConflictDoNothing();
}

/**
 * Locks the coupons offered to the order `insertOrder` placed with `token`,
 * only if it was placed (sent after it in the same atomic batch): of two
 * orders offering one coupon at the same instant exactly one gets it.
 */
export function lockOrderCoupons(db: Db, me: number, couponIds: number[], token: string, now: number) {
  const mine = eq(summerOrders.opToken, token);
  return db
    .update(summerUserCoupons)
    .set({ status: "LOCKED", orderId: sql`(SELECT ${summerOrders.id} FROM ${summerOrders} WHERE ${mine})`, updatedAt: now })
    .where(
      and(
        eq(summerUserCoupons.userId, me),
        eq(summerUserCoupons.status, "TO_USE"),
        inArray(summerUserCoupons.couponId, couponIds.length ? couponIds : [0]),
        exists(db.select({ one: sql`1` }).from(summerOrders).where(mine)),
      ),
    );
}

/**
 * Why an order checked a moment ago was not placed (a racing order took a
 * coupon or opened first): the checks are read again and the first reason
 * thrown, or, when none shows any more, the plain refusal returned.
 */
export async function whyNotPlaced(db: Db, me: number, o: NewOrder): Promise<AppError> {
  const [[project], [fee], [open], usable] = await db.batch(orderChecksQueries(db, me, o, Date.now()));
  checkOrder(o, { project, fee, open, usable });
  return bad("non_field_errors", "订单创建失败，请重试。");
}
