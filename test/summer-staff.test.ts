import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { summerAudit, summerProjectResults, summerUserCoupons } from "../src/db/schema";
import {
  type Catalogue,
  coupon,
  db,
  get,
  PNG_DATA_URI,
  paidOrder,
  patch,
  post,
  put,
  type Staff,
  staffTeam,
  student,
} from "./summer-helpers";

let admin: Staff;
let market: Staff;
let product: Staff;
let finance: Staff;
let cat: Catalogue;

beforeAll(async () => {
  ({ admin, market, product, finance, cat } = await staffTeam("staff", "ST"));
});

const FORBIDDEN = { code: 403, msg: "您没有执行该操作的权限。", data: {}, field_name: "" };
const auditCount = async () => (await db.select({ n: count() }).from(summerAudit))[0].n;

describe("roles", () => {
  it("allow and refuse each group's routes by the one rule table, changing nothing when refused", async () => {
    const s = await student("st-roles");
    const who = { admin, market, product, finance, student: s } as const;
    const cases: [string, (t: string) => Promise<{ body: any }>, (keyof typeof who)[]][] = [
      ["audit", (t) => get("/admin/audit/", t), ["admin"]],
      ["orders", (t) => get("/order/", t), ["admin", "finance"]],
      ["credit", (t) => get("/admin/project_result/", t), ["admin", "product"]],
      [
        "catalogue write",
        (t) => post("/course/campus_type/", t, { title: `类型${t.slice(-6)}`, campus_country: "AUSTRALIA" }),
        ["admin", "product"],
      ],
    ];
    for (const [name, call, allowed] of cases) {
      for (const [role, caller] of Object.entries(who)) {
        const before = await auditCount();
        const { body } = await call(caller.ticket);
        if (allowed.includes(role as keyof typeof who)) expect(body.code, `${name} ${role}`).toBe(0);
        else {
          expect(body, `${name} ${role}`).toEqual(FORBIDDEN);
          expect(await auditCount()).toBe(before);
        }
      }
    }
    expect((await get("/order/")).body).toEqual({ code: 401, msg: "未登陆" });
  });
});

describe("the audit record", () => {
  it("records who changed what, before and after, readable by ADMIN", async () => {
    const created = await post("/course/campus_type/", product.ticket, { title: "审计类型", campus_country: "NORTH_AMERICA" });
    const id = created.body.data.id;
    await patch(`/course/campus_type/${id}/`, product.ticket, { title: "审计类型2" });
    const { body } = await get(`/admin/audit/?entity=campus_type&entity_id=${id}`, admin.ticket);
    expect(body.data.count).toBe(2);
    const [update, create] = body.data.results;
    expect(update).toMatchObject({ staff: product.id, action: "update", entity: "campus_type", entity_id: String(id) });
    expect(update.before.title).toBe("审计类型");
    expect(update.after.title).toBe("审计类型2");
    expect(create.action).toBe("create");
    expect(update.create_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect((await get(`/admin/audit/?staff=${product.id}`, admin.ticket)).body.data.count).toBeGreaterThanOrEqual(2);
  });
});

describe("orders for staff", () => {
  it("lists with the currency, payment, status, user and none_canceled_order filters", async () => {
    const a = await student("st-orders-a");
    const b = await student("st-orders-b");
    const paid = await paidOrder(a, cat.project, 1);
    const open = await post("/order/", b.ticket, { project: cat.project, currency: "DOLLAR", payment: "PAY_PAL", course_num: 1 });
    await patch(`/order/${open.body.data.id}/`, b.ticket, { status: "CANCELED" });
    const list = async (q: string) => (await get(`/order/?${q}`, finance.ticket)).body.data;
    expect((await list(`user=${a.id}`)).results.map((o: any) => o.id)).toEqual([paid]);
    expect((await list(`user=${b.id}`)).count).toBe(1);
    expect((await list(`user=${b.id}&none_canceled_order=true`)).count).toBe(0);
    expect((await list(`user=${b.id}&currency=DOLLAR&payment=PAY_PAL&status=CANCELED`)).count).toBe(1);
    expect((await list(`user=${b.id}&currency=RMB`)).count).toBe(0);
    const one = (await list(`user=${a.id}&status=TO_CONFIRM`)).results[0];
    expect(one).toMatchObject({ id: paid, user: a.id, status: { key: "TO_CONFIRM", verbose: "待确认" } });
    expect(one.order_payed_info.amount).toBeTypeOf("number");
    expect((await get("/order/?status=NOPE", finance.ticket)).body).toMatchObject({ code: 400, field_name: "status" });
    expect((await get("/order/?page=999", finance.ticket)).body.code).toBe(404);
  });

  it("confirming uses the order's coupons, failing releases them", async () => {
    const a = await student("st-coupon-a");
    const b = await student("st-coupon-b");
    const ca = await coupon("STAFFCPN01", 100, [a.id]);
    const cb = await coupon("STAFFCPN02", 100, [b.id]);
    const oa = await paidOrder(a, cat.project, 1, [ca.id]);
    const ob = await paidOrder(b, cat.project, 1, [cb.id]);
    const state = async (u: number, c: number) =>
      (
        await db
          .select()
          .from(summerUserCoupons)
          .where(and(eq(summerUserCoupons.userId, u), eq(summerUserCoupons.couponId, c)))
      )[0];
    expect((await patch(`/order/${oa}/`, finance.ticket, { status: "CONFIRMED" })).body.data.status.key).toBe("CONFIRMED");
    expect((await patch(`/order/${ob}/`, finance.ticket, { status: "CONFIRM_FAILED" })).body.data.status.key).toBe("CONFIRM_FAILED");
    expect(await state(a.id, ca.id)).toMatchObject({ status: "USED", orderId: oa });
    expect(await state(b.id, cb.id)).toMatchObject({ status: "TO_USE", orderId: null });
    const record = (await get(`/admin/audit/?entity=order&entity_id=${oa}`, admin.ticket)).body.data.results[0];
    expect(record).toMatchObject({ staff: finance.id, before: { status: "TO_CONFIRM" }, after: { status: "CONFIRMED" } });
    expect((await patch(`/order/${oa}/`, market.ticket, { status: "CONFIRM_FAILED" })).body).toEqual(FORBIDDEN);
  });
});

describe("course approval by staff", () => {
  it("PASS or NOPASS only a photo waiting for review", async () => {
    const s = await student("st-approve");
    const order = await paidOrder(s, cat.project, 2);
    const [c1, c2] = cat.courses;
    await post("/course/create_user_courses/", s.ticket, { order, course: c1 });
    await post("/course/create_user_courses/", s.ticket, { order, course: c2 });
    const decide = (course: number, status: string, t = product.ticket) =>
      put("/admin/user_course/confirm_course/", t, { user: s.id, course, order, status });
    expect((await decide(c1, "PASS")).body).toMatchObject({ code: 400, field_name: "status" });
    await put(`/course/${c1}/upload_confirm_photo/`, s.ticket, { confirm_photo: PNG_DATA_URI });
    await put(`/course/${c2}/upload_confirm_photo/`, s.ticket, { confirm_photo: PNG_DATA_URI });
    expect((await decide(c1, "PASS", finance.ticket)).body).toEqual(FORBIDDEN);
    const passed = (await decide(c1, "PASS")).body.data;
    expect(passed).toMatchObject({
      order,
      course: { id: c1, credit: 3 },
      status: { key: "PASS", verbose: "通过" },
      user_info: { id: s.id },
    });
    expect(passed.confirm_photo).toMatch(/\/summer\/files\//);
    expect((await decide(c1, "NOPASS")).body.code).toBe(400);
    expect((await decide(c2, "NOPASS")).body.data.status.key).toBe("NOPASS");
    expect((await decide(c2, "MAYBE")).body).toMatchObject({ code: 400, field_name: "status" });
    expect(
      (await put("/admin/user_course/confirm_course/", product.ticket, { user: s.id, course: 99999, order, status: "PASS" })).body.code,
    ).toBe(404);
    const mine = (await get("/order/user_order_course/", s.ticket)).body.data[0].user_course;
    expect(mine.map((c: any) => c.confirm_course.status.key).sort()).toEqual(["NOPASS", "PASS"]);
    const records = (await get("/admin/audit/?entity=user_course", admin.ticket)).body.data;
    expect(records.count).toBe(2);
  });
});

describe("credit transfer by staff", () => {
  it("POSTED -> RECEIVED -> SUCCESS per student and project, the result only with an image", async () => {
    const s = await student("st-credit");
    const order = await paidOrder(s, cat.project, 1);
    expect((await get(`/admin/project_result/${s.id}/`, product.ticket)).body.code).toBe(404);
    await patch(`/order/${order}/`, finance.ticket, { status: "CONFIRMED" });
    const path = `/admin/project_result/${s.id}/`;
    const empty = (await get(path, product.ticket)).body.data;
    expect(empty).toMatchObject({
      id: null,
      project: { id: cat.project, name: "项目ST" },
      status: null,
      img: null,
      user_info: { id: s.id },
    });
    expect((await put(path, product.ticket, { status: "RECEIVED" })).body).toMatchObject({ code: 400, field_name: "status" });
    const posted = (
      await put(path, product.ticket, { status: "POSTED", post_datetime: "2027-08-10", post_channel: "DHL", post_number: "5646" })
    ).body.data;
    expect(posted).toMatchObject({
      project: { id: cat.project },
      post_datetime: "2027-08-10",
      post_channel: "DHL",
      post_number: "5646",
      status: { key: "POSTED", verbose: "成绩单已寄出" },
    });
    expect((await patch(path, product.ticket, { status: "RECEIVED" })).body.data.status.key).toBe("RECEIVED");
    expect((await patch(path, product.ticket, { status: "SUCCESS" })).body).toMatchObject({ code: 400, field_name: "status" });
    await put(`/course/project/${cat.project}/upload_img/`, s.ticket, { img: PNG_DATA_URI });
    const success = (await patch(path, product.ticket, { status: "SUCCESS", project: cat.project })).body.data;
    expect(success.status.key).toBe("SUCCESS");
    expect(success.img).toMatch(/\/summer\/files\//);
    expect(success.post_channel).toBe("DHL");
    expect((await patch(path, product.ticket, { status: "FAILURE" })).body.code).toBe(400);
    const list = (await get(`/admin/project_result/?user=${s.id}`, product.ticket)).body.data;
    expect(list.count).toBe(1);
    expect(list.results[0]).toMatchObject({ id: success.id, status: { key: "SUCCESS" } });
    expect(await db.select().from(summerProjectResults).where(eq(summerProjectResults.userId, s.id))).toHaveLength(1);
    expect((await get(`/admin/audit/?entity=project_result&entity_id=${s.id}-${cat.project}`, admin.ticket)).body.data.count).toBe(3);
    expect((await patch(path, market.ticket, { status: "FAILURE" })).body).toEqual(FORBIDDEN);
  });

  it("two staff deciding the result at once: exactly one wins", async () => {
    const s = await student("st-credit-race");
    const order = await paidOrder(s, cat.project, 1);
    await patch(`/order/${order}/`, finance.ticket, { status: "CONFIRMED" });
    await put(`/course/project/${cat.project}/upload_img/`, s.ticket, { img: PNG_DATA_URI });
    const path = `/admin/project_result/${s.id}/`;
    await put(path, product.ticket, { status: "POSTED" });
    await put(path, product.ticket, { status: "RECEIVED" });
    const replies = await Promise.all([
      patch(path, product.ticket, { status: "SUCCESS" }),
      patch(path, admin.ticket, { status: "FAILURE" }),
    ]);
    expect(replies.map((r) => r.body.code).sort()).toEqual([0, 400]);
    const winner = replies.find((r) => r.body.code === 0)?.body.data.status.key;
    expect((await get(path, product.ticket)).body.data.status.key).toBe(winner);
    const records = (await get(`/admin/audit/?entity=project_result&entity_id=${s.id}-${cat.project}`, admin.ticket)).body.data;
    expect(records.count).toBe(3);
  });
});
