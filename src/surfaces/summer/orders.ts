import * as v from "valibot";
import { ORDER_STATUSES, summerPaymentAccounts } from "../../db/schema/summer";
import { params } from "../../platform/params";
import { courseDoc, doc, orderDoc } from "./docs";
import { ENUMS, enumIn, kv, kvDoc } from "./enums";
import { ok } from "./envelope";
import { date, id, idList, int, money, optText, str } from "./inputs";
import { createOrder, PAYMENTS_BY_CURRENCY } from "./order-create";
import { pay } from "./order-payment";
import { loadOpenOrder, loadOrder, loadOrdersOf, presentOrder, presentOrderCourses } from "./order-read";
import { decide } from "./order-status";
import { forbidden, may, requireStudent } from "./roles";
import { requireLogin } from "./session";
import type { SummerApp } from "./surface";
import { IMAGE_BODY_CAP, imageField } from "./uploads";
import { notFound } from "./writes";

/** Orders (订单模块): create, check_order, detail, payment, status, the student's lists, currencies. */
const orderPath = "/order/:order_id{[0-9]+}";

const createParams = v.object({
  project: id,
  currency: enumIn("order_currency"),
  payment: enumIn("order_payment"),
  course_num: int(1, 50),
  coupon_list: v.optional(idList, []),
});
const paymentParams = v.object({
  order: id,
  account_number: str(30),
  account_name: str(30),
  opening_bank: optText(30),
  pay_date: date,
  img: imageField,
  coupon_list: idList,
  amount: money,
});
const statusParams = v.object({
  status: v.pipe(
    enumIn("order_status"),
    v.picklist(["CANCELED", "CONFIRMED", "CONFIRM_FAILED"] as const, "只能将订单改为 CANCELED、CONFIRMED 或 CONFIRM_FAILED。"),
  ),
  remark: v.optional(str(255)),
});
const listParams = v.object({
  status: v.optional(v.picklist(ORDER_STATUSES, (i) => `“${String(i.input)}” 不是合法选项。`)),
  none_canceled_order: v.optional(v.string()),
});

const accountsOf = (db: Parameters<typeof loadOrder>[0]) => db.select().from(summerPaymentAccounts);

export function orderRoutes(app: SummerApp) {
  app.post(
    "/order",
    doc("Place an order for a project (TO_PAY); coupon_list (coupon ids) are locked to it", orderDoc, {
      who: "a student",
      description: "standard_fee = the project's apply_fee + the fee row for course_num; pay_fee = max(0, standard_fee - the coupons).",
      errors: [
        "400 有未完成的订单，不能创建新的订单",
        "400 无效的优惠券, coupon_id: N (coupon_list)",
        "400 所选课程数大于项目最大课程数 (course_num)",
        "400 该币种不支持此支付方式 (payment)",
      ],
    }),
    requireLogin,
    requireStudent,
    params(createParams, "POST"),
    async (c) => {
      const orderId = await createOrder(c.var.db, c.var.user.id, c.var.params);
      const [[order], accounts] = await c.var.db.batch([loadOrder(c.var.db, orderId), accountsOf(c.var.db)]);
      if (!order) throw notFound();
      return ok(c, presentOrder(order, accounts, c.req.url));
    },
  );

  app.get(
    "/order/check_order",
    doc(
      "The open order (TO_PAY, TO_CONFIRM, or CONFIRMED with courses left to choose), or code 100 when an order may be created",
      orderDoc,
      {
        who: "a student",
        errors: ["100 没有未完成的订单，可以创建 (data {})"],
      },
    ),
    requireLogin,
    params(v.object({}), "GET"),
    requireStudent,
    async (c) => {
      const db = c.var.db;
      const [[order], accounts] = await db.batch([loadOpenOrder(db, c.var.user.id), accountsOf(db)]);
      if (!order) return c.json({ code: 100, msg: "没有未完成的订单，可以创建", data: {}, field_name: "" });
      return ok(c, presentOrder(order, accounts, c.req.url));
    },
  );

  app.get(
    "/order/order_currency_payment",
    doc(
      "The currencies and the payment methods each takes",
      v.array(v.object({ key: v.string(), verbose: v.string(), payment: v.array(kvDoc) })),
      {
        who: "a ticket",
      },
    ),
    requireLogin,
    params(v.object({}), "GET"),
    (c) =>
      ok(
        c,
        ENUMS.order_currency.keys.map((currency) => ({
          ...kv("order_currency", currency),
          payment: PAYMENTS_BY_CURRENCY[currency].map((p) => kv("order_payment", p)),
        })),
      ),
  );

  app.get(
    "/order/user_order_list",
    doc("The student's orders, newest first (a plain array); `?status=` and `?none_canceled_order=1` filter", v.array(orderDoc), {
      who: "a student",
    }),
    requireLogin,
    params(listParams, "GET"),
    requireStudent,
    async (c) => {
      const p = c.var.params;
      const statuses = p.status ? [p.status] : p.none_canceled_order ? ORDER_STATUSES.filter((s) => s !== "CANCELED") : undefined;
      const { orders, accounts } = await loadOrdersOf(c.var.db, c.var.user.id, statuses);
      return ok(
        c,
        orders.map((o) => presentOrder(o, accounts, c.req.url)),
      );
    },
  );

  app.get(
    "/order/user_order_course",
    doc(
      "The student's orders with each chosen course in full and its approval (confirm_course)",
      v.array(
        v.object({
          ...orderDoc.entries,
          user_course: v.array(v.object({ ...courseDoc.entries, confirm_course: v.object({ status: kvDoc }) })),
        }),
      ),
      { who: "a student" },
    ),
    requireLogin,
    params(v.object({}), "GET"),
    requireStudent,
    async (c) => {
      const { orders, accounts } = await loadOrdersOf(c.var.db, c.var.user.id);
      return ok(
        c,
        orders.map((o) => presentOrderCourses(o, accounts, c.req.url)),
      );
    },
  );

  app.post(
    "/order/order_payment",
    doc(
      "Report the transfer of a TO_PAY order with its proof image (base64 JPEG/PNG/GIF, at most 5 MiB): the order becomes TO_CONFIRM",
      orderDoc,
      {
        who: "the order's student",
        description: "coupon_list is required and may be empty; coupons sent here are locked to the order too and pay_fee is recomputed.",
        errors: ["400 a bad image (img)", "400 the order is not TO_PAY (order)", "400 无效的优惠券 (coupon_list)"],
      },
    ),
    requireLogin,
    requireStudent,
    params(paymentParams, "POST", { maxBodyBytes: IMAGE_BODY_CAP }),
    async (c) => {
      await pay(c.var.db, c.env, c.var.user.id, c.var.params);
      const [[order], accounts] = await c.var.db.batch([loadOrder(c.var.db, c.var.params.order), accountsOf(c.var.db)]);
      if (!order) throw notFound();
      return ok(c, presentOrder(order, accounts, c.req.url));
    },
  );

  app.get(
    orderPath,
    doc("An order", orderDoc, {
      who: "its student, or staff: orders (ADMIN, FINANCE)",
      errors: ["404 no such order (or another student's)"],
    }),
    requireLogin,
    params(v.object({}), "GET"),
    async (c) => {
      const me = c.var.user;
      const [[order], accounts] = await c.var.db.batch([loadOrder(c.var.db, Number(c.req.param("order_id"))), accountsOf(c.var.db)]);
      if (me.role !== "STUDENT" && !may(me.role, "orders")) throw forbidden();
      if (!order || (me.role === "STUDENT" && order.userId !== me.id)) throw notFound();
      return ok(c, presentOrder(order, accounts, c.req.url));
    },
  );

  app.patch(
    orderPath,
    doc(
      "Change an order's status: CANCELED (its student, from TO_PAY), CONFIRMED or CONFIRM_FAILED (staff: orders, from TO_CONFIRM)",
      orderDoc,
      {
        who: "its student (cancel) or staff: orders (confirm, fail)",
        description:
          "Confirming uses the order's coupons (USED); cancelling or failing gives them back (TO_USE) and frees the course seats.",
        errors: ["400 the reason a change is refused (status)", "403 the wrong side", "404 no such order"],
      },
    ),
    requireLogin,
    params(statusParams, "POST"),
    async (c) => {
      const orderId = Number(c.req.param("order_id"));
      // The remark is the staff's note on the order; a student's is not taken.
      const remark = c.var.user.role === "STUDENT" ? undefined : c.var.params.remark;
      await decide(c.var.db, c.var.user, orderId, c.var.params.status, remark);
      const [[order], accounts] = await c.var.db.batch([loadOrder(c.var.db, orderId), accountsOf(c.var.db)]);
      if (!order) throw notFound();
      return ok(c, presentOrder(order, accounts, c.req.url));
    },
  );
}
