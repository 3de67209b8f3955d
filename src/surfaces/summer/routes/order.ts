import * as v from "valibot";
import { CURRENCIES, ORDER_PAYMENTS, ORDER_STATUSES, summerFiles } from "../../../db/schema/summer";
import { callerAnd } from "../../../platform/caller";
import { params } from "../../../platform/params";
import { randomId } from "../../../platform/random";
import { requireArea, requireLogin, requireStudent } from "../auth";
import { courseDoc, doc, orderDoc, pageOf as pageDoc } from "../docs";
import { ENUMS, enumIn, kv, kvDoc } from "../enums";
import { ok } from "../envelope";
import { dropFiles, putFile } from "../files";
import { date, id, idList, int, money, optText, str } from "../inputs";
import {
  checkOrder,
  insertOrder,
  lockOrderCoupons,
  orderChecksQueries,
  PAYMENTS_BY_CURRENCY,
  usableOfferedQuery,
  whyNotPlaced,
} from "../order-create";
import { checkPayment, insertPayment, lockedCouponsQuery, lockOfferedCoupons, markPaid, whyNotPaid } from "../order-payment";
import {
  openOrderQuery,
  orderCountQuery,
  orderFilter,
  orderPageQuery,
  orderQuery,
  orderStateQuery,
  ordersOfQuery,
  placedOrderQuery,
  presentOrder,
  presentOrderCourses,
  receivingAccountsQuery,
} from "../order-read";
import { changeOrderStatus } from "../order-status";
import { paged, pageOf, pageParam } from "../page";
import { forbidden, may } from "../roles";
import type { SummerApp } from "../surface";
import { IMAGE_BODY_CAP, imageField } from "../uploads";
import { notFound } from "../writes";

/** /order/...: orders (订单模块): placing, paying, the student's lists, currencies; the staff's list and decisions. */
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
const listParams = v.object({
  status: v.optional(v.picklist(ORDER_STATUSES, (i) => `“${String(i.input)}” 不是合法选项。`)),
  none_canceled_order: v.optional(v.string()),
});

const choice = <K extends string>(keys: readonly K[]) => v.optional(v.picklist(keys, (i) => `“${String(i.input)}” 不是合法选项。`));
const truthy = v.optional(
  v.pipe(
    v.union([v.boolean(), v.string()]),
    v.transform((x) => x === true || ["true", "True", "1"].includes(String(x))),
  ),
);
const staffListParams = v.object({
  page: pageParam,
  currency: choice(CURRENCIES),
  payment: choice(ORDER_PAYMENTS),
  status: choice(ORDER_STATUSES),
  user: v.optional(id),
  none_canceled_order: truthy,
});

const orderPath = "/order/:order_id{[0-9]+}";

export function orderRoutes(app: SummerApp) {
  app.get(
    "/order",
    doc("Every order, newest first, 10 a page; filters currency, payment, status, user, none_canceled_order", pageDoc(orderDoc), {
      who: "staff: orders (ADMIN, FINANCE)",
      description: "none_canceled_order=true leaves out CANCELED orders.",
    }),
    requireLogin,
    requireArea("orders"),
    params(staffListParams, "GET"),
    async (c) => {
      const db = c.var.db;
      const where = orderFilter(c.var.params);
      const { page, limit, offset } = pageOf(c);
      const [, orders, [{ total }], accounts] = await callerAnd(
        c,
        orderPageQuery(db, where, limit, offset),
        orderCountQuery(db, where),
        receivingAccountsQuery(db),
      );
      return ok(
        c,
        paged(
          c,
          page,
          total,
          orders.map((o) => presentOrder(o, accounts, c.req.url)),
        ),
      );
    },
  );

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
      const db = c.var.db;
      const p = c.var.params;
      const now = Date.now();
      const [me, [project], [fee], [open], usable] = await callerAnd(c, ...orderChecksQueries(db, c.var.ticket.userId, p, now));
      checkOrder(p, { project, fee, open, usable });
      // The order and its coupons in one atomic batch, each write conditioned again (a racing order may have come first).
      const token = randomId(16);
      const [, , [order], accounts] = await db.batch([
        insertOrder(db, me.id, p, token, now),
        lockOrderCoupons(db, me.id, p.coupon_list, token, now),
        placedOrderQuery(db, token),
        receivingAccountsQuery(db),
      ]);
      if (!order) throw await whyNotPlaced(db, me.id, p);
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
      const [, [order], accounts] = await callerAnd(c, openOrderQuery(db, c.var.ticket.userId), receivingAccountsQuery(db));
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
    async (c) => {
      await callerAnd(c);
      return ok(
        c,
        ENUMS.order_currency.keys.map((currency) => ({
          ...kv("order_currency", currency),
          payment: PAYMENTS_BY_CURRENCY[currency].map((p) => kv("order_payment", p)),
        })),
      );
    },
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
      const db = c.var.db;
      const p = c.var.params;
      const statuses = p.status ? [p.status] : p.none_canceled_order ? ORDER_STATUSES.filter((s) => s !== "CANCELED") : undefined;
      const [, orders, accounts] = await callerAnd(c, ordersOfQuery(db, c.var.ticket.userId, statuses), receivingAccountsQuery(db));
      return ok(
        c,
        orders.map((o) => presentOrder(o, accounts, c.req.url)),
      );
    },
  );

  app.get(
    "/order/user_order_course",
    doc(
      "The student's orders with each chosen course in full and its approval (confirm_course); currency, payment and status are plain keys here, as the document shows",
      v.array(
        v.object({
          ...orderDoc.entries,
          currency: v.picklist(CURRENCIES),
          payment: v.picklist(ORDER_PAYMENTS),
          status: v.picklist(ORDER_STATUSES),
          user_course: v.array(v.object({ ...courseDoc.entries, confirm_course: v.object({ status: kvDoc }) })),
        }),
      ),
      { who: "a student" },
    ),
    requireLogin,
    params(v.object({}), "GET"),
    requireStudent,
    async (c) => {
      const db = c.var.db;
      const [, orders, accounts] = await callerAnd(c, ordersOfQuery(db, c.var.ticket.userId), receivingAccountsQuery(db));
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
      const db = c.var.db;
      const p = c.var.params;
      const now = Date.now();
      const [me, [order], locked, usable] = await callerAnd(
        c,
        orderStateQuery(db, p.order),
        lockedCouponsQuery(db, p.order),
        usableOfferedQuery(db, c.var.ticket.userId, p.coupon_list, now),
      );
      const offered = checkPayment(me.id, p, { order, locked, usable });
      const file = await putFile(c.env, "payment", p.img, { ownerId: me.id });
      // The payment in one atomic batch conditioned on the order still being TO_PAY: taken once, its coupons locked once.
      const token = randomId(16);
      const [taken, , , , [after], accounts] = await db
        .batch([
          markPaid(db, me.id, p.order, offered, token, now),
          lockOfferedCoupons(db, me.id, p.order, offered, token, now),
          db.insert(summerFiles).values(file),
          insertPayment(db, p, file.id, token, now),
          orderQuery(db, p.order),
          receivingAccountsQuery(db),
        ])
        .catch(async (err) => {
          await dropFiles(c.env, [file.key]);
          throw err;
        });
      if (taken.length === 0) throw await whyNotPaid(db, c.env, p.order, file);
      if (!after) throw notFound();
      return ok(c, presentOrder(after, accounts, c.req.url));
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
      const db = c.var.db;
      const [me, [order], accounts] = await callerAnd(c, orderQuery(db, Number(c.req.param("order_id"))), receivingAccountsQuery(db));
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
    params(changeOrderStatus.params, "POST"),
    async (c) => ok(c, await changeOrderStatus.run(c, c.var.params, Number(c.req.param("order_id")))),
  );
}
