/**
 * Targets, applied to figures already divided: issue 6's against the baseline,
 * and a case's `refTarget` ({ rps, cpu }) against the one-D1-query reference
 * of its own alternation.
 */
export const TARGETS = {
  read: { label: ">= 60% base rps", judge: (r) => r.ratio.rps >= 0.6 },
  cycle: { label: "p99 <= 5x base", judge: (r) => r.ratio.p99 <= 5 },
};
const refTarget = (t) => ({
  label: `>= ${t.rps.toFixed(2)} ref rps, cpu <= ${t.cpu.toFixed(1)}x ref`,
  judge: (r) => r.ratio.rpsRef >= t.rps && r.ratio.cpuRef !== null && r.ratio.cpuRef <= t.cpu,
});
export const targetsOf = (row) => [TARGETS[row.target], row.refTarget && refTarget(row.refTarget)].filter(Boolean);
export const BUNDLE_LIMIT_KIB = 350;
/** More wrong replies than this share makes a figure meaningless. */
const WRONG_SHARE = 0.01;

const div = (a, b) => (typeof a === "number" && typeof b === "number" && b > 0 ? a / b : null);

/**
 * Adds the ratios (to the reference rounds of the case's own alternation, and
 * through the reference's ratio to the baseline, to the baseline) and the
 * verdict of the case's targets. `baseToRef` is the baseline divided by the
 * reference, from their alternation.
 */
export function judge(row, baseToRef) {
  const r = row.result;
  const t = row.toReference;
  row.ratio = {
    rpsRef: t.rps,
    cpuRef: t.cpu,
    p50Ref: t.p50,
    p99Ref: t.p99,
    rps: div(t.rps, baseToRef.rps),
    p50: div(t.p50, baseToRef.p50),
    p99: div(t.p99, baseToRef.p99),
    cpu: div(t.cpu, baseToRef.cpu),
    // The name older result files and compare.mjs use for rpsRef.
    rpsD1: t.rps,
  };
  const failures = r.bad + r.errors + r.timeouts;
  const wrong = r.requests > 0 ? failures / r.requests : 1;
  const targets = targetsOf(row);
  if (wrong > WRONG_SHARE) {
    row.verdict = "INVALID";
    row.note = `${failures} of ${r.requests} replies wrong${r.badSamples?.length ? `, e.g. ${r.badSamples[0]}` : ""}`;
  } else if (!targets.length) row.verdict = "-";
  else {
    row.verdicts = targets.map((target) => (target.judge(row) ? "PASS" : "MISS"));
    row.verdict = row.verdicts.includes("MISS") ? "MISS" : "PASS";
  }
  return row;
}

const fmt = (n, digits = 1) => (n === null || n === undefined || Number.isNaN(n) ? "-" : n.toFixed(digits));

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const cpu = (r) => (r?.cpuMsPerRequest == null ? "" : fmt(r.cpuMsPerRequest, 2));
const d1 = (c) => (c ? `${c.trips}/${c.statements}/${c.rowsRead}/${c.rowsWritten}${c.missing.length ? " (?)" : ""}` : "");
/** A ratio with the middle half of its per-round ratios: "0.62 (0.60-0.65)". */
const withSpread = (value, spread) =>
  value == null ? "-" : spread ? `${fmt(value, 2)} (${fmt(spread[0], 2)}-${fmt(spread[1], 2)})` : fmt(value, 2);
const pct = (x) => (x == null ? "" : `${(x * 100).toFixed(0)}%`);

/** The table a newcomer reads: absolute figures for context, ratios to the reference and the baseline, targets. */
export function renderReport(results) {
  const out = [];
  const s = results.settings;
  const base = results.baseline;
  out.push(
    `runtime: ${results.runtime}; load: autocannon, ${s.connections} connections, from a separate process; ` +
      `each case: ${s.warmup} s warm-up, then ${s.rounds} x (${s.round} s reference, ${s.round} s case)`,
  );
  const measuredRows = results.cases.filter((c) => !c.skipped);
  const verdictOf = (c) =>
    c.verdict === "INVALID" || !c.verdicts || c.verdicts.length < 2 ? c.verdict + (c.note ? ` (${c.note})` : "") : c.verdicts.join(", ");
  const loadRows = [
    [
      "baseline",
      fmt(base.rps, 0),
      fmt(base.p50, 2),
      fmt(base.p99, 2),
      cpu(base),
      withSpread(base.toReference.rps, base.spread.rps),
      withSpread(base.toReference.cpu, base.spread.cpu),
      pct(base.rpsSpread),
      fmt(base.otherCores, 2),
      pct(base.workerdWait) + (base.redone ? ` (${base.redone} redone)` : ""),
      "1.00",
      "1.00",
      "",
      "",
      "",
      "",
    ],
    ...measuredRows.map((c) => [
      c.name,
      fmt(c.result.rps, 0),
      fmt(c.result.p50, 2),
      fmt(c.result.p99, 2),
      cpu(c.result),
      withSpread(c.ratio.rpsRef, c.spread?.rps),
      withSpread(c.ratio.cpuRef, c.spread?.cpu),
      pct(c.result.rpsSpread),
      fmt(c.result.otherCores, 2),
      pct(c.result.workerdWait) + (c.result.redone ? ` (${c.result.redone} redone)` : ""),
      fmt(c.ratio.rps, 2),
      fmt(c.ratio.p99, 2),
      c.logLinesPerRequest == null ? "" : fmt(c.logLinesPerRequest, 1),
      d1(c.cost),
      targetsOf(c)
        .map((t) => t.label)
        .join("; "),
      verdictOf(c),
    ]),
  ];
  out.push(
    table(
      [
        "case",
        "req/s",
        "p50 ms",
        "p99 ms",
        "cpu ms/req",
        "rps/ref (rounds)",
        "cpu/ref (rounds)",
        "rps spread",
        "other cores",
        "cpu wait",
        "rps/base",
        "p99/base",
        "logs/req",
        "D1 trips/stmts/read/written",
        "target",
        "result",
      ],
      loadRows,
    ),
  );
  out.push(
    "Absolute figures are medians of the case's rounds. rps/ref, cpu/ref: the case's medians divided by the medians of the reference rounds " +
      "alternated with it; in brackets the middle half (25th-75th percentile) of the ratios of one round to the reference round just before it. " +
      "rps spread: (max - min) / median of the case's req/s over its rounds (the reference row: over every reference round of the run). " +
      "other cores: cores kept busy by processes other than workerd, the load generator and the bench; cpu wait: share of the round " +
      "workerd was runnable but had no CPU (medians over the rounds; high values mean other load disturbed the figures; " +
      'a pair with a round of no replies or of more than 35% waiting is done again, at most rounds / 2 times: "(n redone)"). ' +
      "cpu ms/req: CPU time of the workerd process (all workers, D1's SQLite and the Durable Objects run in it) over a round, per request. " +
      "rps/base, p99/base: ratio to the reference times the reference's ratio to the baseline (their own alternation). " +
      "logs/req: the worker's log lines per request of the case. " +
      "D1: per request, from docs/cost.md (a cycle: the mean over its requests).",
  );
  for (const c of results.cases.filter((c) => c.skipped)) out.push(`SKIP ${c.name}: ${c.skipped}`);
  const refRounds = results.cases[0]?.result?.rounds ?? [];
  if (refRounds.length)
    out.push(
      `reference drift: ${fmt(refRounds[0].rps, 0)} req/s in its first round, ${fmt(refRounds.at(-1).rps, 0)} in its last; ` +
        `lowest ${fmt(Math.min(...refRounds.map((r) => r.rps)), 0)}, highest ${fmt(Math.max(...refRounds.map((r) => r.rps)), 0)} over ${refRounds.length} rounds`,
    );
  for (const m of results.measured) {
    out.push("");
    out.push(m.skipped ? `SKIP ${m.name}: ${m.skipped}` : m.name);
    if (m.rows?.length) out.push(table(m.headers, m.rows));
    if (m.verdict) out.push(`target: ${m.target} -> ${m.verdict}${m.note ? ` (${m.note})` : ""}`);
  }
  if (results.soak) {
    out.push("");
    if (results.soak.skipped) out.push(`SKIP soak: ${results.soak.skipped}`);
    else {
      out.push(`soak: ${results.soak.seconds} s of mixed load, ${results.soak.requests} requests; workerd RSS:`);
      out.push(
        table(
          ["when", "RSS MiB"],
          results.soak.samples.map((s) => [s.at, fmt(s.rssMiB, 0)]),
        ),
      );
    }
  }
  const b = results.bundle;
  out.push("");
  out.push(
    `bundle: ${fmt(b.rawBytes / 1024)} KiB raw, ${fmt(b.gzipBytes / 1024)} KiB gzipped` +
      `${b.wrangler ? ` (wrangler reports ${b.wrangler.rawKiB} / ${b.wrangler.gzipKiB} KiB)` : ""}` +
      ` against ${BUNDLE_LIMIT_KIB} KiB gzipped -> ${b.verdict}`,
  );
  return out.join("\n");
}
