import { SELF } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { summerAudit, summerUserCoupons } from "../src/db/schema";
import {
  type Catalogue,
  catalogue,
  coupon,
  db,
  get,
  PNG_B64,
  PNG_DATA_URI,
  paidOrder,
  patch,
  post,
  receivingAccounts,
  type Staff,
  staff,
  student,
} from "./summer-helpers";

let admin: Staff;
let finance: Staff;
let product: Staff;
let cat: Catalogue;

beforeAll(async () => {
  admin = await staff("ADMIN");
  finance = await staff("FINANCE");
  product = await staff("PRODUCT");
  cat = await catalogue(admin.ticket, "O");
  await receivingAccounts();
});

const couponStatus = async (userId: number, couponId: number) =>
  (
    await db
      .select()
      .from(summerUserCoupons)
      .where(and(eq(summerUserCoupons.userId, userId), eq(summerUserCoupons.couponId, couponId)))
  )[0];

const payment = (order: number, extra: Record<string, unknown> = {}) => ({
  order,
  account_number: "me@example.test",
  account_name: "学生",
  pay_date: "2027-05-01",
  img: PNG_DATA_URI,
  coupon_list: [],
  amount: 2000,
  ...extra,
});

describe("placing an order", () => {
  it("walks TO_PAY -> TO_CONFIRM -> CONFIRMED with fees, coupons, payment info and the proof", async () => {
    const s = await student("o-order-walk");
    expect((await get("/order/check_order/", s.ticket)).body).toEqual({
      code: 100,
      msg: "没有未完成的订单，可以创建",
      data: {},
      field_name: "",
    });
    const c500 = await coupon("WALK000001", 500, [s.id]);
    const created = await post("/order/", s.ticket, {
      project: cat.project,
      currency: { key: "RMB" },
      payment: "ALI_PAY",
      course_num: 2,
      coupon_list: [c500.id],
    });
    expect(created.body).toMatchObject({
      code: 0,
      data: {
        user: s.id,
        project: { id: cat.project, project_course_fee: expect.any(Array) },
        currency: { key: "RMB", verbose: "人民币" },
        payment: { key: "ALI_PAY", verbose: "支付宝转账" },
        status: { key: "TO_PAY", verbose: "待支付" },
        course_num: 2,
        standard_fee: 3000,
        pay_fee: 2500,
        coupon_list: [c500.id],
        payment_info: { account_number: "pay@example.test", payment: { key: "ALI_PAY" }, currency: { key: "RMB" } },
        order_payed_info: null,
        user_course: [],
      },
    });
    const orderId = created.body.data.id;
    expect((await couponStatus(s.id, c500.id)).status).toBe("LOCKED");
    expect((await get("/order/check_order/", s.ticket)).body.data.id).toBe(orderId);
    expect((await get(`/auth/user/${s.id}/coupon_list/`, s.ticket)).body.data).toEqual([]);
    expect((await post("/order/", s.ticket, { project: cat.project, currency: "RMB", payment: "BANK", course_num: 1 })).body).toMatchObject(
      {
        code: 400,
        msg: "有未完成的订单，不能创建新的订单",
      },
    );

    const c200 = await coupon("WALK000002", 200, [s.id]);
    const paid = await post(
      "/order/order_payment/",
      s.ticket,
      payment(orderId, { coupon_list: [c500.id, c200.id], amount: 2300, opening_bank: "招商银行" }),
    );
    expect(paid.body.data).toMatchObject({
      status: { key: "TO_CONFIRM", verbose: "待确认" },
      pay_fee: 2300,
      coupon_list: [c500.id, c200.id],
      order_payed_info: {
        order: orderId,
        account_number: "me@example.test",
        opening_bank: "招商银行",
        pay_date: "2027-05-01",
        amount: 2300,
      },
    });
    const img = paid.body.data.order_payed_info.img;
    const proof = await SELF.fetch(img, { headers: { authorization: `Bearer ${s.ticket}` } });
    expect(proof.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await proof.arrayBuffer())).toEqual(Uint8Array.from(atob(PNG_B64), (ch) => ch.charCodeAt(0)));
    expect((await SELF.fetch(`${img}?ticket=${finance.ticket}`)).status).toBe(200);
    expect((await post("/order/order_payment/", s.ticket, payment(orderId))).body).toMatchObject({ code: 400, field_name: "order" });

    const confirmed = await patch(`/order/${orderId}/`, finance.ticket, { status: "CONFIRMED" });
    expect(confirmed.body.data.status).toEqual({ key: "CONFIRMED", verbose: "已确认" });
    expect((await couponStatus(s.id, c500.id)).status).toBe("USED");
    expect((await couponStatus(s.id, c200.id)).status).toBe("USED");
    const audit = await db
      .select()
      .from(summerAudit)
      .where(and(eq(summerAudit.entity, "order"), eq(summerAudit.entityId, String(orderId))));
    expect(audit).toEqual([
      expect.objectContaining({ staffId: finance.id, before: { status: "TO_CONFIRM" }, after: { status: "CONFIRMED" } }),
    ]);
    // Confirmed with courses left to choose: still the open order.
    expect((await get("/order/check_order/", s.ticket)).body.data.id).toBe(orderId);
    expect((await get(`/order/${orderId}/`, s.ticket)).body.data.status.key).toBe("CONFIRMED");
  });

  it("refuses bad orders with the field at fault", async () => {
    const s = await student("o-order-bad");
    const base = { project: cat.project, currency: "RMB", payment: "ALI_PAY", course_num: 2 };
    expect((await post("/order/", s.ticket, { ...base, course_num: 4 })).body).toMatchObject({
      code: 400,
      field_name: "course_num",
      msg: "所选课程数大于项目最大课程数, 项目最大选课数3",
    });
    expect((await post("/order/", s.ticket, { ...base, payment: "PAY_PAL" })).body).toMatchObject({ code: 400, field_name: "payment" });
    expect((await post("/order/", s.ticket, { ...base, currency: "EUR" })).body).toMatchObject({ code: 400, field_name: "currency" });
    expect((await post("/order/", s.ticket, { ...base, project: 99999 })).body).toMatchObject({ code: 400, field_name: "project" });
    const theirs = await coupon("THEIRS0002", 100, [(await student("o-order-other")).id]);
    expect((await post("/order/", s.ticket, { ...base, coupon_list: [theirs.id] })).body).toMatchObject({
      code: 400,
      field_name: "coupon_list",
      msg: `无效的优惠券, coupon_id: ${theirs.id}`,
    });
    const expired = await coupon("EXPIRED001", 100, [s.id], { end: Date.now() - 1000 });
    expect((await post("/order/", s.ticket, { ...base, coupon_list: [expired.id] })).body.field_name).toBe("coupon_list");
    expect((await post("/order/", admin.ticket, base)).body.code).toBe(403);
    expect((await get("/order/check_order/", s.ticket)).body.code).toBe(100);
  });

  it("never charges below zero", async () => {
    const s = await student("o-order-free");
    const big = await coupon("BIG0000001", 99999, [s.id]);
    const created = await post("/order/", s.ticket, {
      project: cat.project,
      currency: "DOLLAR",
      payment: "PAY_PAL",
      course_num: 1,
      coupon_list: `${big.id}`,
    });
    expect(created.body.data).toMatchObject({ standard_fee: 2200, pay_fee: 0, payment_info: { payment: { key: "PAY_PAL" } } });
  });
});

describe("the order's state machine", () => {
  it("lets the student cancel TO_PAY only, giving the coupons back", async () => {
    const s = await student("o-order-cancel");
    const c = await coupon("CANCEL0001", 100, [s.id]);
    const created = (
      await post("/order/", s.ticket, { project: cat.project, currency: "RMB", payment: "BANK", course_num: 1, coupon_list: [c.id] })
    ).body.data;
    expect(created.payment_info).toMatchObject({ account_number: "6222000011112222", opening_bank: "中国银行" });
    expect((await patch(`/order/${created.id}/`, s.ticket, { status: "CONFIRMED" })).body.code).toBe(403);
    const canceled = await patch(`/order/${created.id}/`, s.ticket, { status: { key: "CANCELED" } });
    expect(canceled.body.data.status.key).toBe("CANCELED");
    expect((await couponStatus(s.id, c.id)).status).toBe("TO_USE");
    expect((await patch(`/order/${created.id}/`, s.ticket, { status: "CANCELED" })).body).toEqual({
      code: 400,
      msg: "该订单已被取消，不能进行更新任何操作",
      data: {},
      field_name: "status",
    });
    expect((await patch(`/order/${created.id}/`, finance.ticket, { status: "CONFIRMED" })).body.msg).toBe(
      "该订单已被取消，不能进行更新任何操作",
    );
    expect((await get("/order/check_order/", s.ticket)).body.code).toBe(100);
  });

  it("refuses every other change with the reason", async () => {
    const s = await student("o-order-refuse");
    const orderId = (await post("/order/", s.ticket, { project: cat.project, currency: "RMB", payment: "ALI_PAY", course_num: 1 })).body
      .data.id;
    expect((await patch(`/order/${orderId}/`, finance.ticket, { status: "CONFIRMED" })).body.msg).toBe(
      "用户尚未上传凭证，不能进行确认操作",
    );
    expect((await patch(`/order/${orderId}/`, finance.ticket, { status: "TO_CONFIRM" })).body).toMatchObject({
      code: 400,
      field_name: "status",
    });
    expect((await patch(`/order/${orderId}/`, finance.ticket, { status: "CANCELED" })).body.code).toBe(403);
    await post("/order/order_payment/", s.ticket, payment(orderId));
    expect((await patch(`/order/${orderId}/`, s.ticket, { status: "CANCELED" })).body.msg).toBe("该订单已被支付，在管理员确定前不能取消");
    expect((await patch(`/order/${orderId}/`, product.ticket, { status: "CONFIRMED" })).body.code).toBe(403);
    expect((await patch(`/order/${orderId}/`, finance.ticket, { status: "CONFIRM_FAILED" })).body.data.status.key).toBe("CONFIRM_FAILED");
    expect((await patch(`/order/${orderId}/`, admin.ticket, { status: "CONFIRMED" })).body.msg).toBe(
      "管理员已确认订单支付认证失败，不能进行任何更新操作",
    );
    const ok = await paidOrder(s, cat.project, 1);
    await patch(`/order/${ok}/`, admin.ticket, { status: "CONFIRMED", remark: "已核对" });
    expect((await patch(`/order/${ok}/`, finance.ticket, { status: "CONFIRM_FAILED" })).body.msg).toBe(
      "管理员已确认该订单，不能进行任何更新操作",
    );
    expect((await get(`/order/${ok}/`, finance.ticket)).body.data.remark).toBe("已核对");
    expect((await patch("/order/99999/", finance.ticket, { status: "CONFIRMED" })).body.code).toBe(404);
    expect((await get("/order/99999/", finance.ticket)).body).toMatchObject({ code: 404, data: {} });
    expect((await get("/order/99999/", s.ticket)).body).toMatchObject({ code: 404, data: {} });
  });

  it("gives coupons back when staff fail the payment", async () => {
    const s = await student("o-order-fail");
    const c = await coupon("FAIL000001", 100, [s.id]);
    const orderId = await paidOrder(s, cat.project, 1, [c.id]);
    expect((await couponStatus(s.id, c.id)).status).toBe("LOCKED");
    await patch(`/order/${orderId}/`, finance.ticket, { status: "CONFIRM_FAILED" });
    expect(await couponStatus(s.id, c.id)).toMatchObject({ status: "TO_USE", orderId: null });
  });

  it("keeps another student's order out of reach", async () => {
    const a = await student("o-order-a");
    const b = await student("o-order-b");
    const orderId = (await post("/order/", a.ticket, { project: cat.project, currency: "RMB", payment: "ALI_PAY", course_num: 1 })).body
      .data.id;
    expect((await get(`/order/${orderId}/`, b.ticket)).body.code).toBe(404);
    expect((await patch(`/order/${orderId}/`, b.ticket, { status: "CANCELED" })).body.code).toBe(404);
    expect((await post("/order/order_payment/", b.ticket, payment(orderId))).body).toMatchObject({ code: 400, field_name: "order" });
    expect((await get(`/order/${orderId}/`, product.ticket)).body.code).toBe(403);
    expect((await get(`/order/${orderId}/`)).body).toEqual({ code: 401, msg: "未登陆" });
  });
});

describe("the student's order lists", () => {
  it("user_order_list, user_order_course and order_currency_payment", async () => {
    const s = await student("o-order-lists");
    const first = (await post("/order/", s.ticket, { project: cat.project, currency: "RMB", payment: "ALI_PAY", course_num: 1 })).body.data
      .id;
    await patch(`/order/${first}/`, s.ticket, { status: "CANCELED" });
    const second = await paidOrder(s, cat.project, 2);
    const list = (await get("/order/user_order_list/", s.ticket)).body.data;
    expect(list.map((o: any) => o.id)).toEqual([second, first]);
    expect((await get("/order/user_order_list/?none_canceled_order=1", s.ticket)).body.data.map((o: any) => o.id)).toEqual([second]);
    expect((await get("/order/user_order_list/?status=CANCELED", s.ticket)).body.data.map((o: any) => o.id)).toEqual([first]);
    await post("/course/create_user_courses/", s.ticket, { order: second, course: cat.courses[0] });
    const withCourses = (await get("/order/user_order_course/", s.ticket)).body.data;
    expect(withCourses[0].user_course).toEqual([
      expect.objectContaining({
        id: cat.courses[0],
        confirm_course: {
          score: null,
          score_grade: null,
          reporting_time: null,
          confirm_photo: null,
          status: { key: "TO_UPLOAD", verbose: "待上传" },
        },
      }),
    ]);
    expect((await get("/order/user_order_list/", admin.ticket)).body.code).toBe(403);
    const currencies = (await get("/order/order_currency_payment/", s.ticket)).body.data;
    expect(currencies).toEqual([
      {
        key: "DOLLAR",
        verbose: "美金",
        payment: [
          { key: "BANK", verbose: "银行转账" },
          { key: "PAY_PAL", verbose: "PAY_PAL支付" },
        ],
      },
      {
        key: "RMB",
        verbose: "人民币",
        payment: [
          { key: "BANK", verbose: "银行转账" },
          { key: "ALI_PAY", verbose: "支付宝转账" },
          { key: "OFF_LINE", verbose: "面付" },
        ],
      },
    ]);
  });
});

describe("races", () => {
  it("a payment sent twice at once is taken once, its coupon locked once", async () => {
    const s = await student("o-race-coupon");
    const c = await coupon("RACE000001", 300, [s.id]);
    const holder = (await post("/order/", s.ticket, { project: cat.project, currency: "RMB", payment: "ALI_PAY", course_num: 1 })).body.data
      .id;
    await patch(`/order/${holder}/`, s.ticket, { status: "CANCELED" });
    const open = (await post("/order/", s.ticket, { project: cat.project, currency: "RMB", payment: "ALI_PAY", course_num: 1 })).body.data
      .id;
    const results = await Promise.all([
      post("/order/order_payment/", s.ticket, payment(open, { coupon_list: [c.id] })),
      post("/order/order_payment/", s.ticket, payment(open, { coupon_list: [c.id] })),
    ]);
    expect(results.map((r) => r.body.code).sort()).toEqual([0, 400]);
    expect(await couponStatus(s.id, c.id)).toMatchObject({ status: "LOCKED", orderId: open });
    expect((await get(`/order/${open}/`, s.ticket)).body.data.pay_fee).toBe(1900);
  });

  it("one coupon offered by orders placed at the same instant is locked by exactly one", async () => {
    const s = await student("o-race-orders");
    const c = await coupon("RACE000002", 300, [s.id]);
    const make = () =>
      post("/order/", s.ticket, { project: cat.project, currency: "RMB", payment: "ALI_PAY", course_num: 1, coupon_list: [c.id] });
    const results = await Promise.all([make(), make(), make(), make()]);
    const placed = results.filter((r) => r.body.code === 0);
    expect(placed).toHaveLength(1);
    expect(results.filter((r) => r.body.code === 400)).toHaveLength(3);
    expect(await couponStatus(s.id, c.id)).toMatchObject({ status: "LOCKED", orderId: placed[0].body.data.id });
    expect((await get("/order/user_order_list/", s.ticket)).body.data).toHaveLength(1);
  });

  it("two staff deciding at once: exactly one decision wins", async () => {
    const s = await student("o-race-decide");
    const orderId = await paidOrder(s, cat.project, 1);
    const [a, b] = await Promise.all([
      patch(`/order/${orderId}/`, finance.ticket, { status: "CONFIRMED" }),
      patch(`/order/${orderId}/`, admin.ticket, { status: "CONFIRM_FAILED" }),
    ]);
    expect([a.body.code, b.body.code].sort()).toEqual([0, 400]);
  });
});
