import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, expectOnlyLocalRequests, launchBrowser, newPage, screenshot, signIn } from "./helpers";

const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

/** The summer API as the README walk-through calls it; its replies are read loosely, as a test script would. */
async function call(method: string, path: string, body?: unknown, ticket?: string): Promise<any> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (ticket) headers.authorization = `Bearer ${ticket}`;
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return res.json();
}

/** A student of the demo catalogue with a paid order waiting for finance, as the README's walk-through makes it. */
async function paidOrder(openid: string): Promise<number> {
  const { code } = await call("POST", "/__sim/wechat/code", { openid });
  const login = await call("GET", `/summer/auth/user/check_account/?code=${encodeURIComponent(code)}`);
  const { ticket, user_id } = login.data;
  await call(
    "PATCH",
    `/summer/auth/user/info/${user_id}/`,
    { name: "小明", email: "xm@example.com", wechat: "xm-wx", wcountry: [1], wcampus: [1], cschool: "北京大学" },
    ticket,
  );
  const order = await call("POST", "/summer/order/", { project: 1, currency: "RMB", payment: "ALI_PAY", course_num: 2 }, ticket);
  if (order.code !== 0) throw new Error(`order: ${JSON.stringify(order)}`);
  const paid = await call(
    "POST",
    "/summer/order/order_payment/",
    {
      order: order.data.id,
      account_number: "me@alipay",
      account_name: "小明",
      pay_date: "2027-05-01",
      img: PNG,
      coupon_list: [],
      amount: order.data.pay_fee,
    },
    ticket,
  );
  if (paid.code !== 0) throw new Error(`payment: ${JSON.stringify(paid)}`);
  return order.data.id;
}

describe("the summer school's staff console", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("FINANCE opens an order with its payment proof beside it and confirms it", async () => {
    const orderId = await paidOrder("o-console-browser");
    const opened = await newPage(browser);
    const { page } = opened;
    await signIn(page, "demo_finance", "summer-finance", { summer: true });

    await page.getByRole("navigation", { name: "主菜单" }).getByRole("link", { name: "财务中心 · 首页" }).click();
    await page.waitForURL(`${baseUrl}/console/summer/orders`);
    await page.getByRole("link", { name: String(orderId), exact: true }).click();
    await page.waitForURL(`${baseUrl}/console/summer/orders/${orderId}`);
    const proof = page.getByRole("img", { name: "付款凭证" });
    await expect.poll(() => proof.evaluate((img) => ("naturalWidth" in img && img.complete ? img.naturalWidth : 0))).toBe(1);
    await screenshot(page, "console-summer-order-proof");

    await page.getByRole("button", { name: "确认收款" }).click();
    await page.waitForURL(`${baseUrl}/console/summer/orders/${orderId}`);
    await expect.poll(() => page.getByRole("status").textContent()).toContain(`订单 ${orderId} 已确认收款`);
    expect(await page.getByRole("region", { name: "订单信息" }).textContent()).toContain("已确认");
    expect(await page.getByRole("button", { name: "确认收款" }).count()).toBe(0);
    await screenshot(page, "console-summer-order-confirmed");

    const finance = await call("POST", "/summer/auth/user/login/", { username: "demo_finance", password: "summer-finance" });
    const order = await call("GET", `/summer/order/${orderId}/`, undefined, finance.data.ticket);
    expect(order.data.status.key).toBe("CONFIRMED");
    expectOnlyLocalRequests(opened);
    await opened.context.close();
  });

  it("MARKET has no orders in the menu and is refused the orders page", async () => {
    const opened = await newPage(browser, { phone: true });
    const { page } = opened;
    await signIn(page, "demo_market", "summer-market", { summer: true });
    const menu = await page.getByRole("navigation", { name: "主菜单" }).textContent();
    expect(menu).toContain("学生列表");
    expect(menu).not.toContain("财务中心");

    const res = await page.goto(`${baseUrl}/console/summer/orders`);
    expect(res?.status()).toBe(403);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("没有权限");
    expect(await page.getByRole("table").count()).toBe(0);
    await screenshot(page, "console-summer-market-refused");
    expectOnlyLocalRequests(opened);
    await opened.context.close();
  });

  it("a PRODUCT member made MARKET while signed in sees the new menu and is refused the old pages and forms at once", async () => {
    const admin = await call("POST", "/summer/auth/user/login/", { username: "demo_admin", password: "summer-admin" });
    const made = await call(
      "POST",
      "/summer/admin/child_user/",
      { name: "换岗同事", username: "console_role_flip", password: "flip-pass-1", role: "PRODUCT" },
      admin.data.ticket,
    );
    if (made.code !== 0) throw new Error(`staff: ${JSON.stringify(made)}`);
    const opened = await newPage(browser);
    const { page } = opened;
    await signIn(page, "console_role_flip", "flip-pass-1", { summer: true });
    const menu = page.getByRole("navigation", { name: "主菜单" });
    expect(await menu.textContent()).toContain("暑校类型管理");

    await menu.getByRole("link", { name: "产品中心 · 暑校类型管理" }).click();
    await page.waitForURL(`${baseUrl}/console/summer/campus-types`);
    await page.getByRole("form", { name: "新建暑校类型" }).getByLabel("名称").fill("换岗前的类型");
    await page.getByRole("form", { name: "新建暑校类型" }).getByRole("button", { name: "创建" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("已创建暑校类型 换岗前的类型");

    const changed = await call("PATCH", `/summer/admin/child_user/${made.data.id}/`, { role: "MARKET" }, admin.data.ticket);
    expect(changed.code).toBe(0);
    // The form already on screen is sent with the role the account has now.
    await page.getByRole("form", { name: "新建暑校类型" }).getByLabel("名称").fill("换岗后的类型");
    await page.getByRole("form", { name: "新建暑校类型" }).getByRole("button", { name: "创建" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("您没有执行该操作的权限");
    const after = await page.getByRole("navigation", { name: "主菜单" }).textContent();
    expect(after).toContain("学生列表");
    expect(after).not.toContain("暑校类型管理");
    await screenshot(page, "console-summer-role-changed");

    const res = await page.goto(`${baseUrl}/console/summer/courses`);
    expect(res?.status()).toBe(403);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("没有权限");
    const types = await call("GET", "/summer/course/campus_type/type_country_campus/", undefined, admin.data.ticket);
    const titles = JSON.stringify(types.data);
    expect(titles).toContain("换岗前的类型");
    expect(titles).not.toContain("换岗后的类型");
    expectOnlyLocalRequests(opened);
    await opened.context.close();
  });
});
