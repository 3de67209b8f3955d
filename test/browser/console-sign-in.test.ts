import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, expectOnlyLocalRequests, launchBrowser, newPage, screenshot } from "./helpers";

describe("signing in to the console", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("refuses a wrong password, signs an operator in on a phone, shows its areas and signs out", async () => {
    const opened = await newPage(browser, { phone: true });
    const { page } = opened;
    await page.goto(`${baseUrl}/console/sports`);
    // Signed out: the sign-in page, which returns to the page asked for.
    await expect.poll(() => new URL(page.url()).pathname).toBe("/console/login");
    await page.getByLabel("用户名").fill("demo_sports");
    await page.getByLabel("密码").fill("not-the-password");
    await page.getByRole("button", { name: "登录" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("用户名或密码错误");
    await screenshot(page, "console-sign-in-refused");

    await page.getByLabel("密码").fill("sports-demo");
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL(`${baseUrl}/console/sports`);
    const menu = page.getByRole("navigation", { name: "主菜单" });
    await expect.poll(() => menu.textContent()).toContain("体育器材");
    expect(await menu.textContent()).not.toContain("图书馆");
    const cookies = await opened.context.cookies();
    const session = cookies.find((c) => c.name === "ce_console");
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe("Strict");
    await screenshot(page, "console-signed-in");

    await page.getByRole("button", { name: "退出登录" }).click();
    await page.waitForURL(`${baseUrl}/console/login`);
    await expect.poll(() => page.getByRole("status").textContent()).toContain("已退出登录");
    await page.goto(`${baseUrl}/console`);
    expect(new URL(page.url()).pathname).toBe("/console/login");
    expectOnlyLocalRequests(opened);
    await opened.context.close();
  });

  it("signs a summer school staff member in with the role's menu only", async () => {
    const opened = await newPage(browser);
    const { page } = opened;
    await page.goto(`${baseUrl}/console/login`);
    await page.getByLabel("暑期学校员工账号").check();
    await page.getByLabel("用户名").fill("demo_market");
    await page.getByLabel("密码").fill("summer-market");
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL(`${baseUrl}/console`);
    const menu = await page.getByRole("navigation", { name: "主菜单" }).textContent();
    expect(menu).toContain("学生列表");
    expect(menu).toContain("渠道管理");
    expect(menu).not.toContain("财务中心");
    await screenshot(page, "console-summer-market-menu");
    expectOnlyLocalRequests(opened);
    await opened.context.close();
  });
});
