import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, expectOnlyLocalRequests, launchBrowser, newPage, screenshot, signIn } from "./helpers";

const ADMIN = { authorization: "Bearer dev-admin-token" };
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

/** A JSON call to the dev worker, its reply read loosely as a test script would. */
async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<any> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json();
}

/** A student of the demo catalogue with a paid order waiting for finance (the README's walk-through). */
async function paidOrder(openid: string): Promise<number> {
  const { code } = await call("POST", "/__sim/wechat/code", { openid });
  const { ticket, user_id } = (await call("GET", `/summer/auth/user/check_account/?code=${encodeURIComponent(code)}`)).data;
  const auth = { authorization: `Bearer ${ticket}` };
  const profile = { name: "小红", email: "xh@example.com", wechat: "xh-wx", wcountry: [1], wcampus: [1], cschool: "浙江大学" };
  await call("PATCH", `/summer/auth/user/info/${user_id}/`, profile, auth);
  const order = await call("POST", "/summer/order/", { project: 1, currency: "RMB", payment: "ALI_PAY", course_num: 1 }, auth);
  if (order.code !== 0) throw new Error(`order: ${JSON.stringify(order)}`);
  const payment = {
    order: order.data.id,
    account_number: "xh@alipay",
    account_name: "小红",
    pay_date: "2027-05-01",
    img: PNG,
    coupon_list: [],
    amount: order.data.pay_fee,
  };
  const paid = await call("POST", "/summer/order/order_payment/", payment, auth);
  if (paid.code !== 0) throw new Error(`payment: ${JSON.stringify(paid)}`);
  return order.data.id;
}

/** The every-minute cron, run now (`wrangler dev --test-scheduled`): the reminder scan, the console's record and rollup. */
async function runCron() {
  const res = await fetch(`${baseUrl}/__scheduled?cron=*+*+*+*+*`);
  expect(res.status).toBe(200);
  await res.body?.cancel();
}

/** The number a count's link shows (its accessible name reads "<what>：<n>"). */
async function count(page: Page, key: string): Promise<number> {
  const label = await page.locator(`[data-count="${key}"]`).getAttribute("aria-label");
  const n = /：(\d+)$/.exec(label ?? "")?.[1];
  if (n === undefined) throw new Error(`no count ${key}: ${label}`);
  return Number(n);
}

/** The chart of `title` is an SVG image named by it, with its numbers as a table under it. */
async function expectChart(page: Page, title: string) {
  const chart = page.getByRole("img", { name: title });
  await expect.poll(() => chart.count()).toBe(1);
  expect(await chart.evaluate((el) => el.tagName.toLowerCase())).toBe("svg");
  expect(await chart.locator("title").first().textContent()).toBe(title);
  expect(await page.getByRole("table", { name: title, includeHidden: true }).count()).toBe(1);
}

/** Nothing wider than the phone's screen: the page does not scroll sideways. */
const fitsWidth = (page: Page) => page.evaluate<boolean>("document.documentElement.scrollWidth <= window.innerWidth");

const campusNow = () => Date.now();
const ONLINE_MS = 60_000;
const DAY = 86_400_000;

describe("the console's first page", () => {
  let browser: Browser;
  const cabinet = `home-${Date.now().toString(36)}`;

  beforeAll(async () => {
    browser = await launchBrowser();
    // The data set: a cabinet that never polled, two complaints, two paid orders; then a cron run rolls the month up.
    const created = await call(
      "POST",
      "/admin/sports/devices",
      { device_id: cabinet, name: "首页测试柜", location: "西操场", slots: 4 },
      ADMIN,
    );
    expect(created.id ?? created.device_id ?? cabinet).toBeTruthy();
    for (const contents of ["图书馆首页测试：二楼太吵", "图书馆首页测试：希望延长开放时间"]) {
      expect((await call("POST", "/library/advise/", { tel: "13912345678", contents })).status).toBe(0);
    }
    await paidOrder(`home-order-1-${Date.now()}`);
    await paidOrder(`home-order-2-${Date.now()}`);
    await runCron();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("a sports operator sees the sports office's numbers and charts, and nothing of the others", async () => {
    const opened = await newPage(browser);
    const { page } = opened;
    await signIn(page, "demo_sports", "sports-demo");
    expect(new URL(page.url()).pathname).toBe("/console");

    const devices: any[] = (await call("GET", "/admin/sports/devices", undefined, ADMIN)).devices;
    const offline = devices.filter(
      (d) => d.retired_at === null && (d.last_seen_at === null || Date.parse(d.last_seen_at) <= campusNow() - ONLINE_MS),
    );
    expect(offline.map((d) => d.id)).toContain(cabinet);
    expect(await count(page, "sports.offline")).toBe(offline.length);
    const overdue = (await call("GET", "/admin/sports/rentals?state=overdue&limit=100", undefined, ADMIN)).rentals.length;
    expect(await count(page, "sports.overdue")).toBe(overdue);
    const anomalies: any[] = (await call("GET", "/admin/sports/anomalies?limit=100", undefined, ADMIN)).anomalies;
    expect(await count(page, "sports.anomalies")).toBe(anomalies.filter((a) => Date.parse(a.time) >= campusNow() - DAY).length);
    // The silent cabinet is listed with how long it has been silent, linked to its page.
    const row = page.getByRole("row", { name: new RegExp(`首页测试柜（${cabinet}）`) });
    expect(await row.textContent()).toContain("从未上线");
    expect(await row.getByRole("link").getAttribute("href")).toBe(`/console/sports/cabinets/${cabinet}`);

    await expectChart(page, "每天的借出与归还");
    await expectChart(page, "借出最多的时段");
    for (const other of ["reminders.failed", "library.complaints", "summer.orders"])
      expect(await page.locator(`[data-count="${other}"]`).count()).toBe(0);
    expect(await page.getByRole("heading", { name: "运行状况" }).count()).toBe(0);
    expect(await page.getByRole("img", { name: "每天的订单与确认收款" }).count()).toBe(0);
    await screenshot(page, "console-home-sports");

    // Keyboard: the overdue count is a link that opens the overdue rentals.
    await page.locator('[data-count="sports.overdue"]').focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(`${baseUrl}/console/sports/rentals?state=overdue`);
    expectOnlyLocalRequests(opened);
    await opened.context.close();
  });

  it("a library operator sees the complaints, the reminders, the health and their charts, on a phone too", async () => {
    const opened = await newPage(browser, { phone: true });
    const { page } = opened;
    await signIn(page, "demo_library", "library-demo");

    const advises: any[] = (await call("GET", "/admin/library/advises?limit=100", undefined, ADMIN)).advises;
    const week = advises.filter((a) => Date.parse(`${a.publishTime.replace(" ", "T")}+08:00`) >= campusNow() - 7 * DAY);
    expect(week.length).toBeGreaterThanOrEqual(2);
    expect(await count(page, "library.complaints")).toBe(week.length);
    const failed = (await call("GET", "/admin/reminders?state=failed", undefined, ADMIN)).total;
    expect(await count(page, "reminders.failed")).toBe(failed);
    const rejected = (await call("GET", "/admin/reminders?state=rejected", undefined, ADMIN)).total;
    expect(await count(page, "reminders.rejected")).toBe(rejected);

    // demo_library holds `reminders`: the worker's health, with the cron run just made.
    const health = page.getByRole("region", { name: "运行状况" });
    expect(await health.textContent()).toMatch(/程序版本\d+\.\d+\.\d+/);
    expect(await page.locator('[data-health="migration"]').textContent()).toContain("已是最新");
    expect(await page.locator('[data-health="cron"]').textContent()).toMatch(/上次运行 \S+ \S+（\d+ (秒|分钟)前/);
    expect(await page.locator('[data-health="backlog"]').textContent()).toMatch(/已入队待发送 \d+ 条，已到期未入队 \d+ 条/);

    await expectChart(page, "每天的培训报名");
    await expectChart(page, "每天的提醒发送结果");
    for (const other of ["sports.overdue", "summer.orders"]) expect(await page.locator(`[data-count="${other}"]`).count()).toBe(0);
    expect(await fitsWidth(page)).toBe(true);
    // The table behind a chart opens from the keyboard.
    await page.getByText("查看「每天的培训报名」的数据表").focus();
    await page.keyboard.press("Enter");
    expect(await page.getByRole("table", { name: "每天的培训报名" }).isVisible()).toBe(true);
    await screenshot(page, "console-home-library-phone");
    expectOnlyLocalRequests(opened);
    await opened.context.close();
  });

  it("a FINANCE staff member sees the orders waiting, refreshed without reloading, and the orders chart", async () => {
    const opened = await newPage(browser);
    const { page } = opened;
    await signIn(page, "demo_finance", "summer-finance", { summer: true });

    const finance = await call("POST", "/summer/auth/user/login/", { username: "demo_finance", password: "summer-finance" });
    const waiting = async () =>
      (await call("GET", "/summer/order/?status=TO_CONFIRM", undefined, { authorization: `Bearer ${finance.data.ticket}` })).data.count;
    const before = await waiting();
    expect(before).toBeGreaterThanOrEqual(2);
    expect(await count(page, "summer.orders")).toBe(before);
    expect(await page.locator('[data-count="summer.orders"]').getAttribute("href")).toBe("/console/summer/orders?status=TO_CONFIRM");
    await expectChart(page, "每天的订单与确认收款");
    const table = page.getByRole("table", { name: "每天的订单与确认收款", includeHidden: true });
    const today = await table.locator("tbody tr").last().locator("td").first().textContent();
    expect(Number(today)).toBeGreaterThanOrEqual(2);
    for (const other of ["sports.overdue", "library.complaints", "reminders.failed", "summer.photos"]) {
      expect(await page.locator(`[data-count="${other}"]`).count()).toBe(0);
    }
    expect(await page.getByRole("heading", { name: "运行状况" }).count()).toBe(0);
    await screenshot(page, "console-home-finance");

    // A payment reported now shows in the "now" part by itself (it refreshes every 15 s).
    await paidOrder(`home-order-3-${Date.now()}`);
    expect(await waiting()).toBe(before + 1);
    await expect.poll(() => count(page, "summer.orders"), { timeout: 40_000, interval: 1_000 }).toBe(before + 1);
    expectOnlyLocalRequests(opened);
    await opened.context.close();
  });
});
