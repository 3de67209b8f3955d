import * as v from "valibot";
import { callerAnd } from "../../../platform/caller";
import { params } from "../../../platform/params";
import { requireArea, requireLogin } from "../auth";
import { assignCoupon, couponCountQuery, couponQuery, couponsQuery, createCoupon, presentCoupon, updateCoupon } from "../coupons";
import { doc, emptyDoc, pageOf as pageDoc } from "../docs";
import { done, ok } from "../envelope";
import { paged, pageOf, pageParam } from "../page";
import type { SummerApp } from "../surface";
import { notFound } from "../writes";

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

const couponPath = "/coupon/coupon/:coupon_id{[0-9]+}";
const who = { who: "staff: coupons (ADMIN, MARKET)" };

export function couponRoutes(app: SummerApp) {
  app.get(
    "/coupon/coupon",
    doc("Coupons, 10 a page", pageDoc(couponDoc), who),
    requireLogin,
    requireArea("coupons"),
    params(v.object({ page: pageParam }), "GET"),
    async (c) => {
      const db = c.var.db;
      const { page, limit, offset } = pageOf(c);
      const [, rows, [{ total }]] = await callerAnd(c, couponsQuery(db, { limit, offset }), couponCountQuery(db));
      return ok(c, paged(c, page, total, rows.map(presentCoupon)));
    },
  );

  app.post(
    "/coupon/coupon",
    doc("Create a coupon; its 10-character code is made by the server", couponDoc, {
      ...who,
      errors: ["400 the first bad field", "400 结束时间必须晚于开始时间。 (non_field_errors)"],
    }),
    requireLogin,
    requireArea(createCoupon.area),
    params(createCoupon.params, "POST"),
    async (c) => ok(c, await createCoupon.run(c, c.var.params)),
  );

  app.get(
    couponPath,
    doc("A coupon", couponDoc, { ...who, errors: ["404 no such coupon"] }),
    requireLogin,
    requireArea("coupons"),
    params(v.object({}), "GET"),
    async (c) => {
      const [, [row]] = await callerAnd(c, couponQuery(c.var.db, Number(c.req.param("coupon_id"))));
      if (!row) throw notFound();
      return ok(c, presentCoupon(row));
    },
  );

  app.on(
    ["PUT", "PATCH"],
    couponPath,
    doc("Update a coupon (fields sent are changed; the code stays)", couponDoc, {
      ...who,
      errors: ["404 no such coupon", "400 结束时间必须晚于开始时间。", "400 max_num below the students already holding it (max_num)"],
    }),
    requireLogin,
    requireArea(updateCoupon.area),
    params(updateCoupon.params, "POST"),
    async (c) => ok(c, await updateCoupon.run(c, c.var.params, Number(c.req.param("coupon_id")))),
  );

  app.post(
    "/coupon/user_coupon",
    doc("Give a coupon to a student (never beyond its max_num, never twice)", emptyDoc, {
      ...who,
      description: "One conditional INSERT counts the holders, so parallel assignments never exceed max_num.",
      errors: ["400 no such student (user)", "400 no such coupon (coupon)", "400 该学生已有此优惠券", "400 优惠券已达到最大数量"],
    }),
    requireLogin,
    requireArea(assignCoupon.area),
    params(assignCoupon.params, "POST"),
    async (c) => {
      await assignCoupon.run(c, c.var.params);
      return done(c);
    },
  );
}
