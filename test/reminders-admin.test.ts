import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ADMIN, getJson, injectFault, postJson, sentMessages } from "./helpers";
import { captureQueue, deliver, deliverDeadLetters, openidFor, remind, reminderRow, scan } from "./reminders-helpers";

const SEND = "/cgi-bin/message/subscribe/send";

/** A reminder WeChat keeps failing until the consumer gives up on its seventh attempt. */
async function failedReminder(name: string) {
  const openid = openidFor(name);
  const id = await remind(openid);
  await scan();
  await injectFault(SEND, -1, 7);
  for (let attempt = 1; attempt <= 6; attempt++) {
    const r = await deliver([id], attempt);
    expect(r.retried.map((m) => m.id)).toEqual([id]);
    expect((await reminderRow(id)).state).toBe("queued");
  }
  // The last attempt: the reminder is failed and the message is handed on to the dead-letter queue.
  const last = await deliver([id], 7);
  expect(last.retried.map((m) => m.id)).toEqual([id]);
  return { id, openid };
}

describe("dead-letter path", () => {
  it("fails the reminder after the last attempt and the dead-letter consumer leaves it failed", async () => {
    const { id, openid } = await failedReminder("dlq");
    expect(await reminderRow(id)).toMatchObject({ state: "failed", attempts: 7, last_error: "gave up after 7 attempts: -1: system error" });
    expect(await deliverDeadLetters([id])).toEqual({ acked: [id], retried: [] });
    expect((await reminderRow(id)).state).toBe("failed");
    expect(await sentMessages(openid)).toHaveLength(0);
  });

  it("fails a dead-lettered reminder that is still queued with its attempts used up", async () => {
    const openid = openidFor("dlq-queued");
    const id = await remind(openid);
    await scan();
    await env.DB.prepare("UPDATE reminders SET attempts = 7, last_error = '45011: api minute-quota reach limit' WHERE id = ?")
      .bind(id)
      .run();
    expect((await deliverDeadLetters([id])).acked).toEqual([id]);
    expect(await reminderRow(id)).toMatchObject({
      state: "failed",
      last_error: "dead-lettered after 7 attempts: 45011: api minute-quota reach limit",
    });
  });

  it("hands a dead-lettered reminder with attempts left back to the cron, which sends it", async () => {
    const openid = openidFor("dlq-early");
    const id = await remind(openid);
    await scan();
    // Redeliveries that never reached WeChat (crashed consumers) used up the message's retries.
    expect((await deliverDeadLetters([id])).acked).toEqual([id]);
    expect((await reminderRow(id)).state).toBe("queued");
    const q = captureQueue();
    await scan(q);
    expect(q.ids()).toContain(id);
    await deliver([id]);
    expect(await sentMessages(openid)).toHaveLength(1);
  });
});

describe("/admin/reminders", () => {
  it("needs the operator token", async () => {
    const { status, body } = await getJson("/admin/reminders");
    expect(status).toBe(401);
    expect(body.error).toBe("unauthenticated");
  });

  it("lists reminders by state, paged", async () => {
    const openid = openidFor("list");
    const ids = [await remind(openid, { surface: "library", appid: "wx-library-demo" }, 3_600_000)];
    ids.push(await remind(openid, { surface: "library", appid: "wx-library-demo" }, 7_200_000));
    ids.push(await remind(openid, { surface: "library", appid: "wx-library-demo" }, 10_800_000));
    const first = await getJson("/admin/reminders?state=pending&surface=library&limit=2", ADMIN);
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(3);
    expect(first.body.reminders.map((r: any) => r.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.reminders[0]).toMatchObject({
      surface: "library",
      openid,
      state: "pending",
      template_id: "tmpl-due-soon",
      data: { thing1: { value: "篮球A" } },
      send_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
    });
    const second = await getJson("/admin/reminders?state=pending&surface=library&limit=2&offset=2", ADMIN);
    expect(second.body.reminders.map((r: any) => r.id)).toEqual([ids[0]]);
  });

  it("answers an unknown state with a 400, not a 500", async () => {
    const { status, body } = await getJson("/admin/reminders?state=lost", ADMIN);
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: "invalid_param", field: "state" });
  });

  it("retries a failed reminder, which is then sent once", async () => {
    const { id, openid } = await failedReminder("operator-retry");
    const { status, body } = await postJson("/admin/reminders/retry", { id }, ADMIN);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id, state: "pending", attempts: 0 });
    const q = captureQueue();
    await scan(q);
    expect(q.ids()).toContain(id);
    // A late copy of the old dead letter must not fail the retried reminder.
    await deliverDeadLetters([id]);
    expect((await reminderRow(id)).state).toBe("queued");
    await deliver([id]);
    await deliver([id], 2);
    expect(await sentMessages(openid)).toHaveLength(1);
    expect((await reminderRow(id)).state).toBe("sent");
  });

  it("retries a rejected reminder", async () => {
    const openid = openidFor("retry-rejected");
    const id = await remind(openid);
    await scan();
    await injectFault(SEND, 43101, 1);
    await deliver([id]);
    expect((await reminderRow(id)).state).toBe("rejected");
    expect((await postJson("/admin/reminders/retry", { id }, ADMIN)).body.state).toBe("pending");
  });

  it("refuses to retry a reminder that is not failed or rejected, and an unknown one", async () => {
    const id = await remind(openidFor("retry-pending"), {}, 3_600_000);
    const conflict = await postJson("/admin/reminders/retry", { id }, ADMIN);
    expect(conflict.status).toBe(409);
    expect(conflict.body.message).toMatch(/this one is pending/);
    const missing = await postJson("/admin/reminders/retry", { id: 99999999 }, ADMIN);
    expect(missing.status).toBe(404);
    const invalid = await postJson("/admin/reminders/retry", { id: "abc" }, ADMIN);
    expect(invalid.status).toBe(400);
  });

  it("cancels a pending reminder so the cron never enqueues it", async () => {
    const openid = openidFor("cancel");
    const id = await remind(openid);
    const { status, body } = await postJson("/admin/reminders/cancel", { id }, ADMIN);
    expect(status).toBe(200);
    expect(body.state).toBe("cancelled");
    const q = captureQueue();
    await scan(q);
    expect(q.ids()).not.toContain(id);
    expect(await sentMessages(openid)).toHaveLength(0);
  });

  it("refuses to cancel a reminder already sent", async () => {
    const openid = openidFor("cancel-sent");
    const id = await remind(openid);
    await scan();
    await deliver([id]);
    const { status } = await postJson("/admin/reminders/cancel", { id }, ADMIN);
    expect(status).toBe(409);
    expect(await sentMessages(openid)).toHaveLength(1);
  });

  it("documents the operators' routes in /openapi.json", async () => {
    const { body } = await getJson("/openapi.json");
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(["/admin/reminders", "/admin/reminders/retry", "/admin/reminders/cancel"]),
    );
  });
});
