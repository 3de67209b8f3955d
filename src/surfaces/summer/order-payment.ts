import { and, eq, exists, inArray, sql } from "drizzle-orm";
import { summerCoupons, summerFiles, summerOrderPayments, summerOrders, summerUserCoupons } from "../../db/schema/summer";
import type { Bindings, Db } from "../../env";
import { randomId } from "../../platform/random";
import { usable, usableCoupons } from "./coupons";
import { dropFiles, putFile } from "./files";
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

/**
 * The student reports a transfer: TO_PAY -> TO_CONFIRM with the proof image,
 * the coupons offered now locked to the order and pay_fee recomputed, all in
 * one atomic batch conditioned on the order still being TO_PAY (its op_token).
 */
export async function pay(db: Db, env: Bindings, me: number, p: Payment): Promise<void> {
  const now = Date.now();
  const [[order], lockedHere] = await db.batch([
    db.select({ userId: summerOrders.userId, status: summerOrders.status }).from(summerOrders).where(eq(summerOrders.id, p.order)),
    db
      .select({ couponId: summerUserCoupons.couponId })
      .from(summerUserCoupons)
      .where(and(eq(summerUserCoupons.orderId, p.order), eq(summerUserCoupons.status, "LOCKED"))),
  ]);
  if (!order || order.userId !== me) throw bad("order", `无效主键 “${p.order}” - 对象不存在。`);
  if (order.status !== "TO_PAY")
    throw bad("order", order.status === "CANCELED" ? "该订单已被取消，不能支付。" : "该订单已上传支付信息，不能重复支付。");
  const already = new Set(lockedHere.map((c) => c.couponId));
  const offered = p.coupon_list.filter((id) => !already.has(id));
  if (offered.length) {
    const fine = await db
      .select({ id: summerUserCoupons.couponId })
      .from(summerUserCoupons)
      .innerJoin(summerCoupons, eq(summerCoupons.id, summerUserCoupons.couponId))
      .where(and(usable(me, now), inArray(summerUserCoupons.couponId, offered)));
    const have = new Set(fine.map((c) => c.id));
    const missing = offered.find((id) => !have.has(id));
    if (missing !== undefined) throw bad("coupon_list", `无效的优惠券, coupon_id: ${missing}`);
  }

  const file = await putFile(env, "payment", p.img, { ownerId: me });
  const token = randomId(16);
  const coupons = usableCoupons(me, offered, now);
  const mine = eq(summerOrders.opToken, token);
  const changed = exists(db.select({ one: sql`1` }).from(summerOrders).where(mine));
  let updated: { id: number }[];
  try {
    [updated] = await db.batch([
      db
        .update(summerOrders)
        .set({
          status: "TO_CONFIRM",
          opToken: token,
          payFee: sql`max(0, ${summerOrders.standardFee} - ${lockedSum} - ${offered.length ? coupons.sum : sql`0`})`,
          updatedAt: now,
        })
        .where(
          and(
            eq(summerOrders.id, p.order),
            eq(summerOrders.userId, me),
            eq(summerOrders.status, "TO_PAY"),
            offered.length ? sql`${coupons.count} = ${offered.length}` : undefined,
          ),
        )
        .returning({ id: summerOrders.id }),
      db
        .update(summerUserCoupons)
        .set({ status: "LOCKED", orderId: p.order, updatedAt: now })
        .where(
          and(
            eq(summerUserCoupons.userId, me),
            eq(summerUserCoupons.status, "TO_USE"),
            inArray(summerUserCoupons.couponId, offered.length ? offered : [0]),
            changed,
          ),
        ),
      db.insert(summerFiles).values(file),
      db.insert(summerOrderPayments).select(
        db
          .select({
            id: sql`NULL`.as("id"),
            orderId: summerOrders.id,
            accountNumber: sql`${p.account_number}`.as("account_number"),
            accountName: sql`${p.account_name}`.as("account_name"),
            openingBank: sql`${p.opening_bank ?? null}`.as("opening_bank"),
            payDate: sql`${p.pay_date}`.as("pay_date"),
            imgFileId: sql`${file.id}`.as("img_file_id"),
            amount: sql`${p.amount}`.as("amount"),
            createdAt: sql`${now}`.as("created_at"),
          })
          .from(summerOrders)
          .where(mine),
      ),
    ]);
  } catch (err) {
    await dropFiles(env, [file.key]);
    throw err;
  }
  if (updated.length === 0) {
    await db.delete(summerFiles).where(eq(summerFiles.id, file.id));
    await dropFiles(env, [file.key]);
    const [current] = await db.select({ status: summerOrders.status }).from(summerOrders).where(eq(summerOrders.id, p.order));
    if (!current) throw notFound();
    if (current.status !== "TO_PAY") throw bad("order", "该订单已上传支付信息，不能重复支付。");
    throw bad("coupon_list", "优惠券已被其他订单使用，请刷新后重试。");
  }
}
