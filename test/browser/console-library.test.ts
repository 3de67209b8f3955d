import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, expectOnlyLocalRequests, launchBrowser, newPage, screenshot, signIn } from "./helpers";

/** The public notice list, as the mini-program reads it. */
async function publicNotices(type: string): Promise<{ count: number; results: { id: number; title: string; pub_user: string }[] }> {
  const res = await fetch(`${baseUrl}/library/notice/?type=${type}`);
  return res.json();
}

describe("library staff in the console", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("publishes a notice through the form, previews it, and the mini-program's list shows it at once", async () => {
    const title = `闭馆通知 ${Date.now()}`;
    // The list is read (and cached) before the notice exists.
    const before = await publicNotices("N");
    expect(before.results.some((n) => n.title === title)).toBe(false);

    const opened = await newPage(browser);
    const { page } = opened;
    await signIn(page, "demo_library", "library-demo");
    await page.getByRole("navigation", { name: "主菜单" }).getByRole("link", { name: "图书馆" }).click();
    await page.waitForURL(`${baseUrl}/console/library/notices`);

    const form = page.getByRole("form", { name: "发布公告" });
    await form.getByLabel("类型").selectOption("N");
    await form.getByLabel("标题").fill(title);
    await form.getByLabel("正文").fill("本周六图书馆闭馆一天。\n电子资源照常开放。");
    await form.getByLabel("发布者").fill("办公室");
    await screenshot(page, "console-library-notice-form");
    // 预览 first: the notice as the mini-program will show it, not yet published.
    await form.getByRole("button", { name: "预览" }).click();
    await page.waitForURL(`${baseUrl}/console/library/notices/preview`);
    expect(await page.locator(".preview").textContent()).toContain("本周六图书馆闭馆一天。");
    expect((await publicNotices("N")).count).toBe(before.count);
    await screenshot(page, "console-library-notice-draft");
    await page.getByRole("form", { name: "发布公告" }).getByRole("button", { name: "发布" }).click();

    await page.waitForURL(/\/console\/library\/notices\/\d+$/);
    await expect.poll(() => page.getByRole("status").textContent()).toContain(`已发布公告「${title}」`);
    const preview = page.locator(".preview");
    expect(await preview.textContent()).toContain(title);
    expect(await preview.textContent()).toContain("电子资源照常开放。");
    await screenshot(page, "console-library-notice-preview");

    const after = await publicNotices("N");
    expect(after.count).toBe(before.count + 1);
    expect(after.results[0]).toMatchObject({ title, pub_user: "办公室" });
    expectOnlyLocalRequests(opened);
    await opened.context.close();
  });

  it("opens the library pages on a phone-sized screen", async () => {
    // A reader's complaint from the mini-program.
    const sent = await fetch(`${baseUrl}/library/advise/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tel: "13912345678", contents: "三楼自习室空调太冷" }),
    });
    expect(sent.status).toBe(200);
    await sent.body?.cancel();
    const opened = await newPage(browser, { phone: true });
    const { page } = opened;
    await signIn(page, "demo_library", "library-demo", { from: "/console/library/trainings" });
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("培训");
    await page.getByRole("link", { name: "投诉与建议" }).click();
    await page.waitForURL(`${baseUrl}/console/library/complaints`);
    const row = page.getByRole("row").filter({ hasText: "三楼自习室空调太冷" });
    expect(await row.textContent()).toContain("13912345678");
    await screenshot(page, "console-library-complaints-phone");
    expectOnlyLocalRequests(opened);
    await opened.context.close();
  });
});
