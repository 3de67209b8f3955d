/** Targets from issue 6, applied to figures already divided by the baseline. */
export const TARGETS = {
  read: { label: ">= 60% base rps", judge: (r) => r.ratio.rps >= 0.6 },
  cycle: { label: "p99 <= 5x base", judge: (r) => r.ratio.p99 <= 5 },
};
export const BUNDLE_LIMIT_KIB = 350;
/** More wrong replies than this share makes a figure meaningless. */
const WRONG_SHARE = 0.01;

const ratio = (a, b) => (b > 0 ? a / b : null);

/**
 * Adds ratios to the baseline, the throughput relative to the one-D1-query
 * reference (the most a route that reads D1 can do in this runtime), and the
 * verdict of the case's target.
 */
export function judge(row, base, reference) {
  const r = row.result;
  row.ratio = {
    rps: ratio(r.rps, base.rps),
    p50: ratio(r.p50, base.p50),
    p99: ratio(r.p99, base.p99),
    rpsD1: ratio(r.rps, reference?.rps),
  };
  const failures = r.bad + r.errors + r.timeouts;
  const wrong = r.requests > 0 ? failures / r.requests : 1;
  const target = TARGETS[row.target];
  if (wrong > WRONG_SHARE) {
    row.verdict = "INVALID";
    row.note = `${failures} of ${r.requests} replies wrong${r.badSamples?.length ? `, e.g. ${r.badSamples[0]}` : ""}`;
  } else if (!target) row.verdict = "-";
  else row.verdict = target.judge(row) ? "PASS" : "MISS";
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

/** The table a newcomer reads: absolute figures for context, ratios to the baseline, targets. */
export function renderReport(results) {
  const out = [];
  const base = results.baseline;
  out.push(
    `runtime: ${results.runtime}; load: autocannon, ${results.settings.connections} connections, ${results.settings.duration} s a case, from a separate process`,
  );
  const measuredRows = results.cases.filter((c) => !c.skipped);
  const loadRows = [
    ["baseline", fmt(base.rps, 0), fmt(base.p50, 2), fmt(base.p99, 2), "1.00", "1.00", "1.00", "", cpu(base), "", "", ""],
    ...measuredRows.map((c) => [
      c.name,
      fmt(c.result.rps, 0),
      fmt(c.result.p50, 2),
      fmt(c.result.p99, 2),
      fmt(c.ratio.rps, 2),
      fmt(c.ratio.p50, 2),
      fmt(c.ratio.p99, 2),
      fmt(c.ratio.rpsD1, 2),
      cpu(c.result),
      d1(c.cost),
      TARGETS[c.target]?.label ?? "",
      c.verdict + (c.note ? ` (${c.note})` : ""),
    ]),
  ];
  out.push(
    table(
      [
        "case",
        "req/s",
        "p50 ms",
        "p99 ms",
        "rps/base",
        "p50/base",
        "p99/base",
        "rps/D1ref",
        "cpu ms/req",
        "D1 trips/stmts/read/written",
        "target",
        "result",
      ],
      loadRows,
    ),
  );
  out.push(
    "cpu ms/req: CPU time of the workerd process (all workers, D1's SQLite and the Durable Objects run in it) over the case, per request. " +
      "D1: per request, from docs/cost.md (a cycle: the mean over its requests).",
  );
  for (const c of results.cases.filter((c) => c.skipped)) out.push(`SKIP ${c.name}: ${c.skipped}`);
  out.push(
    `drift: baseline ${fmt(results.baselineRuns[0].rps, 0)} req/s before the cases, ${fmt(results.baselineRuns.at(-1).rps, 0)} after; ` +
      `D1 reference ${fmt(results.referenceRuns[0].rps, 0)} before, ${fmt(results.referenceRuns.at(-1).rps, 0)} after (each row uses the mean)`,
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
