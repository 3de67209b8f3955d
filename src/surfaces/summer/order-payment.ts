import { and, eq, exists, inArray, sql } from "drizzle-orm";
import { type OrderStatus, summerCoupons, summerFiles, summerOrderPayments, summerOrders, summerUserCoupons } from "../../db/schema/summer";
import type { Bindings, Db } from "../../env";
import type { AppError } from "../../platform/errors";
import { usableCoupons } from "./coupons";
import { dropFiles, type FileRow } from "./files";
import { orderStateQuery } from "./order-read";
import { qualified } from "./read";
import type { Upload } from "./uploads";
import { bad, notFound } from "./writes";

export interface Payment {
  order: number;
  account_number: string;
  account_name: string;
  opening_bank?: string | null;
  pay_date: string;
  img: Upload;
  coupon_list: number[];
  amount: number;
}

const lockedSum = sql`(SELECT coalesce(sum(${summerCoupons.amount}), 0) FROM ${summerUserCoupons}
  INNER JOIN ${summerCoupons} ON ${summerCoupons.id} = ${summerUserCoupons.couponId}
  WHERE ${summerUserCoupons.orderId} = ${qualified(summerOrders.id)} AND ${summerUserCoupons.status} = 'LOCKED')`;

/** The coupons already locked to the order (offered when it was placed). */
export const lockedCouponsQuery = (db: Db, orderId: number) =>
  db
    .select({ couponId: summerUserCoupons.couponId })
    .from(summerUserCoupons)
    .where(and(eq(summerUserCoupons.orderId, orderId), eq(summerUserCoupons.status, "LOCKED")));

/** What a payment is checked against: the order's student and status, its locked coupons, which coupons offered are usable now. */
export interface PaymentChecks {
  order: { userId: number; status: OrderStatus } | undefined;
  locked: { couponId: number }[];
  usable: { id: number }[];
}

/**
 * Throws the first reason the student may not report this payment (400
 * naming the field); returns the coupons offered now that are not locked to
 * the order yet.
 */
export function checkPayment(me: number, p: Payment, { order, locked, usable }: PaymentChecks): number[] {
  if (!order || order.userId !== me) throw bad("order", `无效主键 “${p.order}” - 对象不存在。`);
  if (order.status !== "TO_PAY")
    throw bad("order", order.status === "CANCELED" ? "该订单已被取消，不能支付。" : "该订单已上传支付信息，不能重复支付。");
  const already = new Set(locked.map((c) => c.couponId));
  const offered = p.coupon_list.filter((id) => !already.has(id));
  const have = new Set(usable.map((c) => c.id));
  const missing = offered.find((id) => !have.has(id));
  if (missing !== undefined) throw bad("coupon_list", `无效的优惠券, coupon_id: ${missing}`);
  return offered;
}

/**
 * The transfer reported: TO_PAY -> TO_CONFIRM, marked with `token`, pay_fee
 * recomputed with the coupons already locked and those `offered` now; only
 * while the order is still TO_PAY and every coupon offered still usable.
 */
export function markPaid(db: Db, me: number, orderId: number, offered: number[], token: string, now: number) {
  const coupons = usableCoupons(me, offered, now);
  return db
    .update(summerOrders)
    .set({
      status: "TO_CONFIRM",
      opToken: token,
      payFee: sql`max(0, ${summerOrders.standardFee} - ${lockedSum} - ${offered.length ? coupons.sum : sql`0`})`,
      updatedAt: now,
    })
    .where(
      and(
        eq(summerOrders.id, orderId),
        eq(summerOrders.userId, me),
        eq(summerOrders.status, "TO_PAY"),
        offered.length ? sql`${coupons.count} = ${offered.length}` : undefined,
      ),
    )
    .returning({ id: summerOrders.id });
}

/** The order `markPaid` changed with `token` (nothing when it did not), as an EXISTS. */
const paidWith = (db: Db, token: string) => exists(db.select({ one: sql`1` }).from(summerOrders).where(eq(summerOrders.opToken, token)));

/** Locks the coupons `offered` to the order, only if `markPaid` changed it (sent after it in the same atomic batch). */
export function lockOfferedCoupons(db: Db, me: number, orderId: number, offered: number[], token: string, now: number) {
  return db
    .update(summerUserCoupons)
    .set({ status: "LOCKED", orderId, updatedAt: now })
    .where(
      and(
        eq(summerUserCoupons.userId, me),
        eq(summerUserCoupons.status, "TO_USE"),
        inArray(summerUserCoupons.couponId, offered.length ? offered : [0]),
        paidWith(db, token),
      ),
    );
}

/** The payment's record with its proof image (already put into R2), only if `markPaid` changed the order: one per payment taken. */
export function insertPayment(db: Db, p: Payment, imgFileId: string, token: string, now: number) {
  return db.insert(summerOrderPayments).select(
    db
      .select({
        id: sql`NULL`.as("id"),
        orderId: summerOrders.id,
        accountNumber: sql`${p.account_number}`.as("account_number"),
        accountName: sql`${p.account_name}`.as("account_name"),
        openingBank: sql`${p.opening_bank ?? null}`.as("opening_bank"),
        payDate: sql`${p.pay_date}`.as("pay_date"),
        imgFileId: sql`${imgFileId}`.as("img_file_id"),
        amount: sql`${p.amount}`.as("amount"),
        createdAt: sql`${now}`.as("created_at"),
      })
      .from(summerOrders)
      .where(eq(summerOrders.opToken, token)),
  );
}

/**
 * Why a payment checked a moment ago was not taken (another payment of the
 * order won, or a coupon was taken meanwhile): its proof image is removed,
 * row and object, and the reason returned.
 */
export async function whyNotPaid(db: Db, env: Bindings, orderId: number, file: FileRow): Promise<AppError> {
  const [, [current]] = await db.batch([db.delete(summerFiles).where(eq(summerFiles.id, file.id)), orderStateQuery(db, orderId)]);
  await dropFiles(env, [file.key]);
  if (!current) return notFound();
  if (current.status !== "TO_PAY") return bad("order", "该订单已上传支付信息，不能重复支付。");
  return bad("coupon_list", "优惠券已被其他订单使用，请刷新后重试。");
}
