import { and, asc, count, eq, gte, lte, sql } from "drizzle-orm";
import * as v from "valibot";
import { summerCoupons, summerStudents, summerUserCoupons } from "../../db/schema/summer";
import type { Db } from "../../env";
import { callerAnd } from "../../platform/caller";
import { summerWrite } from "./call";
import { datetime, id, int, money, str } from "./inputs";
import type { Window } from "./page";
import { isoZ } from "./present";
import { audit, auditIf, bad, defined, isUnique, newestId, notFound, previousChanged } from "./writes";

/** A coupon the student may offer now: their own, TO_USE, active and within its dates. */
export const usable = (userId: number, now: number) =>
  and(
    eq(summerUserCoupons.userId, userId),
    eq(summerUserCoupons.status, "TO_USE"),
    eq(summerCoupons.isActive, true),
    lte(summerCoupons.startTime, now),
    gte(summerCoupons.endTime, now),
  );

/** The sum of the coupons `ids` the student may offer now, and how many they are (SQL, for conditional writes). */
export const usableCoupons = (userId: number, ids: number[], now: number) => {
  const where = sql`${summerUserCoupons.userId} = ${userId} AND ${summerUserCoupons.status} = 'TO_USE'
    AND ${summerCoupons.isActive} = 1 AND ${summerCoupons.startTime} <= ${now} AND ${summerCoupons.endTime} >= ${now}
    AND ${summerUserCoupons.couponId} IN (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`;
  const from = sql`${summerUserCoupons} INNER JOIN ${summerCoupons} ON ${summerCoupons.id} = ${summerUserCoupons.couponId}`;
  return {
    count: sql`(SELECT count(*) FROM ${from} WHERE ${where})`,
    sum: sql`(SELECT coalesce(sum(${summerCoupons.amount}), 0) FROM ${from} WHERE ${where})`,
  };
};

const s = v.string();
export const usableCouponDoc = v.object({
  id: v.number(),
  code: s,
  coupon_code: s,
  amount: v.number(),
  info: s,
  start_time: s,
  end_time: s,
});

/** The student's coupons usable now, the soonest to end first (only the coupons' columns, so it may share a batch). */
export const usableCouponsQuery = (db: Db, userId: number, now: number) =>
  db
    .select({ coupon: summerCoupons })
    .from(summerUserCoupons)
    .innerJoin(summerCoupons, eq(summerCoupons.id, summerUserCoupons.couponId))
    .where(usable(userId, now))
    .orderBy(asc(summerCoupons.endTime), asc(summerCoupons.id));

export const presentUsableCoupon = ({ coupon }: { coupon: typeof summerCoupons.$inferSelect }) => ({
  id: coupon.id,
  code: coupon.couponCode,
  coupon_code: coupon.couponCode,
  amount: coupon.amount,
  info: coupon.info,
  start_time: isoZ(coupon.startTime),
  end_time: isoZ(coupon.endTime),
});

/** The coupons as staff manage them (优惠券): created with a server-made code, changed, and given to students. */
type CouponRow = typeof summerCoupons.$inferSelect;
export const presentCoupon = (c: CouponRow) => ({
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

/** A page of the coupons, oldest first, and their count. */
export const couponsQuery = (db: Db, page: Window) =>
  db.select().from(summerCoupons).orderBy(asc(summerCoupons.id)).limit(page.limit).offset(page.offset);
export const couponCountQuery = (db: Db) => db.select({ total: count() }).from(summerCoupons);
export const couponQuery = (db: Db, id: number) => db.select().from(summerCoupons).where(eq(summerCoupons.id, id));

export const createCoupon = summerWrite("coupons", createParams, async (call, p) => {
  const db = call.var.db;
  const [me] = await callerAnd(call);
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
      return presentCoupon(row);
    } catch (err) {
      if (!isUnique(err) || attempt >= 2) throw err;
    }
  }
});

/** Changes a coupon (its code stays); max_num never below the students holding it, checked again in the write. */
export const updateCoupon = summerWrite("coupons", updateParams, async (call, p, couponId: number) => {
  const db = call.var.db;
  const [me, [before], [{ held }]] = await callerAnd(
    call,
    couponQuery(db, couponId),
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
  const holders = sql`(SELECT count(*) FROM ${summerUserCoupons} WHERE ${summerUserCoupons.couponId} = ${couponId})`;
  const [[row]] = await db.batch([
    db
      .update(summerCoupons)
      .set(changes)
      .where(and(eq(summerCoupons.id, couponId), p.max_num !== undefined ? sql`${holders} <= ${p.max_num}` : undefined))
      .returning(),
    audit(db, me.id, "update", "coupon", couponId, before, { ...before, ...defined(changes) }),
  ]);
  if (!row) throw bad("max_num", "持有该优惠券的学生已超过最大数量。");
  return presentCoupon(row);
});

/**
 * Gives a coupon to a student, never beyond its max_num and never twice: one conditional INSERT counts the
 * holders, so parallel assignments never exceed it.
 */
export const assignCoupon = summerWrite("coupons", v.object({ user: id, coupon: id }), async (call, { user, coupon }) => {
  const db = call.var.db;
  const now = Date.now();
  const [me] = await callerAnd(call);
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
});
