// The reminders pipeline's due scan, driven the way production drives it: the
// worker's cron handler, fired through Miniflare's scheduled trigger, over 1k,
// 10k and 100k due reminders. Measures the time of each cron run until no due
// reminder is left pending, and the D1 rows read when the scan logs them as a
// JSON line (msg "reminder scan") with a numeric `rowsRead` field. Skipped while the worker has no
// cron handler, or while its cron does not pick up due reminders.
const SIZES = (process.env.BENCH_REMINDER_SIZES ?? "1000,10000,100000").split(",").map(Number);
/** Cron runs of the paid plan get 30 s of CPU by default; wall time bounds CPU time from above. */
const TICK_LIMIT_MS = 30_000;
const MAX_TICKS = 200;
const BUDGET_MS = 150_000;

async function seed(db, n, now) {
  await db.prepare("DELETE FROM reminders").run();
  await db
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
       INSERT INTO reminders (surface, appid, openid, template_id, page, data, send_at, state, attempts, created_at, updated_at)
       SELECT 'service', ?2, 'bench-reminder-' || i, 'bench-template', NULL, '{"thing1":{"value":"bench"}}',
              ?3 - (i % 600) * 1000, 'pending', 0, ?3, ?3 FROM n`,
    )
    .bind(n, "wx-bench", now)
    .run();
}

const pendingDue = async (db, now) =>
  (await db.prepare("SELECT count(*) AS n FROM reminders WHERE state = 'pending' AND send_at <= ?1").bind(now).first()).n;

function rowsReadSince(logs, mark) {
  let total = null;
  for (const line of logs.slice(mark)) {
    try {
      const entry = JSON.parse(line);
      if (entry.msg === "reminder scan" && typeof entry.rowsRead === "number") total = (total ?? 0) + entry.rowsRead;
    } catch {
      // not a JSON log line
    }
  }
  return total;
}

async function measure(ctx) {
  const mark = ctx.logs.length;
  const first = await ctx.scheduled();
  if (ctx.logs.slice(mark).some((l) => l.includes("lack a handler for ScheduledEvents"))) {
    return { skipped: "not available yet (the worker exports no scheduled handler)" };
  }
  if (first.outcome !== "ok") return { skipped: `failed: the cron handler ended with "${first.outcome}" on an empty table` };

  const rows = [];
  let worst = null;
  for (const n of SIZES) {
    const now = Date.now();
    await seed(ctx.db, n, now);
    const logMark = ctx.logs.length;
    const started = performance.now();
    let ticks = 0;
    let maxTick = 0;
    let outcomes = new Set();
    let left = n;
    while (left > 0 && ticks < MAX_TICKS && performance.now() - started < BUDGET_MS) {
      const t0 = performance.now();
      outcomes.add((await ctx.scheduled()).outcome);
      maxTick = Math.max(maxTick, performance.now() - t0);
      ticks += 1;
      const before = left;
      left = await pendingDue(ctx.db, now);
      if (left === n && ticks === 1) {
        return { skipped: "not available yet (the cron handler does not pick up due reminders)" };
      }
      if (left === before) break; // no progress: the scan is stuck, report what it did
    }
    outcomes = [...outcomes];
    const row = {
      due: n,
      enqueued: n - left,
      ticks,
      totalMs: performance.now() - started,
      maxTickMs: maxTick,
      rowsRead: rowsReadSince(ctx.logs, logMark),
      outcomes,
    };
    ctx.say(`  ${n} due: ${row.enqueued} enqueued in ${ticks} cron runs, ${row.totalMs.toFixed(0)} ms`);
    rows.push(row);
    worst = row;
  }
  const ok = worst.enqueued === worst.due && worst.maxTickMs <= TICK_LIMIT_MS && worst.outcomes.every((o) => o === "ok");
  return {
    headers: ["due rows", "enqueued", "cron runs", "total ms", "slowest run ms", "D1 rows read", "outcomes"],
    rows: rows.map((r) => [
      r.due,
      r.enqueued,
      r.ticks,
      r.totalMs.toFixed(0),
      r.maxTickMs.toFixed(0),
      r.rowsRead ?? "not logged",
      r.outcomes.join(","),
    ]),
    data: rows,
    target: `${worst.due} due reminders enqueued, each cron run ok and under ${TICK_LIMIT_MS / 1000} s`,
    verdict: ok ? "PASS" : "MISS",
  };
}

export default { name: "reminders due scan (cron)", measure };
