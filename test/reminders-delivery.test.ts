import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import worker from "../src/index";
import { sentMessages } from "./helpers";
import { openidFor, remind, reminderRow } from "./reminders-helpers";

describe("reminder delivery", () => {
  it("cron enqueues a due reminder and the consumer sends it once", async () => {
    const openid = openidFor("happy");
    const id = await remind(openid);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "* * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    await vi.waitFor(async () => expect((await reminderRow(id)).state).toBe("sent"), { timeout: 15_000, interval: 200 });
    const sent = await sentMessages(openid);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ template_id: "tmpl-due-soon", page: "pages/rental/index", data: { thing1: { value: "篮球A" } } });
  }, 20_000);
});
