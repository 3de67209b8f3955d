import { and, eq, exists, inArray, ne, sql } from "drizzle-orm";
import * as v from "valibot";
import { type OrderStatus, summerAudit, summerOrders, summerUserCoupons, summerUserCourses } from "../../db/schema/summer";
import type { Db } from "../../env";
import { callerAnd } from "../../platform/caller";
import type { AppError } from "../../platform/errors";
import { randomId } from "../../platform/random";
import type { SummerCaller } from "./auth";
import { summerWrite } from "./call";
import { enumIn } from "./enums";
import { str } from "./inputs";
import { orderQuery, orderStateQuery, presentOrder, receivingAccountsQuery } from "./order-read";
import { forbidden, may } from "./roles";
import { bad, found, notFound } from "./writes";

/**
 * The order's state machine: TO_PAY -> CANCELED by its student; TO_CONFIRM ->
 * CONFIRMED | CONFIRM_FAILED by staff (orders). Every other change is refused
 * with the reason. The coupons follow in the same atomic batch: LOCKED ->
 * USED on confirmation, back to TO_USE on cancellation or failure, and a dead
 * order gives its course seats back.
 */
export type Decision = "CANCELED" | "CONFIRMED" | "CONFIRM_FAILED";

const FROM: Record<Decision, OrderStatus> = { CANCELED: "TO_PAY", CONFIRMED: "TO_CONFIRM", CONFIRM_FAILED: "TO_CONFIRM" };

/** Why `to` cannot follow `from` (the original's words). */
function refusal(from: OrderStatus, to: Decision): string {
  if (from === "CANCELED") return "该订单已被取消，不能进行更新任何操作";
  if (from === "CONFIRMED") return "管理员已确认该订单，不能进行任何更新操作";
  if (from === "CONFIRM_FAILED") return "管理员已确认订单支付认证失败，不能进行任何更新操作";
  if (from === "TO_CONFIRM" && to === "CANCELED") return "该订单已被支付，在管理员确定前不能取消";
  if (from === "TO_PAY") return "用户尚未上传凭证，不能进行确认操作";
  return "订单状态不允许此操作";
}

/**
 * Throws the reason `me` may not make this decision on the order: 403 for
 * staff outside orders, 404 for no such order (or another student's), 403
 * for the wrong side (the student cancels; staff confirm or fail), 400 for a
 * change its status does not allow. Returns the status it leaves.
 */
export function checkDecision(me: SummerCaller, order: { userId: number; status: OrderStatus } | undefined, to: Decision): OrderStatus {
  const staff = may(me.role, "orders");
  if (me.role !== "STUDENT" && !staff) throw forbidden();
  if (!order || (!staff && order.userId !== me.id)) throw notFound();
  if (to === "CANCELED" ? order.userId !== me.id : !staff) throw forbidden();
  if (order.status !== FROM[to]) throw bad("status", refusal(order.status, to));
  return order.status;
}

/** The order decided with `token` (nothing when the decision did not happen), now in one of `statuses`, as an EXISTS. */
const decidedTo = (db: Db, token: string, statuses: OrderStatus[]) =>
  exists(
    db
      .select({ one: sql`1` })
      .from(summerOrders)
      .where(and(eq(summerOrders.opToken, token), inArray(summerOrders.status, statuses))),
  );

/** The decision itself, marked with `token`: only while the order is still in the status it leaves. */
export function decideOrder(db: Db, by: number, orderId: number, to: Decision, remark: string | undefined, token: string, now: number) {
  return db
    .update(summerOrders)
    .set({
      status: to,
      opToken: token,
      updatedAt: now,
      ...(to === "CANCELED" ? {} : { decidedBy: by, decidedAt: now }),
      ...(remark !== undefined ? { remark } : {}),
    })
    .where(and(eq(summerOrders.id, orderId), eq(summerOrders.status, FROM[to])))
    .returning({ id: summerOrders.id });
}

/** The order's locked coupons, if the decision happened: USED on confirmation, given back (TO_USE) otherwise. */
export function settleCoupons(db: Db, orderId: number, to: Decision, token: string, now: number) {
  return db
    .update(summerUserCoupons)
    .set(to === "CONFIRMED" ? { status: "USED", updatedAt: now } : { status: "TO_USE", orderId: null, updatedAt: now })
    .where(and(eq(summerUserCoupons.orderId, orderId), eq(summerUserCoupons.status, "LOCKED"), decidedTo(db, token, [to])));
}

/** The order's course seats given back, if the decision happened and left it dead (cancelled or failed). */
export const freeSeats = (db: Db, orderId: number, token: string) =>
  db.delete(summerUserCourses).where(and(eq(summerUserCourses.orderId, orderId), decidedTo(db, token, ["CANCELED", "CONFIRM_FAILED"])));

/** Why a decision checked a moment ago did not happen (another decision won the race): the state it left. */
export async function whyNotDecided(db: Db, orderId: number, to: Decision): Promise<AppError> {
  const [current] = await orderStateQuery(db, orderId);
  return bad("status", refusal(current?.status ?? "CANCELED", to));
}

/** The audit record of a staff decision (cancelling is the student's: none), written only if the decision happened (its `op_token`). */
export function auditDecision(
  db: Db,
  staffId: number,
  orderId: number,
  token: string,
  from: OrderStatus,
  to: Decision,
  remark: string | undefined,
  now: number,
) {
  return db.insert(summerAudit).select(
    db
      .select({
        id: sql`NULL`.as("id"),
        staffId: sql`${staffId}`.as("staff_id"),
        action: sql`'decide'`.as("action"),
        entity: sql`'order'`.as("entity"),
        entityId: sql`${String(orderId)}`.as("entity_id"),
        before: sql`${JSON.stringify({ status: from })}`.as("before"),
        after: sql`${JSON.stringify({ status: to, ...(remark !== undefined ? { remark } : {}) })}`.as("after"),
        createdAt: sql`${now}`.as("created_at"),
      })
      .from(summerOrders)
      .where(and(eq(summerOrders.opToken, token), ne(summerOrders.status, "CANCELED"))),
  );
}

const statusParams = v.object({
  status: v.pipe(
    enumIn("order_status"),
    v.picklist(["CANCELED", "CONFIRMED", "CONFIRM_FAILED"] as const, "只能将订单改为 CANCELED、CONFIRMED 或 CONFIRM_FAILED。"),
  ),
  remark: v.optional(str(255)),
});

/**
 * Changes an order's status: CANCELED (its student, from TO_PAY), CONFIRMED or CONFIRM_FAILED (staff of the
 * orders area, from TO_CONFIRM, with their remark). The decision and what follows it in one atomic batch,
 * each conditioned on the decision having happened (its op_token).
 */
export const changeOrderStatus = summerWrite(null, statusParams, async (call, p, orderId: number) => {
  const db = call.var.db;
  const to = p.status;
  const [me, [order]] = await callerAnd(call, orderStateQuery(db, orderId));
  const from = checkDecision(me, order, to);
  // The remark is the staff's note on the order; a student's is not taken.
  const remark = me.role === "STUDENT" ? undefined : p.remark;
  const token = randomId(16);
  const now = Date.now();
  const [decided, , , , [after], accounts] = await db.batch([
    decideOrder(db, me.id, orderId, to, remark, token, now),
    settleCoupons(db, orderId, to, token, now),
    freeSeats(db, orderId, token),
    auditDecision(db, me.id, orderId, token, from, to, remark, now),
    orderQuery(db, orderId),
    receivingAccountsQuery(db),
  ]);
  if (decided.length === 0) throw await whyNotDecided(db, orderId, to);
  return presentOrder(found(after), accounts, call.req.url);
});
