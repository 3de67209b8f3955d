import { beforeAll, describe, expect, it } from "vitest";
import { wxCode } from "./helpers";
import { advisor, type Catalogue, get, PNG_DATA_URI, paidOrder, patch, post, put, type Staff, staffTeam, student } from "./summer-helpers";

let product: Staff;
let finance: Staff;
let cat: Catalogue;

beforeAll(async () => {
  ({ product, finance, cat } = await staffTeam("rev", "R"));
});

describe("GET /auth/user/assign_sales_man/ (微信中分配销售顾问)", () => {
  it("logs the student in by WeChat code without a ticket and answers the advisor, the same one each time", async () => {
    const a = await advisor("rev-advisor");
    const first = await get(`/auth/user/assign_sales_man/?code=${await wxCode("rev-assign")}`, null);
    expect(first.body).toEqual({
      code: 0,
      msg: "请求成功",
      data: { id: a.id, name: "rev-advisor", email: "rev-advisor@example.test", qr_code: expect.any(String), wechat: "wx-rev-advisor" },
      field_name: "",
    });
    const cookie = first.headers.get("set-cookie") ?? "";
    const ticket = /ticket=([^;]+)/.exec(cookie)?.[1];
    expect(ticket).toBeTruthy();
    const me = await get("/auth/user/check_user_info/", decodeURIComponent(ticket ?? ""));
    expect(me.body.code).toBe(0);

    const again = await get(`/auth/user/assign_sales_man/?code=${await wxCode("rev-assign")}`, null);
    expect(again.body.data.id).toBe(a.id);
    expect((await get(`/auth/user/${me.body.data.user_id}/sales_man/`, decodeURIComponent(ticket ?? ""))).body.data.id).toBe(a.id);
  });

  it("refuses a code WeChat does not know, and a missing code, naming the field", async () => {
    expect((await get("/auth/user/assign_sales_man/?code=not-a-code", null)).body).toEqual({
      code: 400,
      msg: "无效的code值, 微信网页认证失败",
      data: {},
      field_name: "code",
    });
    expect((await get("/auth/user/assign_sales_man/", null)).body).toMatchObject({ code: 400, field_name: "code" });
  });
});

describe("GET /common/campus/ (获取校区列表)", () => {
  it("pages every campus with its campus type for any ticket, and is 401 without one", async () => {
    const s = await student("rev-campus");
    const { body } = await get("/common/campus/", s.ticket);
    expect(body.code).toBe(0);
    expect(body.data).toMatchObject({ count: expect.any(Number), next: null, previous: null });
    const mine = body.data.results.find((c: any) => c.id === cat.campus);
    expect(mine).toMatchObject({
      id: cat.campus,
      name: "波士顿校区R",
      info: "info",
      create_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      campus_type: { id: cat.campusType, title: "北美暑校R", create_time: expect.stringMatching(/Z$/) },
    });
    expect((await get("/common/campus", s.ticket)).body.code).toBe(0);
    expect((await get("/common/campus/?page=9", s.ticket)).body.code).toBe(404);
    expect((await get("/common/campus/", null)).body).toEqual({ code: 401, msg: "未登陆" });
  });
});

describe("user_info of a chosen course (confirm_course, add_score)", () => {
  it("names the student as id, user_id and user", async () => {
    const s = await student("rev-choice");
    const order = await paidOrder(s, cat.project, 1);
    expect((await patch(`/order/${order}/`, finance.ticket, { status: "CONFIRMED" })).body.code).toBe(0);
    expect((await post("/course/create_user_courses/", s.ticket, { order, course: cat.courses[0] })).body.code).toBe(0);
    expect((await put(`/course/${cat.courses[0]}/upload_confirm_photo/`, s.ticket, { confirm_photo: PNG_DATA_URI })).body.code).toBe(0);
    const key = { user: s.id, course: cat.courses[0], order };
    const confirmed = await put("/admin/user_course/confirm_course/", product.ticket, { ...key, status: "PASS" });
    expect(confirmed.body.data.user_info).toEqual({ id: s.id, user_id: s.id, user: s.id, name: null, email: null, wechat: null });
    const scored = await put("/admin/user_course/add_score/", product.ticket, { ...key, score: 88, score_grade: "A" });
    expect(scored.body.data).toMatchObject({ score: 88, score_grade: "A", status: { key: "PASS" } });
    expect(scored.body.data.user_info).toMatchObject({ id: s.id, user_id: s.id, user: s.id });
  });
});

describe("GET /order/user_order_course/", () => {
  it("gives currency, payment and status as plain keys, as its document shows, and the approval as {key, verbose}", async () => {
    const s = await student("rev-order-course");
    const order = await paidOrder(s, cat.project, 1);
    expect((await post("/course/create_user_courses/", s.ticket, { order, course: cat.courses[1] })).body.code).toBe(0);
    const [mine] = (await get("/order/user_order_course/", s.ticket)).body.data;
    expect(mine).toMatchObject({ id: order, user: s.id, currency: "RMB", payment: "ALI_PAY", status: "TO_CONFIRM", course_num: 1 });
    expect(mine.user_course).toEqual([
      expect.objectContaining({
        id: cat.courses[1],
        confirm_course: expect.objectContaining({ status: { key: "TO_UPLOAD", verbose: "待上传" } }),
      }),
    ]);
    const [listed] = (await get("/order/user_order_list/", s.ticket)).body.data;
    expect(listed.status).toEqual({ key: "TO_CONFIRM", verbose: "待确认" });
  });
});

describe("GET /auth/user/info/{user_id}/", () => {
  it("carries the school as cschool and, as its document spells it, cshool", async () => {
    const s = await student("rev-cshool");
    expect((await patch(`/auth/user/info/${s.id}/`, s.ticket, { cshool: "浙江工业大学" })).body.data).toMatchObject({
      cschool: "浙江工业大学",
      cshool: "浙江工业大学",
    });
    expect((await get(`/auth/user/info/${s.id}/`, s.ticket)).body.data).toMatchObject({ cschool: "浙江工业大学", cshool: "浙江工业大学" });
  });
});
