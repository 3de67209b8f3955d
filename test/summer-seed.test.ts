import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import seed from "../tools/seed/summer.sql?raw";
import { api, get, PNG_B64, post, student } from "./summer-helpers";

/** The demo seed applies (twice: it is idempotent) and the README walk-through works against it. */
async function applySeed() {
  const statements = seed
    .split(/;\s*\n/)
    .map((s) => s.replace(/^--.*$/gm, "").trim())
    .filter(Boolean);
  for (const statement of statements) await env.DB.prepare(statement).run();
}

describe("the demo seed and the README walk-through", () => {
  it("takes a student from login to a paid order, and FINANCE confirms it", async () => {
    await applySeed();
    await applySeed();
    const s = await student("o-readme");
    expect((await get(`/auth/user/${s.id}/sales_man/`, s.ticket)).body.data.name).toBe("张老师");
    const projects = (await get("/course/project/", s.ticket)).body.data;
    expect(projects.count).toBe(2);
    expect((await get("/course/campus_type/type_country_campus/", s.ticket)).body.data[0].campus_type[0].campus).toHaveLength(2);
    const order = (await post("/order/", s.ticket, { project: 1, currency: "RMB", payment: "ALI_PAY", course_num: 2 })).body.data;
    expect(order).toMatchObject({ standard_fee: 3000, pay_fee: 3000, payment_info: { account_number: "summer-pay@example.com" } });
    for (const course of [1, 2])
      expect((await post("/course/create_user_courses/", s.ticket, { order: order.id, course })).body.code).toBe(0);
    const paid = await post("/order/order_payment/", s.ticket, {
      order: order.id,
      account_number: "me@alipay",
      account_name: "小明",
      pay_date: "2027-05-01",
      img: PNG_B64,
      coupon_list: [],
      amount: 3000,
    });
    expect(paid.body.data.status.key).toBe("TO_CONFIRM");
    for (const [username, password, role] of [
      ["demo_admin", "summer-admin", "ADMIN"],
      ["demo_market", "summer-market", "MARKET"],
      ["demo_product", "summer-product", "PRODUCT"],
    ]) {
      expect((await post("/auth/user/login/", null, { username, password })).body.data.role).toBe(role);
    }
    const finance = (await post("/auth/user/login/", null, { username: "demo_finance", password: "summer-finance" })).body.data;
    expect(finance.role).toBe("FINANCE");
    const confirmed = await api("PATCH", `/order/${order.id}/`, finance.ticket, { form: { status: "CONFIRMED" } });
    expect(confirmed.body.data.status).toEqual({ key: "CONFIRMED", verbose: "已确认" });
    expect((await get("/order/check_order/", s.ticket)).body.code).toBe(100);
  });
});
