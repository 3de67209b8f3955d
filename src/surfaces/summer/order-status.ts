import { and, eq, exists, sql } from "drizzle-orm";
import { type OrderStatus, summerAudit, summerOrders, summerUserCoupons, summerUserCourses } from "../../db/schema/summer";
import type { Db } from "../../env";
import { randomId } from "../../platform/random";
import { forbidden, may } from "./roles";
import type { SummerCaller } from "./session";
import { bad, notFound } from "./writes";

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

export async function decide(db: Db, caller: SummerCaller, orderId: number, to: Decision, remark?: string): Promise<void> {
  const [order] = await db
    .select({ userId: summerOrders.userId, status: summerOrders.status })
    .from(summerOrders)
    .where(eq(summerOrders.id, orderId));
  const staff = may(caller.role, "orders");
  if (caller.role !== "STUDENT" && !staff) throw forbidden();
  if (!order || (!staff && order.userId !== caller.id)) throw notFound();
  // The student cancels; staff confirm or fail.
  if (to === "CANCELED" ? order.userId !== caller.id : !staff) throw forbidden();
  if (order.status !== FROM[to]) throw bad("status", refusal(order.status, to));

  const now = Date.now();
  const token = randomId(16);
  const changed = exists(db.select({ one: sql`1` }).from(summerOrders).where(eq(summerOrders.opToken, token)));
  const dead = to !== "CONFIRMED";
  const [updated] = await db.batch([
    db
      .update(summerOrders)
      .set({
        status: to,
        opToken: token,
        updatedAt: now,
        ...(to === "CANCELED" ? {} : { decidedBy: caller.id, decidedAt: now }),
        ...(remark !== undefined ? { remark } : {}),
      })
      .where(and(eq(summerOrders.id, orderId), eq(summerOrders.status, FROM[to])))
      .returning({ id: summerOrders.id }),
    db
      .update(summerUserCoupons)
      .set(dead ? { status: "TO_USE", orderId: null, updatedAt: now } : { status: "USED", updatedAt: now })
      .where(and(eq(summerUserCoupons.orderId, orderId), eq(summerUserCoupons.status, "LOCKED"), changed)),
    ...(dead ? [db.delete(summerUserCourses).where(and(eq(summerUserCourses.orderId, orderId), changed))] : []),
    ...(to === "CANCELED" ? [] : [auditDecision(db, caller.id, orderId, token, order.status, to, remark, now)]),
  ]);
  if (updated.length === 0) {
    // Another decision won the race: report the state it left.
    const [current] = await db.select({ status: summerOrders.status }).from(summerOrders).where(eq(summerOrders.id, orderId));
    throw bad("status", refusal(current?.status ?? "CANCELED", to));
  }
}

/** The audit record of a staff decision, written only if the decision happened (its `op_token`). */
function auditDecision(
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
      .where(eq(summerOrders.opToken, token)),
  );
}
