import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, expectOnlyLocalRequests, launchBrowser, newPage, screenshot } from "./helpers";

const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

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
    await page.goto(`${baseUrl}/console/login`);
    await page.getByLabel("暑期学校员工账号").check();
    await page.getByLabel("用户名").fill("demo_finance");
    await page.getByLabel("密码").fill("summer-finance");
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL(`${baseUrl}/console`);

    await page.getByRole("navigation", { name: "主菜单" }).getByRole("link", { name: "财务中心 · 首页" }).click();
    await page.waitForURL(`${baseUrl}/console/summer/orders`);
    await page.getByRole("link", { name: String(orderId), exact: true }).click();
    await page.waitForURL(`${baseUrl}/console/summer/orders/${orderId}`);
    const proof = page.getByRole("img", { name: "付款凭证" });
    await expect
      .poll(() =>
        proof.evaluate((img) => {
          const loaded = img as unknown as { complete: boolean; naturalWidth: number };
          return loaded.complete && loaded.naturalWidth;
        }),
      )
      .toBe(1);
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
    await page.goto(`${baseUrl}/console/login`);
    await page.getByLabel("暑期学校员工账号").check();
    await page.getByLabel("用户名").fill("demo_market");
    await page.getByLabel("密码").fill("summer-market");
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL(`${baseUrl}/console`);
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
});
