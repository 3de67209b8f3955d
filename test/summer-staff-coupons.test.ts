import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { summerUserCoupons } from "../src/db/schema";
import { db, get, patch, post, put, type Staff, staff, student } from "./summer-helpers";

let admin: Staff;
let market: Staff;
let product: Staff;
let finance: Staff;

beforeAll(async () => {
  admin = await staff("ADMIN", "admin-coupons");
  market = await staff("MARKET", "market-coupons");
  product = await staff("PRODUCT", "product-coupons");
  finance = await staff("FINANCE", "finance-coupons");
});

const FORBIDDEN = { code: 403, msg: "您没有执行该操作的权限。", data: {}, field_name: "" };
const body = (max = 2) => ({
  amount: 200,
  info: "北京大学专属优惠券",
  start_time: "2027-07-12T16:00:00Z",
  end_time: "2027-07-30T16:00:00Z",
  max_num: max,
});

describe("coupons for staff", () => {
  it("create, list, detail and update, with a 10-character code", async () => {
    const created = await post("/coupon/coupon/", market.ticket, body());
    expect(created.body).toMatchObject({
      code: 0,
      data: {
        amount: 200,
        info: "北京大学专属优惠券",
        start_time: "2027-07-12T16:00:00Z",
        end_time: "2027-07-30T16:00:00Z",
        max_num: 2,
        is_active: true,
      },
    });
    const c = created.body.data;
    expect(c.coupon_code).toMatch(/^[A-Z0-9]{10}$/);
    expect((await get(`/coupon/coupon/${c.id}/`, admin.ticket)).body.data).toEqual(c);
    const list = (await get("/coupon/coupon/", market.ticket)).body.data;
    expect(list.results.map((x: any) => x.id)).toContain(c.id);
    const updated = (await patch(`/coupon/coupon/${c.id}/`, market.ticket, { is_active: false, amount: "150.5" })).body.data;
    expect(updated).toMatchObject({ id: c.id, coupon_code: c.coupon_code, is_active: false, amount: 150.5, max_num: 2 });
    expect((await put(`/coupon/coupon/${c.id}/`, market.ticket, { end_time: "2027-07-01T00:00:00Z" })).body).toMatchObject({
      code: 400,
      msg: "结束时间必须晚于开始时间。",
    });
    expect((await post("/coupon/coupon/", market.ticket, { ...body(), max_num: 0 })).body).toMatchObject({
      code: 400,
      field_name: "max_num",
    });
    expect((await post("/coupon/coupon/", market.ticket, { ...body(), amount: undefined })).body).toMatchObject({
      code: 400,
      field_name: "amount",
    });
    expect((await get("/coupon/coupon/99999/", market.ticket)).body.code).toBe(404);
    for (const t of [product.ticket, finance.ticket]) {
      expect((await get("/coupon/coupon/", t)).body).toEqual(FORBIDDEN);
      expect((await post("/coupon/coupon/", t, body())).body).toEqual(FORBIDDEN);
    }
    const records = (await get(`/admin/audit/?entity=coupon&entity_id=${c.id}`, admin.ticket)).body.data.results;
    expect(records.map((r: any) => r.action)).toEqual(["update", "create"]);
  });

  it("assigns a coupon once per student, never beyond max_num, even at once", async () => {
    const c = (await post("/coupon/coupon/", market.ticket, body(3))).body.data;
    const students = await Promise.all(Array.from({ length: 8 }, (_, i) => student(`sc-race-${i}`)));
    const replies = await Promise.all(students.map((s) => post("/coupon/user_coupon/", market.ticket, { user: s.id, coupon: c.id })));
    expect(replies.filter((r) => r.body.code === 0)).toHaveLength(3);
    expect(replies.filter((r) => r.body.code === 400).every((r) => r.body.msg === "优惠券已达到最大数量")).toBe(true);
    const [{ n }] = await db.select({ n: count() }).from(summerUserCoupons).where(eq(summerUserCoupons.couponId, c.id));
    expect(n).toBe(3);
    expect((await get(`/admin/audit/?entity=user_coupon`, admin.ticket)).body.data.count).toBe(3);

    const d = (await post("/coupon/coupon/", market.ticket, { ...body(5), start_time: "2020-01-01 00:00", end_time: "2099-01-01 00:00" }))
      .body.data;
    const s = students[0];
    const twice = await Promise.all([1, 2, 3].map(() => post("/coupon/user_coupon/", market.ticket, { user: s.id, coupon: d.id })));
    expect(twice.map((r) => r.body.code).sort()).toEqual([0, 400, 400]);
    expect(twice.find((r) => r.body.code === 400)?.body.msg).toBe("该学生已有此优惠券");
    expect((await get(`/auth/user/${s.id}/coupon_list/`, s.ticket)).body.data.map((x: any) => x.id)).toContain(d.id);
    expect((await post("/coupon/user_coupon/", market.ticket, { user: 99999, coupon: d.id })).body).toMatchObject({
      code: 400,
      field_name: "user",
    });
    expect((await post("/coupon/user_coupon/", market.ticket, { user: s.id, coupon: 99999 })).body).toMatchObject({
      code: 400,
      field_name: "coupon",
    });
    expect((await post("/coupon/user_coupon/", finance.ticket, { user: students[1].id, coupon: d.id })).body).toEqual(FORBIDDEN);
    expect((await patch(`/coupon/coupon/${c.id}/`, market.ticket, { max_num: 2 })).body).toMatchObject({
      code: 400,
      field_name: "max_num",
    });
  });
});
