import { createScheduledController, env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import worker from "../src/index";
import { cancelReminders } from "../src/platform/reminders";
import { sendSubscribeMessage, wechatAppOf } from "../src/platform/wechat/client";
import { consumerOptions } from "../src/reminders/config";
import { deliver as deliverOne } from "../src/reminders/send";
import { injectFault, sentMessages } from "./helpers";
import { db, deliver, openidFor, remind, reminderRow, scan } from "./reminders-helpers";

const SEND = "/cgi-bin/message/subscribe/send";

/** A reminder claimed by the cron and on the queue, as the consumer finds it. */
async function queuedReminder(name: string, over: Parameters<typeof remind>[1] = {}) {
  const openid = openidFor(name);
  const id = await remind(openid, over);
  await scan();
  expect((await reminderRow(id)).state).toBe("queued");
  return { id, openid };
}

describe("reminder delivery", () => {
  it("cron enqueues a due reminder and the queue consumer sends it once", async () => {
    const openid = openidFor("happy");
    const id = await remind(openid);
    await worker.scheduled(createScheduledController({ cron: "* * * * *" }), env);
    await vi.waitFor(async () => expect((await reminderRow(id)).state).toBe("sent"), { timeout: 15_000, interval: 200 });
    const sent = await sentMessages(openid);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ template_id: "tmpl-due-soon", page: "pages/rental/index", data: { thing1: { value: "篮球A" } } });
    const row = await reminderRow(id);
    expect(row).toMatchObject({ attempts: 1, last_error: null, lease_until: null });
    expect(row.sent_at).toBeGreaterThan(0);
  }, 20_000);

  it("leaves a reminder that is not yet due alone", async () => {
    const openid = openidFor("later");
    const id = await remind(openid, {}, 10 * 60_000);
    const report = await scan();
    expect(report.claimed).toBe(0);
    expect((await reminderRow(id)).state).toBe("pending");
  });

  for (const errcode of [43101, 40003, 40037, 47003]) {
    it(`ends the reminder as rejected on ${errcode}, without retrying`, async () => {
      const { id, openid } = await queuedReminder(`rejected-${errcode}`);
      await injectFault(SEND, errcode, 1);
      expect(await deliver([id])).toEqual({ acked: [id], retried: [] });
      const row = await reminderRow(id);
      expect(row.state).toBe("rejected");
      expect(row.last_error).toMatch(new RegExp(`^${errcode}: `));
      // The fault is used up, so a resend would now succeed: a redelivery must not send it.
      expect(await deliver([id], 2)).toEqual({ acked: [id], retried: [] });
      expect(await sentMessages(openid)).toHaveLength(0);
      expect((await reminderRow(id)).state).toBe("rejected");
    });
  }

  for (const [errcode, minDelay] of [
    [-1, 30],
    [45011, 60],
    [45009, 3600],
  ] as const) {
    it(`retries with backoff on ${errcode}, then sends once`, async () => {
      const { id, openid } = await queuedReminder(`retry-${errcode}`);
      await injectFault(SEND, errcode, 1);
      const first = await deliver([id]);
      expect(first.acked).toEqual([]);
      expect(first.retried).toEqual([{ id, delaySeconds: minDelay }]);
      expect(await reminderRow(id)).toMatchObject({
        state: "queued",
        attempts: 1,
        last_error: expect.stringMatching(new RegExp(`^${errcode}: `)),
      });
      expect(await sentMessages(openid)).toHaveLength(0);

      expect(await deliver([id], 2)).toEqual({ acked: [id], retried: [] });
      expect(await reminderRow(id)).toMatchObject({ state: "sent", attempts: 2, last_error: null });
      expect(await sentMessages(openid)).toHaveLength(1);
    });
  }

  it("doubles the delay with each attempt", async () => {
    const { id } = await queuedReminder("backoff");
    await injectFault(SEND, -1, 3);
    const delays: Array<number | undefined> = [];
    for (let attempt = 1; attempt <= 3; attempt++) delays.push((await deliver([id], attempt)).retried[0].delaySeconds);
    expect(delays).toEqual([30, 60, 120]);
  });

  it("retries a network fault", async () => {
    const { id, openid } = await queuedReminder("network");
    // Nothing listens on port 9 of this machine: the send fails before WeChat answers.
    const unreachable = { ...env, WECHAT_API_BASE: "http://127.0.0.1:9" };
    const first = await deliver([id], 1, undefined, unreachable);
    expect(first.retried).toEqual([{ id, delaySeconds: 30 }]);
    expect((await reminderRow(id)).last_error).toMatch(/^network: /);
    expect(await deliver([id], 2)).toEqual({ acked: [id], retried: [] });
    expect(await sentMessages(openid)).toHaveLength(1);
  });

  for (const errcode of [40001, 42001]) {
    it(`refreshes the access token once on ${errcode} and sends in the same attempt`, async () => {
      const { id, openid } = await queuedReminder(`token-${errcode}`);
      await injectFault(SEND, errcode, 1);
      expect(await deliver([id])).toEqual({ acked: [id], retried: [] });
      expect(await reminderRow(id)).toMatchObject({ state: "sent", attempts: 1 });
      expect(await sentMessages(openid)).toHaveLength(1);
    });
  }

  it("refreshes only once: a second token error in the same attempt is retried later", async () => {
    const { id, openid } = await queuedReminder("token-twice");
    await injectFault(SEND, 40001, 2);
    const first = await deliver([id]);
    expect(first.retried).toEqual([{ id, delaySeconds: 30 }]);
    expect((await reminderRow(id)).last_error).toMatch(/^40001: /);
    // Both injected faults were used by that one attempt (the call and its one retry).
    expect(await deliver([id], 2)).toEqual({ acked: [id], retried: [] });
    expect(await sentMessages(openid)).toHaveLength(1);
  });

  it("sends once when the queue redelivers the message", async () => {
    const { id, openid } = await queuedReminder("redelivered");
    expect((await deliver([id])).acked).toEqual([id]);
    expect((await deliver([id], 2)).acked).toEqual([id]);
    expect((await deliver([id], 3)).acked).toEqual([id]);
    expect(await sentMessages(openid)).toHaveLength(1);
    expect((await reminderRow(id)).attempts).toBe(1);
  });

  it("sends once when two copies of the message are delivered at the same time", async () => {
    const { id, openid } = await queuedReminder("concurrent");
    const results = await Promise.all([deliver([id]), deliver([id]), deliver([id, id])]);
    const retried = results.flatMap((r) => r.retried);
    expect(await sentMessages(openid)).toHaveLength(1);
    expect((await reminderRow(id)).state).toBe("sent");
    // A copy that found another consumer mid-send comes back after that consumer's lease, and then finds it sent.
    for (const r of retried) expect(r.delaySeconds).toBeGreaterThan(0);
    expect((await deliver([id], 2)).acked).toEqual([id]);
    expect(await sentMessages(openid)).toHaveLength(1);
  });

  it("waits for a consumer that is still sending instead of sending again", async () => {
    const { id, openid } = await queuedReminder("busy");
    await env.DB.prepare("UPDATE reminders SET state = 'sending', lease_until = ? WHERE id = ?")
      .bind(Date.now() + 90_000, id)
      .run();
    const result = await deliver([id], 2);
    expect(result.acked).toEqual([]);
    expect(result.retried[0].delaySeconds).toBeGreaterThanOrEqual(89);
    expect(await sentMessages(openid)).toHaveLength(0);
  });

  it("does not send twice when the consumer died after WeChat accepted the message", async () => {
    const { id, openid } = await queuedReminder("died");
    // The dead consumer's footprint: it claimed the row, WeChat accepted, and it never recorded the answer.
    await env.DB.prepare("UPDATE reminders SET state = 'sending', attempts = 1, lease_until = ? WHERE id = ?")
      .bind(Date.now() - 1, id)
      .run();
    await sendSubscribeMessage(env, wechatAppOf(env, "SPORTS"), { touser: openid, template_id: "tmpl-due-soon", data: {} });
    expect(await deliver([id], 2)).toEqual({ acked: [id], retried: [] });
    expect(await sentMessages(openid)).toHaveLength(1);
    const row = await reminderRow(id);
    expect(row.state).toBe("failed");
    expect(row.last_error).toMatch(/^outcome unknown/);
  });

  it("records WeChat's answer when a slow sender's row was written off meanwhile", async () => {
    const { id, openid } = await queuedReminder("slow");
    // A lease that has run out as soon as it is taken: a second copy writes the row off while the first is calling WeChat.
    const opts = consumerOptions(env, { sendingLeaseMs: -1 });
    const [slow, second] = await Promise.all([deliverOne(env, { id }, opts), deliverOne(env, { id }, opts)]);
    expect([slow.result, second.result].sort()).toEqual(["abandoned", "sent"]);
    expect(await reminderRow(id)).toMatchObject({ state: "sent", last_error: null });
    expect(await sentMessages(openid)).toHaveLength(1);
  });

  it("skips a reminder cancelled after it was queued", async () => {
    const openid = openidFor("cancelled");
    const id = await remind(openid, { dedupeKey: `rental-1:due-soon:${openid}` });
    await scan();
    expect(await cancelReminders(db, [`rental-1:due-soon:${openid}`])).toBe(1);
    expect(await deliver([id])).toEqual({ acked: [id], retried: [] });
    expect(await sentMessages(openid)).toHaveLength(0);
    expect((await reminderRow(id)).state).toBe("cancelled");
  });

  it("retries while the surface's secret is not configured", async () => {
    const { id, openid } = await queuedReminder("no-secret", { surface: "summer", appid: "wx-summer-demo" });
    // The tests configure SUMMER_APPSECRET for the summer surface; this delivery runs without it.
    const result = await deliver([id], 1, undefined, { ...env, SUMMER_APPSECRET: undefined });
    expect(result.retried).toHaveLength(1);
    expect((await reminderRow(id)).last_error).toBe("SUMMER_APPSECRET is not configured");
    expect(await sentMessages(openid)).toHaveLength(0);
  });

  it("retries a reminder whose appid is not the surface's configured one", async () => {
    const { id } = await queuedReminder("other-appid", { appid: "wx-someone-else" });
    expect((await deliver([id])).retried).toHaveLength(1);
    expect((await reminderRow(id)).last_error).toMatch(/^appid wx-someone-else is not SPORTS_APPID/);
  });

  it("acknowledges a message that names no reminder", async () => {
    expect(await deliver([987654321])).toEqual({ acked: [987654321], retried: [] });
  });
});
