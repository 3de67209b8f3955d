import { describe, expect, it } from "vitest";
import { operatorBrowser, visibleText } from "./console-helpers";
import { ADMIN, getJson, injectFault, sentMessages } from "./helpers";
import { captureQueue, deliver, openidFor, remind, reminderRow, scan } from "./reminders-helpers";

const SEND = "/cgi-bin/message/subscribe/send";

/** A reminder WeChat kept failing until the consumer gave up on its seventh attempt. */
async function failedReminder(name: string) {
  const openid = openidFor(name);
  const id = await remind(openid);
  await scan();
  await injectFault(SEND, -1, 7);
  for (let attempt = 1; attempt <= 7; attempt++) await deliver([id], attempt);
  expect(await reminderRow(id)).toMatchObject({ state: "failed", attempts: 7 });
  return { id, openid };
}

/** The number the console shows for a state (its link's label, e.g. "失败 2 条"). */
const shown = (html: string, name: string) => Number(new RegExp(`aria-label="${name} (\\d+) 条"`).exec(html)?.[1]);
const total = async (state: string) => (await getJson(`/admin/reminders?state=${state}`, ADMIN)).body.total as number;

describe("reminders console", () => {
  it("shows the counts by state and the failed ones with their reason and attempts", async () => {
    const browser = await operatorBrowser("rem.counts", ["reminders"]);
    const { id } = await failedReminder("console-counts");
    await remind(openidFor("console-counts-later"), {}, 3_600_000);
    const page = await browser.get("/console/reminders");
    expect(page.status).toBe(200);
    expect(shown(page.html, "失败")).toBe(await total("failed"));
    expect(shown(page.html, "待发送")).toBe(await total("pending"));
    expect(shown(page.html, "已发送")).toBe(await total("sent"));
    const text = visibleText(page.html);
    expect(text).toContain("失败的提醒");
    expect(text).toContain(`${id} 体育器材 失败`);
    expect(text).toContain("gave up after 7 attempts: -1: system error");
    expect(page.html).toContain(`aria-label="重试提醒 ${id}"`);
  });

  it("retries a failed reminder, which the next cron run sends", async () => {
    const browser = await operatorBrowser("rem.retry", ["reminders"]);
    const { id, openid } = await failedReminder("console-retry");
    await browser.get("/console/reminders");
    const res = await browser.post(`/console/reminders/${id}/retry`, { state: "failed", surface: "", page: "1" });
    expect(res).toMatchObject({ status: 303, location: "/console/reminders?state=failed" });
    expect(visibleText((await browser.get(res.location!)).html)).toContain(`提醒 ${id} 将在下一次定时任务时重新发送`);
    expect((await getJson(`/admin/reminders?state=pending`, ADMIN)).body.reminders.find((r: any) => r.id === id)).toMatchObject({
      state: "pending",
      attempts: 0,
    });
    const queue = captureQueue();
    await scan(queue);
    expect(queue.ids()).toContain(id);
    expect((await reminderRow(id)).state).toBe("queued");
    await deliver([id]);
    expect((await reminderRow(id)).state).toBe("sent");
    expect(await sentMessages(openid)).toHaveLength(1);

    // Sent now: a second retry is refused and changes nothing.
    await browser.get("/console/reminders?state=sent");
    const again = await browser.post(`/console/reminders/${id}/retry`, { state: "sent" });
    expect(again).toMatchObject({ status: 303, location: "/console/reminders?state=sent" });
    expect(visibleText((await browser.get("/console/reminders?state=sent")).html)).toContain("只有失败或被拒绝的提醒可以重试");
    expect((await reminderRow(id)).state).toBe("sent");
  });

  it("retries a reminder WeChat rejected", async () => {
    const browser = await operatorBrowser("rem.rejected", ["reminders"]);
    const id = await remind(openidFor("console-rejected"));
    await scan();
    await injectFault(SEND, 43101, 1);
    await deliver([id]);
    expect((await reminderRow(id)).state).toBe("rejected");
    const page = await browser.get("/console/reminders?state=rejected");
    expect(visibleText(page.html)).toContain("43101");
    await browser.post(`/console/reminders/${id}/retry`, { state: "rejected" });
    expect((await reminderRow(id)).state).toBe("pending");
  });

  it("cancels a pending reminder, and refuses to cancel a failed one", async () => {
    const browser = await operatorBrowser("rem.cancel", ["reminders"]);
    const id = await remind(openidFor("console-cancel"), {}, 3_600_000);
    const page = await browser.get("/console/reminders?state=pending");
    expect(page.html).toContain(`aria-label="取消提醒 ${id}"`);
    expect(page.html).toContain("data-confirm=");
    const res = await browser.post(`/console/reminders/${id}/cancel`, { state: "pending" });
    expect(res.location).toBe("/console/reminders?state=pending");
    expect(visibleText((await browser.get(res.location!)).html)).toContain(`提醒 ${id} 已取消`);
    expect((await getJson(`/admin/reminders?state=cancelled`, ADMIN)).body.reminders.map((r: any) => r.id)).toContain(id);

    const failed = await failedReminder("console-cancel-failed");
    await browser.get("/console/reminders");
    await browser.post(`/console/reminders/${failed.id}/cancel`, {});
    expect(visibleText((await browser.get("/console/reminders")).html)).toContain("只有待发送或排队中的提醒可以取消");
    expect((await reminderRow(failed.id)).state).toBe("failed");
    await browser.post("/console/reminders/99999999/retry", {});
    expect(visibleText((await browser.get("/console/reminders")).html)).toContain("没有这条提醒");
  });

  it("pages the list", async () => {
    const browser = await operatorBrowser("rem.paging", ["reminders"]);
    for (let i = 0; i < 21; i++)
      await remind(openidFor("console-paging"), { surface: "library", appid: "wx-library-demo" }, 86_400_000 + i);
    const pending = await total("pending");
    const first = visibleText((await browser.get("/console/reminders?state=pending&surface=library")).html);
    expect(first).toMatch(/第 1 \/ 2 页，共 21 条/);
    const second = await browser.get("/console/reminders?state=pending&surface=library&page=2");
    expect(visibleText(second.html)).toMatch(/第 2 \/ 2 页/);
    expect(pending).toBeGreaterThanOrEqual(21);
  });

  it("is closed to an operator without the reminders scope", async () => {
    const browser = await operatorBrowser("rem.outsider", ["library"]);
    expect(visibleText((await browser.get("/console")).html)).not.toContain("订阅消息提醒");
    expect((await browser.get("/console/reminders")).status).toBe(403);
    const { id } = await failedReminder("console-outsider");
    await browser.get("/console");
    expect((await browser.post(`/console/reminders/${id}/retry`, {})).status).toBe(303);
    expect((await reminderRow(id)).state).toBe("failed");
  });
});
