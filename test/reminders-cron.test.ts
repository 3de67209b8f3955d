import { createScheduledController, env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import worker from "../src/index";
import { sentMessages } from "./helpers";
import { captureQueue, deliver, openidFor, remind, reminderRow, scan } from "./reminders-helpers";

/** Inserts `n` due reminders for `openid` in one statement (as many as a benchmark needs). */
async function bulkDue(openid: string, n: number, sendAt = Date.now() - 1000) {
  await env.DB.prepare(
    `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?1)
     INSERT INTO reminders (surface, appid, openid, template_id, page, data, send_at, created_at, updated_at)
     SELECT 'sports', 'wx-sports-demo', ?2, 'tmpl-overdue', NULL, '{"thing1":{"value":"还球提醒"}}', ?3, ?3, ?3 FROM seq`,
  )
    .bind(n, openid, sendAt)
    .run();
}

async function stateCounts(openid: string) {
  const { results } = await env.DB.prepare("SELECT state, COUNT(*) AS n FROM reminders WHERE openid = ? GROUP BY state")
    .bind(openid)
    .all<{ state: string; n: number }>();
  return Object.fromEntries(results.map((r) => [r.state, r.n]));
}

describe("reminder cron", () => {
  it("overlapping runs claim every due reminder exactly once", async () => {
    const openid = openidFor("overlap");
    await bulkDue(openid, 250);
    const a = captureQueue();
    const b = captureQueue();
    const [ra, rb] = await Promise.all([scan(a), scan(b)]);
    const all = [...a.ids(), ...b.ids()];
    expect(ra.claimed + rb.claimed).toBe(250);
    expect(new Set(all).size).toBe(250);
    expect(all).toHaveLength(250);
    expect(await stateCounts(openid)).toEqual({ queued: 250 });

    // Deliver both runs' messages, then all of them again as a redelivery: still one message per reminder.
    await deliver(all);
    await deliver(all, 2);
    expect(await sentMessages(openid)).toHaveLength(250);
    expect(await stateCounts(openid)).toEqual({ sent: 250 });
  }, 30_000);

  it("overlapping scheduled runs through the real queue send each reminder once", async () => {
    const openid = openidFor("overlap-real");
    await bulkDue(openid, 30);
    const run = () => worker.scheduled(createScheduledController({ cron: "* * * * *" }), env);
    await Promise.all([run(), run(), run()]);
    await vi.waitFor(async () => expect(await stateCounts(openid)).toEqual({ sent: 30 }), { timeout: 20_000, interval: 250 });
    expect(await sentMessages(openid)).toHaveLength(30);
  }, 30_000);

  it("bounds the statements and batches of one run and continues in the next", async () => {
    const openid = openidFor("budget");
    await bulkDue(openid, 1050);
    const q = captureQueue();
    const reports = [];
    for (let run = 0; run < 10; run++) {
      const r = await scan(q, { maxChunks: 4 });
      reports.push(r);
      if (!r.more) break;
    }
    // 4 claim/send rounds per run plus one sweep statement: 5 statements and 4 sendBatch calls at most.
    for (const r of reports) {
      expect(r.statements).toBeLessThanOrEqual(5);
      expect(r.batches).toBeLessThanOrEqual(4);
    }
    expect(reports.map((r) => r.claimed)).toEqual([400, 400, 250]);
    expect(reports.map((r) => r.more)).toEqual([true, true, false]);
    expect(new Set(q.ids()).size).toBe(1050);
    expect(q.messages).toHaveLength(1050);
    expect(await stateCounts(openid)).toEqual({ queued: 1050 });
  }, 30_000);

  it("never puts more than 100 messages in one sendBatch", async () => {
    const openid = openidFor("chunk");
    await bulkDue(openid, 230);
    const sizes: number[] = [];
    const report = await scan({ sendBatch: async (batch) => void sizes.push([...batch].length) }, { chunkSize: 500 });
    expect(report.enqueued).toBe(230);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
  });

  it("claims a reminder due within the next five minutes and delays its message until then", async () => {
    const openid = openidFor("lookahead");
    const soon = await remind(openid, {}, 4 * 60_000);
    const later = await remind(openid, {}, 6 * 60_000);
    const q = captureQueue();
    await scan(q);
    expect(q.ids()).toEqual([soon]);
    expect(q.messages[0].delaySeconds).toBeGreaterThanOrEqual(239);
    expect(q.messages[0].delaySeconds).toBeLessThanOrEqual(240);
    expect((await reminderRow(later)).state).toBe("pending");
  });

  it("hands messages to the queue no faster than its rate", async () => {
    const openid = openidFor("pace");
    await bulkDue(openid, 300);
    const q = captureQueue();
    const report = await scan(q, { maxPerSecond: 1000 });
    expect(report.enqueued).toBe(300);
    // The third batch of 100 may go out only 200 ms after the first.
    expect(report.ms).toBeGreaterThanOrEqual(195);
  });

  it("hands the rows back when the queue refuses a batch", async () => {
    const openid = openidFor("queue-down");
    const id = await remind(openid);
    const report = await scan({
      sendBatch: async () => {
        throw new Error("Too Many Requests");
      },
    });
    expect(report.error).toMatch(/Too Many Requests/);
    expect(report.enqueued).toBe(0);
    expect((await reminderRow(id)).state).toBe("pending");
    const q = captureQueue();
    await scan(q);
    expect(q.ids()).toContain(id);
  });

  it("enqueues again a queued reminder whose message was lost", async () => {
    const openid = openidFor("lost");
    const id = await remind(openid);
    await scan(); // The message of this run never arrives.
    const early = captureQueue();
    await scan(early);
    expect(early.ids()).not.toContain(id);
    // Once its lease has run out (other tests' queued rows in this file come along too).
    const late = captureQueue();
    const report = await scan(late, { now: Date.now() + 11 * 60_000 });
    expect(report.requeued).toBeGreaterThanOrEqual(1);
    expect(late.ids().filter((x) => x === id)).toHaveLength(1);
    await deliver([id]);
    await deliver([id], 2); // The lost message turns up after all.
    expect(await sentMessages(openid)).toHaveLength(1);
  });

  it("ends a reminder whose sender vanished mid-call as failed, without sending it again", async () => {
    const openid = openidFor("vanished");
    const id = await remind(openid);
    await scan();
    await env.DB.prepare("UPDATE reminders SET state = 'sending', lease_until = ? WHERE id = ?")
      .bind(Date.now() - 1, id)
      .run();
    const q = captureQueue();
    const report = await scan(q);
    expect(report.abandoned).toBe(1);
    expect(q.ids()).not.toContain(id);
    expect(await reminderRow(id)).toMatchObject({ state: "failed", last_error: expect.stringMatching(/^outcome unknown/) });
    expect(await sentMessages(openid)).toHaveLength(0);
  });
});
