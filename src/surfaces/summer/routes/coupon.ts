import { and, asc, count, eq, sql } from "drizzle-orm";
import * as v from "valibot";
import { summerCoupons, summerStudents, summerUserCoupons } from "../../../db/schema/summer";
import { callerAnd } from "../../../platform/caller";
import { params } from "../../../platform/params";
import { requireArea, requireLogin } from "../auth";
import { doc, emptyDoc, pageOf as pageDoc } from "../docs";
import { done, ok } from "../envelope";
import { datetime, id, int, money, str } from "../inputs";
import { paged, pageOf, pageParam } from "../page";
import { isoZ } from "../present";
import type { SummerApp } from "../surface";
import { audit, auditIf, bad, defined, isUnique, newestId, notFound, previousChanged } from "../writes";

/** /coupon/...: coupons (优惠券) for staff, the catalogue of coupons and giving one to a student. */
const n = v.number();
const s = v.string();
const couponDoc = v.object({
  id: n,
  coupon_code: v.pipe(s, v.description("10 characters, A-Z and 0-9, made by the server")),
  amount: n,
  info: s,
  start_time: s,
  end_time: s,
  max_num: n,
  create_time: s,
  is_active: v.boolean(),
});

type CouponRow = typeof summerCoupons.$inferSelect;
const present = (c: CouponRow) => ({
  id: c.id,
  coupon_code: c.couponCode,
  amount: c.amount,
  info: c.info,
  start_time: isoZ(c.startTime),
  end_time: isoZ(c.endTime),
  max_num: c.maxNum,
  create_time: isoZ(c.createdAt),
  is_active: c.isActive,
});

const bool = v.pipe(
  v.union([v.boolean(), v.picklist(["true", "false", "True", "False", "1", "0"])], "必须是有效的布尔值。"),
  v.transform((x) => x === true || x === "true" || x === "True" || x === "1"),
);

const CODE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/** A fresh 10-character code (36^10 choices; a clash is refused by the unique index and retried). */
export function couponCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return Array.from(bytes, (b) => CODE_CHARS[b % CODE_CHARS.length]).join("");
}

const fields = {
  amount: money,
  info: str(255),
  start_time: datetime,
  end_time: datetime,
  max_num: int(1, 1_000_000),
  is_active: bool,
};
const createParams = v.pipe(
  v.object({ ...fields, is_active: v.optional(bool, true) }),
  v.check((p) => p.end_time > p.start_time, "结束时间必须晚于开始时间。"),
);
const updateParams = v.object({
  amount: v.optional(fields.amount),
  info: v.optional(fields.info),
  start_time: v.optional(fields.start_time),
  end_time: v.optional(fields.end_time),
  max_num: v.optional(fields.max_num),
  is_active: v.optional(fields.is_active),
});

const couponPath = "/coupon/coupon/:coupon_id{[0-9]+}";

export function couponRoutes(app: SummerApp) {
  app.get(
    "/coupon/coupon",
    doc("Coupons, 10 a page", pageDoc(couponDoc), { who: "staff: coupons (ADMIN, MARKET)" }),
    requireLogin,
    requireArea("coupons"),
    params(v.object({ page: pageParam }), "GET"),
    async (c) => {
      const db = c.var.db;
      const { page, limit, offset } = pageOf(c);
      const [, rows, [{ total }]] = await callerAnd(
        c,
        db.select().from(summerCoupons).orderBy(asc(summerCoupons.id)).limit(limit).offset(offset),
        db.select({ total: count() }).from(summerCoupons),
      );
      return ok(c, paged(c, page, total, rows.map(present)));
    },
  );

  app.post(
    "/coupon/coupon",
    doc("Create a coupon; its 10-character code is made by the server", couponDoc, {
      who: "staff: coupons (ADMIN, MARKET)",
      errors: ["400 the first bad field", "400 结束时间必须晚于开始时间。 (non_field_errors)"],
    }),
    requireLogin,
    requireArea("coupons"),
    params(createParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
      const [me] = await callerAnd(c);
      for (let attempt = 0; ; attempt++) {
        const now = Date.now();
        const values = {
          couponCode: couponCode(),
          amount: p.amount,
          info: p.info,
          startTime: p.start_time,
          endTime: p.end_time,
          maxNum: p.max_num,
          isActive: p.is_active,
          createdAt: now,
          updatedAt: now,
        };
        try {
          const [[row]] = await db.batch([
            db.insert(summerCoupons).values(values).returning(),
            audit(db, me.id, "create", "coupon", newestId(summerCoupons), null, values),
          ]);
          return ok(c, present(row));
        } catch (err) {
          if (!isUnique(err) || attempt >= 2) throw err;
        }
      }
    },
  );

  app.get(
    couponPath,
    doc("A coupon", couponDoc, { who: "staff: coupons (ADMIN, MARKET)", errors: ["404 no such coupon"] }),
    requireLogin,
    requireArea("coupons"),
    params(v.object({}), "GET"),
    async (c) => {
      const db = c.var.db;
      const [, [row]] = await callerAnd(
        c,
        db
          .select()
          .from(summerCoupons)
          .where(eq(summerCoupons.id, Number(c.req.param("coupon_id")))),
      );
      if (!row) throw notFound();
      return ok(c, present(row));
    },
  );

  app.on(
    ["PUT", "PATCH"],
    couponPath,
    doc("Update a coupon (fields sent are changed; the code stays)", couponDoc, {
      who: "staff: coupons (ADMIN, MARKET)",
      errors: ["404 no such coupon", "400 结束时间必须晚于开始时间。", "400 max_num below the students already holding it (max_num)"],
    }),
    requireLogin,
    requireArea("coupons"),
    params(updateParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const couponId = Number(c.req.param("coupon_id"));
      const p = c.var.params;
      const [me, [before], [{ held }]] = await callerAnd(
        c,
        db.select().from(summerCoupons).where(eq(summerCoupons.id, couponId)),
        db.select({ held: count() }).from(summerUserCoupons).where(eq(summerUserCoupons.couponId, couponId)),
      );
      if (!before) throw notFound();
      if ((p.end_time ?? before.endTime) <= (p.start_time ?? before.startTime)) throw bad("non_field_errors", "结束时间必须晚于开始时间。");
      if (p.max_num !== undefined && p.max_num < held) throw bad("max_num", `已有 ${held} 名学生持有该优惠券，最大数量不能更小。`);
      const changes = {
        amount: p.amount,
        info: p.info,
        startTime: p.start_time,
        endTime: p.end_time,
        maxNum: p.max_num,
        isActive: p.is_active,
        updatedAt: Date.now(),
      };
      const held2 = sql`(SELECT count(*) FROM ${summerUserCoupons} WHERE ${summerUserCoupons.couponId} = ${couponId})`;
      const [[row]] = await db.batch([
        db
          .update(summerCoupons)
          .set(changes)
          .where(and(eq(summerCoupons.id, couponId), p.max_num !== undefined ? sql`${held2} <= ${p.max_num}` : undefined))
          .returning(),
        audit(db, me.id, "update", "coupon", couponId, before, { ...before, ...defined(changes) }),
      ]);
      if (!row) throw bad("max_num", "持有该优惠券的学生已超过最大数量。");
      return ok(c, present(row));
    },
  );

  app.post(
    "/coupon/user_coupon",
    doc("Give a coupon to a student (never beyond its max_num, never twice)", emptyDoc, {
      who: "staff: coupons (ADMIN, MARKET)",
      description: "One conditional INSERT counts the holders, so parallel assignments never exceed max_num.",
      errors: ["400 no such student (user)", "400 no such coupon (coupon)", "400 该学生已有此优惠券", "400 优惠券已达到最大数量"],
    }),
    requireLogin,
    requireArea("coupons"),
    params(v.object({ user: id, coupon: id }), "POST"),
    async (c) => {
      const db = c.var.db;
      const { user, coupon } = c.var.params;
      const now = Date.now();
      const [me] = await callerAnd(c);
      const holders = sql`(SELECT count(*) FROM ${summerUserCoupons} WHERE ${summerUserCoupons.couponId} = ${coupon})`;
      let inserted: { id: number }[];
      try {
        [inserted] = await db.batch([
          db
            .insert(summerUserCoupons)
            .select(
              db
                .select({
                  id: sql`NULL`.as("id"),
                  userId: summerStudents.userId,
                  couponId: summerCoupons.id,
                  status: sql`'TO_USE'`.as("status"),
                  orderId: sql`NULL`.as("order_id"),
                  createdAt: sql`${now}`.as("created_at"),
                  updatedAt: sql`${now}`.as("updated_at"),
                })
                .from(summerStudents)
                .innerJoin(summerCoupons, eq(summerCoupons.id, coupon))
                .where(and(eq(summerStudents.userId, user), sql`${holders} < ${summerCoupons.maxNum}`)),
            )
            .returning({ id: summerUserCoupons.id }),
          auditIf(db, me.id, "assign", "user_coupon", `${user}-${coupon}`, null, { user, coupon }, previousChanged),
        ]);
      } catch (err) {
        if (isUnique(err)) throw bad("non_field_errors", "该学生已有此优惠券");
        throw err;
      }
      if (inserted.length === 0) {
        const [[student], [found]] = await db.batch([
          db.select({ id: summerStudents.userId }).from(summerStudents).where(eq(summerStudents.userId, user)),
          db.select({ id: summerCoupons.id }).from(summerCoupons).where(eq(summerCoupons.id, coupon)),
        ]);
        if (!student) throw bad("user", "学生不存在");
        if (!found) throw bad("coupon", "优惠券不存在");
        throw bad("non_field_errors", "优惠券已达到最大数量");
      }
      return done(c);
    },
  );
}
