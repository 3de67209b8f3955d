import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { expect, it } from "vitest";
import * as schema from "../src/db/schema";
import { scanOptions } from "../src/reminders/config";
import { type ScanReport, scanDue } from "../src/reminders/scan";

it("enqueues 100,000 reminders falling due together, each once, within bounded runs", async () => {
  const due = Date.now() - 1000;
  await env.DB.prepare(
    `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 100000)
     INSERT INTO reminders (surface, appid, openid, template_id, page, data, send_at, created_at, updated_at)
     SELECT 'sports', 'wx-sports-demo', 'o-scale-' || i, 'tmpl-overdue', NULL, '{"thing1":{"value":"还球提醒"}}', ?1, ?1, ?1 FROM seq`,
  )
    .bind(due)
    .run();

  const seen = new Uint8Array(100_001);
  let duplicates = 0;
  let largestBatch = 0;
  const queue = {
    sendBatch: async (batch: Iterable<MessageSendRequest<{ id: number }>>) => {
      const messages = [...batch];
      largestBatch = Math.max(largestBatch, messages.length);
      for (const m of messages) {
        if (seen[m.body.id]) duplicates++;
        seen[m.body.id] = 1;
      }
    },
  };
  const runs: ScanReport[] = [];
  do {
    // One run as the cron makes it, without the queue's rate limit (the stub has none).
    runs.push(await scanDue(drizzle(env.DB, { schema }), queue, scanOptions(env, { maxPerSecond: Number.POSITIVE_INFINITY })));
  } while (runs.at(-1)!.more && runs.length < 10);

  expect(runs.map((r) => r.enqueued)).toEqual([40_000, 40_000, 20_000]);
  expect(duplicates).toBe(0);
  expect(seen.reduce((a, b) => a + b, 0)).toBe(100_000);
  expect(largestBatch).toBe(100);
  for (const r of runs) {
    expect(r.statements).toBeLessThanOrEqual(403);
    expect(r.batches).toBeLessThanOrEqual(400);
  }
  const left = await env.DB.prepare("SELECT COUNT(*) AS n FROM reminders WHERE state = 'pending'").first<{ n: number }>();
  expect(left!.n).toBe(0);
}, 120_000);
