import { createHash } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, expectOnlyLocalRequests, launchBrowser, newPage, screenshot, signIn } from "./helpers";

/** What a 精弘 client sends as `password`: the upper-case hex MD5. */
const md5 = (text: string) => createHash("md5").update(text).digest("hex").toUpperCase();

async function jhApi(name: string, form: Record<string, string>) {
  const res = await fetch(`${baseUrl}/jh/api/${name}`, { method: "POST", body: new URLSearchParams(form) });
  return (await res.json()) as { code: number; data: Record<string, unknown> | null };
}

describe("the 精弘 console", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("finds a demo user, changes its message-board permission and adds a term", async () => {
    const opened = await newPage(browser);
    const { page } = opened;
    await signIn(page, "demo_ops", "console-demo");

    await page.getByRole("navigation", { name: "主菜单" }).getByRole("link", { name: "精弘账号" }).click();
    await page.waitForURL(`${baseUrl}/console/jh/users`);
    await page.getByLabel("用户名").fill("DEMO_");
    await page.getByRole("button", { name: "查找" }).click();
    await page.waitForURL(/\/console\/jh\/users\?q=DEMO_/);
    const rows = page.getByRole("table", { name: "精弘用户" }).getByRole("row");
    await expect.poll(() => rows.count()).toBe(4);
    await screenshot(page, "console-jh-search");

    await page.getByRole("link", { name: "demo_jh", exact: true }).click();
    await page.waitForURL(`${baseUrl}/console/jh/users/demo_jh`);
    const flags = page.getByRole("form", { name: "修改 demo_jh 的账号类型与留言板权限" });
    expect(await flags.getByLabel("留言板权限").inputValue()).toBe("0");
    await flags.getByLabel("留言板权限").selectOption({ label: "管理员" });
    await flags.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("已保存：demo_jh 为普通账号，留言板管理员");
    expect(await flags.getByLabel("留言板权限").inputValue()).toBe("1");
    await screenshot(page, "console-jh-user-saved");

    // The mini-program sees the new permission.
    const login = await jhApi("user", { method: "login", username: "demo_jh", password: md5("jh-demo"), devicetype: "pc" });
    expect(login.code).toBe(200);
    const info = await jhApi("getinfo", { credit: String(login.data?.credit), type: "base" });
    expect(info.data).toMatchObject({ username: "demo_jh", permission_msgboard: 1 });

    await page.getByRole("link", { name: "学期", exact: true }).click();
    await page.waitForURL(`${baseUrl}/console/jh/terms`);
    const add = page.getByRole("form", { name: "添加学期" });
    await add.getByLabel(/^学年/).fill("2027");
    await add.getByLabel(/^学期/).selectOption({ label: "第一学期" });
    await add.getByLabel("开始日期").fill("2027-09-06");
    await add.getByLabel("结束日期").fill("2028-01-16");
    await add.getByRole("button", { name: "添加" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("已保存2027-2028 学年第一学期：2027-09-06 至 2028-01-16");
    const added = page.getByRole("row").filter({ hasText: "2027-2028 学年" });
    await expect.poll(() => added.textContent()).toContain("2027-09-06");
    expect(await added.textContent()).toContain("19");
    await screenshot(page, "console-jh-terms");

    // A term overlapping it is refused, with the reason.
    await add.getByLabel(/^学年/).fill("2027");
    await add.getByLabel(/^学期/).selectOption({ label: "第二学期" });
    await add.getByLabel("开始日期").fill("2028-01-10");
    await add.getByLabel("结束日期").fill("2028-06-30");
    await add.getByRole("button", { name: "添加" }).click();
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toContain("与2027-2028 学年第一学期（2027-09-06 至 2028-01-16）的日期重叠");
    expect(await page.getByRole("row").filter({ hasText: "第二学期" }).filter({ hasText: "2027-2028" }).count()).toBe(0);
    expectOnlyLocalRequests(opened);
    await opened.context.close();
  });
});
