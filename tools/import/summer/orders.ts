import { and, eq } from "drizzle-orm";
import {
  COUPON_STATUSES,
  CURRENCIES,
  ORDER_PAYMENTS,
  ORDER_STATUSES,
  PROJECT_RESULTS,
  summerOrderPayments,
  summerOrders,
  summerProjectResults,
  summerUserCoupons,
  summerUserCourses,
  USER_COURSE_STATUSES,
} from "../../../src/db/schema/summer";
import type { PlanBuilder } from "../plan";
import { importRow } from "../rows";
import type { Catalogue } from "./catalogue";
import { type Dump, date, int, num, type Row, text, utc } from "./dump";
import { key, ref } from "./keys";
import type { MediaFiles } from "./media";
import type { People } from "./people";

const oneOf = <T extends string>(list: readonly T[], v: unknown): T | null => list.find((x) => x === v) ?? null;
const OPEN = new Set(["TO_PAY", "TO_CONFIRM"]);

/**
 * Orders with their payment (and its proof image), the coupons given and the order that used each,
 * course choices with their approval photo and score, and credit transfers. Campus Edge keeps at
 * most one open (TO_PAY or TO_CONFIRM) order per student: of several, the newest comes over and the
 * others are reported. An order is refreshed by a later import while nobody changed it in Campus Edge.
 */
export function planOrders(dump: Dump, plan: PlanBuilder, files: MediaFiles, people: People, catalogue: Catalogue, now: number) {
  const rows = dump.rows(
    "order",
    [
      "id",
      "user_id",
      "project_id",
      "currency",
      "payment",
      "status",
      "standard_fee",
      "pay_fee",
      "create_time",
      "modified_time",
      "course_num",
      "remark",
    ],
    true,
  );
  const newestOpen = new Map<number, number>();
  for (const { values: r } of rows) {
    const user = int(r.user_id)!;
    const id = int(r.id)!;
    if (OPEN.has(String(r.status)) && id > (newestOpen.get(user) ?? -1)) newestOpen.set(user, id);
  }
  const orders = new Map<number, number>();
  for (const { values: r, line } of rows) {
    const id = int(r.id)!;
    const user = int(r.user_id)!;
    const project = int(r.project_id);
    const currency = oneOf(CURRENCIES, r.currency);
    const payment = oneOf(ORDER_PAYMENTS, r.payment);
    const status = oneOf(ORDER_STATUSES, r.status);
    if (!people.users.has(user)) plan.reject("order", id, `its user ${user} is not imported`, line);
    else if (project === null || !catalogue.projects.has(project)) plan.reject("order", id, `its project ${project} is not imported`, line);
    else if (!currency || !payment || !status)
      plan.reject("order", id, `unknown currency, payment or status (${r.currency}, ${r.payment}, ${r.status})`, line);
    else if (OPEN.has(status) && newestOpen.get(user) !== id) {
      plan.reject(
        "order",
        id,
        `user ${user} has a newer open order ${newestOpen.get(user)}: Campus Edge keeps one open order per student`,
        line,
      );
    } else {
      orders.set(id, user);
      const created = utc(r.create_time) ?? now;
      const modified = utc(r.modified_time) ?? created;
      const changing = { status, payment, currency, payFee: num(r.pay_fee) ?? 0, remark: text(r.remark) };
      plan.add("order", (db) =>
        importRow(
          db,
          {
            key: key("order", id),
            table: summerOrders,
            values: {
              userId: ref("user", user),
              projectId: ref("project", project),
              courseNum: int(r.course_num) ?? 0,
              standardFee: num(r.standard_fee) ?? 0,
              ...changing,
              createdAt: created,
              updatedAt: modified,
            },
            id: summerOrders.id,
            requires: [key("user", user), key("project", project)],
            refresh: { column: summerOrders.updatedAt, stamp: modified, set: changing },
          },
          now,
        ),
      );
    }
  }

  for (const { values: r, line } of latestPerOrder(
    dump.rows("order_payment", [
      "id",
      "order_id",
      "amount",
      "account_number",
      "account_name",
      "opening_bank",
      "pay_date",
      "img",
      "create_time",
    ]),
    plan,
  )) {
    const id = int(r.id)!;
    const order = int(r.order_id)!;
    const user = orders.get(order);
    const img = text(r.img);
    if (user === undefined) plan.reject("order_payment", id, `its order ${order} is not imported`, line);
    else if (!img) plan.reject("order_payment", id, "no proof image", line);
    else {
      const imgFileId = files.add(img, "payment", `order_payment-${id}-img`, { ownerId: ref("user", user) });
      plan.add("order_payment", (db) =>
        importRow(
          db,
          {
            key: key("order_payment", id),
            table: summerOrderPayments,
            values: {
              orderId: ref("order", order),
              accountNumber: text(r.account_number) ?? "",
              accountName: text(r.account_name) ?? "",
              openingBank: text(r.opening_bank),
              payDate: date(r.pay_date) ?? "",
              imgFileId,
              amount: num(r.amount) ?? 0,
              createdAt: utc(r.create_time) ?? now,
            },
            id: summerOrderPayments.id,
            natural: eq(summerOrderPayments.orderId, ref("order", order)),
            requires: [key("order", order)],
          },
          now,
        ),
      );
    }
  }

  // The order a coupon went to: StuSystem's order_coupon, matched to the coupon's student.
  const couponOrder = new Map<string, number>();
  for (const { values: r } of dump.rows("order_coupon", ["order_id", "coupon_id"])) {
    const order = int(r.order_id)!;
    const user = orders.get(order);
    if (user !== undefined) couponOrder.set(`${user}:${int(r.coupon_id)}`, order);
  }
  for (const { values: r, line } of dump.rows("user_coupon", ["id", "user_id", "coupon_id", "status"])) {
    const id = int(r.id)!;
    const user = int(r.user_id)!;
    const coupon = int(r.coupon_id)!;
    const status = oneOf(COUPON_STATUSES, r.status) ?? "TO_USE";
    const order = status === "TO_USE" ? undefined : couponOrder.get(`${user}:${coupon}`);
    if (!people.users.has(user)) plan.reject("user_coupon", id, `its user ${user} is not imported`, line);
    else if (!people.coupons.has(coupon)) plan.reject("user_coupon", id, `its coupon ${coupon} is not imported`, line);
    else {
      plan.add("user_coupon", (db) =>
        importRow(
          db,
          {
            key: key("user_coupon", id),
            table: summerUserCoupons,
            values: {
              userId: ref("user", user),
              couponId: ref("coupon", coupon),
              status,
              orderId: order === undefined ? null : ref("order", order),
              createdAt: now,
              updatedAt: now,
            },
            id: summerUserCoupons.id,
            natural: and(eq(summerUserCoupons.userId, ref("user", user)), eq(summerUserCoupons.couponId, ref("coupon", coupon))),
            requires: [key("user", user), key("coupon", coupon)],
          },
          now,
        ),
      );
    }
  }

  const chosen = new Map<number, number>();
  for (const { values: r, line } of dump.rows("user_course", [
    "id",
    "user_id",
    "course_id",
    "order_id",
    "create_time",
    "score",
    "score_grade",
    "reporting_time",
    "confirm_photo",
    "status",
  ])) {
    const id = int(r.id)!;
    const user = int(r.user_id)!;
    const course = catalogue.courses.get(int(r.course_id) ?? -1);
    const order = int(r.order_id)!;
    if (orders.get(order) !== user) plan.reject("user_course", id, `its order ${order} is not an imported order of user ${user}`, line);
    else if (!course) plan.reject("user_course", id, `its course ${r.course_id} is not imported`, line);
    else {
      chosen.set(user, course.projectId);
      const reported = utc(r.reporting_time);
      const photo = text(r.confirm_photo)
        ? files.add(text(r.confirm_photo)!, "approval", `user_course-${id}-confirm_photo`, { ownerId: ref("user", user) })
        : null;
      const courseId = int(r.course_id)!;
      const created = utc(r.create_time) ?? now;
      plan.add("user_course", (db) =>
        importRow(
          db,
          {
            key: key("user_course", id),
            table: summerUserCourses,
            values: {
              userId: ref("user", user),
              orderId: ref("order", order),
              projectId: ref("project", course.projectId),
              courseId: ref("course", courseId),
              status: oneOf(USER_COURSE_STATUSES, r.status) ?? "TO_UPLOAD",
              confirmPhotoFileId: photo,
              // StuSystem's score defaulted to 0 before any was entered: a score counts once it was reported or graded.
              score: reported !== null || text(r.score_grade) ? int(r.score) : null,
              scoreGrade: text(r.score_grade),
              reportingTime: reported,
              createdAt: created,
              updatedAt: created,
            },
            id: summerUserCourses.id,
            natural: and(eq(summerUserCourses.orderId, ref("order", order)), eq(summerUserCourses.courseId, ref("course", courseId))),
            requires: [key("order", order), key("course", courseId)],
          },
          now,
        ),
      );
    }
  }

  // StuSystem kept one credit transfer per student; Campus Edge keeps one per student and project:
  // it goes to the project of the student's chosen courses, or of their confirmed order.
  const confirmedProject = new Map<number, number>();
  for (const { values: r } of rows)
    if (r.status === "CONFIRMED" && orders.has(int(r.id)!)) confirmedProject.set(int(r.user_id)!, int(r.project_id)!);
  for (const { values: r, line } of dump.rows("project_result", [
    "id",
    "user_id",
    "create_time",
    "post_datetime",
    "post_channel",
    "post_number",
    "status",
    "img",
  ])) {
    const id = int(r.id)!;
    const user = int(r.user_id)!;
    const project = chosen.get(user) ?? confirmedProject.get(user);
    if (!people.users.has(user)) plan.reject("project_result", id, `its user ${user} is not imported`, line);
    else if (project === undefined) plan.reject("project_result", id, `user ${user} has no imported project to transfer credits of`, line);
    else {
      const img = text(r.img) ? files.add(text(r.img)!, "credit", `project_result-${id}-img`, { ownerId: ref("user", user) }) : null;
      const created = utc(r.create_time) ?? now;
      plan.add("project_result", (db) =>
        importRow(
          db,
          {
            key: key("project_result", id),
            table: summerProjectResults,
            values: {
              userId: ref("user", user),
              projectId: ref("project", project),
              status: oneOf(PROJECT_RESULTS, r.status),
              postDate: date(r.post_datetime),
              postChannel: text(r.post_channel),
              postNumber: text(r.post_number),
              imgFileId: img,
              createdAt: created,
              updatedAt: created,
            },
            id: summerProjectResults.id,
            natural: and(eq(summerProjectResults.userId, ref("user", user)), eq(summerProjectResults.projectId, ref("project", project))),
            requires: [key("user", user), key("project", project)],
          },
          now,
        ),
      );
    }
  }
}

/** Campus Edge keeps one payment per order: the latest of several comes over, the others are reported. */
function latestPerOrder(rows: Row[], plan: PlanBuilder): Row[] {
  const latest = new Map<number, Row>();
  for (const row of rows) {
    const order = int(row.values.order_id)!;
    const before = latest.get(order);
    if (before && int(before.values.id)! > int(row.values.id)!) {
      plan.reject("order_payment", int(row.values.id)!, `order ${order} has a later payment ${before.values.id}`, row.line);
      continue;
    }
    if (before) plan.reject("order_payment", int(before.values.id)!, `order ${order} has a later payment ${row.values.id}`, before.line);
    latest.set(order, row);
  }
  return [...latest.values()];
}
