import { and, count, desc, eq, ne, type SQL } from "drizzle-orm";
import * as v from "valibot";
import { CURRENCIES, ORDER_PAYMENTS, ORDER_STATUSES, summerOrders, summerPaymentAccounts } from "../../db/schema/summer";
import { params } from "../../platform/params";
import { doc, orderDoc, pageOf as pageDoc } from "./docs";
import { ok } from "./envelope";
import { id } from "./inputs";
import { orderWith, presentOrder } from "./order-read";
import { paged, pageOf, pageParam } from "./page";
import { requireArea } from "./roles";
import { requireLogin } from "./session";
import type { SummerApp } from "./surface";

/** The staff's order list (订单列表) with the document's filters. */
const choice = <K extends string>(keys: readonly K[]) => v.optional(v.picklist(keys, (i) => `“${String(i.input)}” 不是合法选项。`));

const truthy = v.optional(
  v.pipe(
    v.union([v.boolean(), v.string()]),
    v.transform((x) => x === true || ["true", "True", "1"].includes(String(x))),
  ),
);

const filters = v.object({
  page: pageParam,
  currency: choice(CURRENCIES),
  payment: choice(ORDER_PAYMENTS),
  status: choice(ORDER_STATUSES),
  user: v.optional(id),
  none_canceled_order: truthy,
});

export function staffOrderRoutes(app: SummerApp) {
  app.get(
    "/order",
    doc("Every order, newest first, 10 a page; filters currency, payment, status, user, none_canceled_order", pageDoc(orderDoc), {
      who: "staff: orders (ADMIN, FINANCE)",
      description: "none_canceled_order=true leaves out CANCELED orders.",
    }),
    requireLogin,
    requireArea("orders"),
    params(filters, "GET"),
    async (c) => {
      const db = c.var.db;
      const f = c.var.params;
      const conds: SQL[] = [];
      if (f.currency) conds.push(eq(summerOrders.currency, f.currency));
      if (f.payment) conds.push(eq(summerOrders.payment, f.payment));
      if (f.status) conds.push(eq(summerOrders.status, f.status));
      if (f.user) conds.push(eq(summerOrders.userId, f.user));
      if (f.none_canceled_order) conds.push(ne(summerOrders.status, "CANCELED"));
      const where = conds.length ? and(...conds) : undefined;
      const { page, limit, offset } = pageOf(c);
      const [orders, [{ total }], accounts] = await db.batch([
        db.query.summerOrders.findMany({ where, with: orderWith, orderBy: [desc(summerOrders.id)], limit, offset }),
        db.select({ total: count() }).from(summerOrders).where(where),
        db.select().from(summerPaymentAccounts),
      ]);
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
}
