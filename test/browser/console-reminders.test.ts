import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, expectOnlyLocalRequests, launchBrowser, newPage, screenshot, signIn } from "./helpers";

const SEND = "/cgi-bin/message/subscribe/send";

/** A control call to the WeChat simulator of the dev worker. */
async function wechatSim(path: string, json?: unknown): Promise<any> {
  const res = await fetch(`${baseUrl}/__sim/wechat${path}`, {
    method: json === undefined ? "GET" : "POST",
    headers: { "x-sim-control": "1", ...(json === undefined ? {} : { "content-type": "application/json" }) },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  return res.json();
}

/** Fires the every-minute cron now, as tools/dev.mjs does once a minute. */
async function cron() {
  const res = await fetch(`${baseUrl}/cdn-cgi/local/scheduled?cron=${encodeURIComponent("* * * * *")}`);
  await res.body?.cancel();
}

/** A campus time `minutes` from now, as a datetime-local input takes it. */
const campusInput = (minutes: number) => new Date(Date.now() + minutes * 60_000 + 8 * 3_600_000).toISOString().slice(0, 16);

describe("reminders in the console", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await wechatSim("/faults", { path: SEND, errcode: 43101, count: 0 });
    await browser?.close();
  });

  it("retries a reminder WeChat refused, and the next cron run sends it", async () => {
    const opened = await newPage(browser);
    const { page } = opened;
    await signIn(page, "demo_library", "library-demo");

    // A training starting in 30 minutes: its reminder (an hour before) is due at once.
    await page.goto(`${baseUrl}/console/library/trainings`);
    const form = page.getByRole("form", { name: "发布培训" });
    await form.getByLabel("类型").selectOption("X");
    await form.getByLabel("标题").fill("数据库检索速成");
    await form.getByLabel("内容").fill("半小时学会中国知网高级检索。");
    await form.getByLabel("地点").fill("图书馆 105");
    await form.getByLabel("开始时间").fill(campusInput(30));
    await form.getByLabel("结束时间").fill(campusInput(90));
    await form.getByRole("button", { name: "发布" }).click();
    await page.waitForURL(/\/console\/library\/trainings\/\d+$/);
    const trainId = Number(new URL(page.url()).pathname.split("/").pop());

    // A reader signs up in the mini-program while WeChat refuses every message (the user withdrew consent).
    const openid = `o-browser-retry-${Date.now()}`;
    const { code } = await wechatSim("/code", { openid });
    const login: any = await (await fetch(`${baseUrl}/library/user/login/?code=${code}&nickName=reader`)).json();
    expect(login.status).toBe(0);
    await wechatSim("/faults", { path: SEND, errcode: 43101, count: 1000 });
    const signup: any = await (
      await fetch(`${baseUrl}/library/training/add_training_reminder/?session=${login.session}&trainId=${trainId}`)
    ).json();
    expect(signup.status).toBe(0);
    await cron();

    const row = page.getByRole("row").filter({ hasText: openid });
    await expect
      .poll(
        async () => {
          await page.goto(`${baseUrl}/console/reminders?state=rejected`);
          return row.count();
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toBe(1);
    expect(await row.textContent()).toContain("43101");
    await wechatSim("/faults", { path: SEND, errcode: 43101, count: 0 });
    await screenshot(page, "console-reminders-rejected");

    await row.getByRole("button", { name: "重试" }).click();
    await page.waitForURL(`${baseUrl}/console/reminders?state=rejected`);
    await expect.poll(() => page.getByRole("status").textContent()).toContain("将在下一次定时任务时重新发送");
    expect(await row.count()).toBe(0);

    await cron();
    await expect
      .poll(async () => (await wechatSim(`/messages?touser=${encodeURIComponent(openid)}`)).messages.length, {
        timeout: 60_000,
        interval: 2_000,
      })
      .toBe(1);
    await page.goto(`${baseUrl}/console/reminders?state=sent`);
    expect(await row.textContent()).toContain("已发送");
    await screenshot(page, "console-reminders-sent");
    expectOnlyLocalRequests(opened);
    await opened.context.close();
  });
});
