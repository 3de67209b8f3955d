import { and, count, desc, eq, getTableName, inArray, ne, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import {
  type Currency,
  type OrderPayment,
  type OrderStatus,
  type summerCourses,
  type summerOrderPayments,
  summerOrders,
  summerPaymentAccounts,
  summerUserCourses,
} from "../../db/schema/summer";
import type { Db } from "../../env";
import { kv } from "./enums";
import { fileUrl } from "./files";
import { isoZ, isoZOrNull, type ProjectTree, presentCourse, presentProject } from "./present";
import { courseExtras, projectWith, qualified } from "./read";

/** Orders as the document shows them, and the reads behind them. */
export const LIVE: OrderStatus[] = ["TO_PAY", "TO_CONFIRM", "CONFIRMED"];

export const orderWith = {
  project: { with: projectWith },
  payed: true,
  userCourses: { with: { course: courseExtras } },
  userCoupons: { columns: { couponId: true, status: true } },
} as const;

type AccountRow = typeof summerPaymentAccounts.$inferSelect;
type UserCourseRow = typeof summerUserCourses.$inferSelect;
type OrderRow = typeof summerOrders.$inferSelect;
export type OrderTree = OrderRow & {
  project: ProjectTree | null;
  payed: typeof summerOrderPayments.$inferSelect | null;
  userCourses: (UserCourseRow & { course: (typeof summerCourses.$inferSelect & { currentCourseNum: number }) | null })[];
  userCoupons: { couponId: number; status: string }[];
};

/**
 * An order read whole, as a list of at most one: drizzle maps a relational
 * read's missing row inside a D1 batch only as an empty list.
 */
export const orderQuery = (db: Db, orderId: number) =>
  db.query.summerOrders.findMany({ where: eq(summerOrders.id, orderId), with: orderWith, limit: 1 });

/** The order a write placed in the same batch, found by the write's `op_token` (a list of at most one, empty if nothing was placed). */
export const placedOrderQuery = (db: Db, token: string) =>
  db.query.summerOrders.findMany({ where: eq(summerOrders.opToken, token), with: orderWith, limit: 1 });

/** The student's orders, newest first, whole; `statuses` keeps only those. */
export const ordersOfQuery = (db: Db, userId: number, statuses?: OrderStatus[]) =>
  db.query.summerOrders.findMany({
    where: statuses ? and(eq(summerOrders.userId, userId), inArray(summerOrders.status, statuses)) : eq(summerOrders.userId, userId),
    with: orderWith,
    orderBy: [desc(summerOrders.id)],
  });

/** The receiving accounts, from which each order's payment_info is chosen. */
export const receivingAccountsQuery = (db: Db) => db.select().from(summerPaymentAccounts);

/** An order's student and status: what a payment or a decision is checked against. */
export const orderStateQuery = (db: Db, orderId: number) =>
  db.select({ userId: summerOrders.userId, status: summerOrders.status }).from(summerOrders).where(eq(summerOrders.id, orderId));

/** The staff list's filters (none_canceled_order leaves out CANCELED orders). */
export interface OrderFilters {
  currency?: Currency;
  payment?: OrderPayment;
  status?: OrderStatus;
  user?: number;
  none_canceled_order?: boolean;
}

export function orderFilter(f: OrderFilters): SQL | undefined {
  const conds: SQL[] = [];
  if (f.currency) conds.push(eq(summerOrders.currency, f.currency));
  if (f.payment) conds.push(eq(summerOrders.payment, f.payment));
  if (f.status) conds.push(eq(summerOrders.status, f.status));
  if (f.user) conds.push(eq(summerOrders.userId, f.user));
  if (f.none_canceled_order) conds.push(ne(summerOrders.status, "CANCELED"));
  return conds.length ? and(...conds) : undefined;
}

/** A page of every order the filter keeps, newest first, whole. */
export const orderPageQuery = (db: Db, where: SQL | undefined, limit: number, offset: number) =>
  db.query.summerOrders.findMany({ where, with: orderWith, orderBy: [desc(summerOrders.id)], limit, offset });

export const orderCountQuery = (db: Db, where: SQL | undefined) => db.select({ total: count() }).from(summerOrders).where(where);

// Named, not interpolated as columns: a relational read re-aliases every column object in its `where`.
const choices = sql.identifier(getTableName(summerUserCourses));
const choiceOrder = sql.identifier(summerUserCourses.orderId.name);

/** Whether an order is open, `id` naming the order's id as the query around it does. */
const isOpen = (id: SQLWrapper) =>
  sql`(${summerOrders.status} IN ('TO_PAY', 'TO_CONFIRM') OR (${summerOrders.status} = 'CONFIRMED'
    AND (SELECT count(*) FROM ${choices} AS "uc" WHERE "uc".${choiceOrder} = ${id}) < ${summerOrders.courseNum}))`;

/**
 * The open order (check_order): the newest TO_PAY or TO_CONFIRM order, or a
 * CONFIRMED one whose courses are not all chosen yet. Creating an order is
 * refused while one is open.
 */
export const openOrderOf = (db: Db, userId: number) =>
  db
    .select({ id: summerOrders.id })
    .from(summerOrders)
    .where(and(eq(summerOrders.userId, userId), isOpen(qualified(summerOrders.id))))
    .orderBy(desc(summerOrders.id))
    .limit(1);

/** The open order read whole, as orderQuery reads one (a list of at most one). */
export const openOrderQuery = (db: Db, userId: number) =>
  db.query.summerOrders.findMany({
    where: and(eq(summerOrders.userId, userId), isOpen(summerOrders.id)),
    orderBy: [desc(summerOrders.id)],
    with: orderWith,
    limit: 1,
  });

/** The receiving account for the order's payment method, preferring its currency. */
export function paymentInfo(o: OrderRow, accounts: AccountRow[]) {
  const fitting = accounts
    .filter((a) => a.payment === o.payment)
    .sort((a, b) => Number(b.currency === o.currency) - Number(a.currency === o.currency) || a.id - b.id);
  const a = fitting[0];
  return a
    ? {
        id: a.id,
        account_number: a.accountNumber,
        account_name: a.accountName,
        opening_bank: a.openingBank,
        payment: kv("account_payment", a.payment),
        currency: kv("account_currency", a.currency),
        swift_code: a.swiftCode,
      }
    : null;
}

const chosen = (o: OrderTree) => o.userCourses.filter((uc) => uc.course !== null).sort((a, b) => a.id - b.id);

/** An order with its project, receiving account, reported payment and chosen courses. */
export function presentOrder(o: OrderTree, accounts: AccountRow[], requestUrl: string) {
  const p = o.payed;
  return {
    id: o.id,
    user: o.userId,
    project: o.project ? presentProject(o.project) : null,
    currency: kv("order_currency", o.currency),
    payment: kv("order_payment", o.payment),
    create_time: isoZ(o.createdAt),
    status: kv("order_status", o.status),
    course_num: o.courseNum,
    standard_fee: o.standardFee,
    pay_fee: o.payFee,
    remark: o.remark,
    coupon_list: o.userCoupons.map((uc) => uc.couponId).sort((a, b) => a - b),
    payment_info: paymentInfo(o, accounts),
    order_payed_info: p
      ? {
          id: p.id,
          order: p.orderId,
          account_number: p.accountNumber,
          account_name: p.accountName,
          opening_bank: p.openingBank,
          pay_date: p.payDate,
          img: fileUrl(requestUrl, p.imgFileId),
          amount: p.amount,
        }
      : null,
    user_course: chosen(o).map((uc) => ({ id: uc.courseId, name: uc.course?.name ?? "", course_code: uc.course?.courseCode ?? "" })),
  };
}

/** The approval and score of a chosen course. */
export const confirmCourse = (uc: UserCourseRow, requestUrl: string) => ({
  score: uc.score,
  score_grade: uc.scoreGrade,
  reporting_time: isoZOrNull(uc.reportingTime),
  confirm_photo: fileUrl(requestUrl, uc.confirmPhotoFileId),
  status: kv("user_course_status", uc.status),
});

/** user_order_course: the order with each chosen course in full and its approval. */
/**
 * An order as user_order_course shows it: `currency`, `payment` and `status` as plain keys (the document's reply,
 * and what the original server sent there), each chosen course with its approval.
 */
export function presentOrderCourses(o: OrderTree, accounts: AccountRow[], requestUrl: string) {
  return {
    ...presentOrder(o, accounts, requestUrl),
    currency: o.currency,
    payment: o.payment,
    status: o.status,
    user_course: chosen(o).flatMap((uc) =>
      uc.course ? [{ ...presentCourse(uc.course, requestUrl), confirm_course: confirmCourse(uc, requestUrl) }] : [],
    ),
  };
}
