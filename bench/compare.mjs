// node bench/compare.mjs before.json after.json: what changed between two bench runs.
// Ratios to each run's own baseline are compared first: they survive a change of machine or load.
import { readFile } from "node:fs/promises";

const [fileA, fileB] = process.argv.slice(2);
if (!fileA || !fileB) {
  console.error("usage: node bench/compare.mjs <before.json> <after.json>");
  process.exit(2);
}
const [a, b] = await Promise.all([fileA, fileB].map(async (f) => JSON.parse(await readFile(f, "utf8"))));

const fmt = (n, d = 2) => (typeof n === "number" ? n.toFixed(d) : "-");
const change = (x, y) =>
  typeof x === "number" && typeof y === "number" && x !== 0 ? `${y >= x ? "+" : ""}${(((y - x) / x) * 100).toFixed(0)}%` : "";

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

console.log(`before: ${a.when} (${fileA})\nafter:  ${b.when} (${fileB})`);
console.log(`baseline req/s: ${fmt(a.baseline.rps, 0)} -> ${fmt(b.baseline.rps, 0)} ${change(a.baseline.rps, b.baseline.rps)}\n`);

const byName = (run) => new Map(run.cases.map((c) => [c.name, c]));
const [casesA, casesB] = [byName(a), byName(b)];
const names = [...new Set([...casesA.keys(), ...casesB.keys()])];
const rows = names.map((name) => {
  const x = casesA.get(name);
  const y = casesB.get(name);
  const state = (c) => (!c ? "absent" : c.skipped ? "skipped" : c.verdict);
  if (!x?.result || !y?.result) return [name, "", "", "", "", "", "", `${state(x)} -> ${state(y)}`];
  return [
    name,
    `${fmt(x.ratio.rps)} -> ${fmt(y.ratio.rps)}`,
    change(x.ratio.rps, y.ratio.rps),
    `${fmt(x.ratio.p50)} -> ${fmt(y.ratio.p50)}`,
    `${fmt(x.ratio.p99)} -> ${fmt(y.ratio.p99)}`,
    `${fmt(x.result.rps, 0)} -> ${fmt(y.result.rps, 0)}`,
    change(x.result.rps, y.result.rps),
    x.verdict === y.verdict ? y.verdict : `${x.verdict} -> ${y.verdict}`,
  ];
});
console.log(table(["case", "rps/base", "change", "p50/base", "p99/base", "req/s", "change", "result"], rows));

const measured = new Map(b.measured.map((m) => [m.name, m]));
for (const m of a.measured) {
  const n = measured.get(m.name);
  console.log(`\n${m.name}: ${m.skipped ? "skipped" : m.verdict} -> ${!n ? "absent" : n.skipped ? "skipped" : n.verdict}`);
  if (!m.data || !n?.data) continue;
  const after = new Map(n.data.map((r) => [r.due, r]));
  for (const r of m.data) {
    const s = after.get(r.due);
    if (s)
      console.log(
        `  ${r.due} due: ${fmt(r.totalMs, 0)} -> ${fmt(s.totalMs, 0)} ms ${change(r.totalMs, s.totalMs)}, rows read ${r.rowsRead ?? "-"} -> ${s.rowsRead ?? "-"}`,
      );
  }
}

const kib = (n) => (n / 1024).toFixed(1);
console.log(
  `\nbundle gzipped: ${kib(a.bundle.gzipBytes)} -> ${kib(b.bundle.gzipBytes)} KiB ${change(a.bundle.gzipBytes, b.bundle.gzipBytes)}` +
    ` (raw ${kib(a.bundle.rawBytes)} -> ${kib(b.bundle.rawBytes)} KiB)`,
);
