// node bench/compare.mjs run1.json run2.json [run3.json ...]: how bench runs differ.
// Per case, the ratios to the one-D1-query reference of each run (req/s and CPU per
// request, from the run's own A/B alternation) side by side, and how far apart they
// are: the largest over the smallest, minus one. Two runs read as before -> after.
import { readFile } from "node:fs/promises";

const files = process.argv.slice(2);
if (files.length < 2) {
  console.error("usage: node bench/compare.mjs <run1.json> <run2.json> [more runs ...]");
  process.exit(2);
}
const runs = await Promise.all(files.map(async (f) => JSON.parse(await readFile(f, "utf8"))));
const [a, b] = [runs[0], runs.at(-1)];

const fmt = (n, d = 2) => (typeof n === "number" ? n.toFixed(d) : "-");
const change = (x, y) =>
  typeof x === "number" && typeof y === "number" && x !== 0 ? `${y >= x ? "+" : ""}${(((y - x) / x) * 100).toFixed(0)}%` : "";
/** Largest over smallest, minus one: 0.08 means the runs agree within 8%. */
const apart = (xs) => {
  const v = xs.filter((x) => typeof x === "number" && x > 0);
  return v.length === xs.length && v.length > 1 ? Math.max(...v) / Math.min(...v) - 1 : null;
};

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

for (const [i, run] of runs.entries()) console.log(`run ${i + 1}: ${run.when} (${files[i]})`);
console.log("");

const rpsRef = (c) => c?.ratio?.rpsRef ?? c?.ratio?.rpsD1;
const cpuRef = (c) => c?.ratio?.cpuRef;
const state = (c) => (!c ? "absent" : c.skipped ? "skipped" : c.verdict);
const byName = runs.map((run) => new Map(run.cases.map((c) => [c.name, c])));
const names = [...new Set(runs.flatMap((run) => run.cases.map((c) => c.name)))];
const pct = (x) => (x === null ? "-" : `${(x * 100).toFixed(0)}%`);
const rows = names.map((name) => {
  const cs = byName.map((m) => m.get(name));
  const r = cs.map(rpsRef);
  const c = cs.map(cpuRef);
  return [
    name,
    r.map((x) => fmt(x)).join(" "),
    pct(apart(r)),
    c.map((x) => fmt(x)).join(" "),
    pct(apart(c)),
    cs.map((x) => fmt(x?.result?.rps, 0)).join(" "),
    [...new Set(cs.map(state))].join(" -> "),
  ];
});
console.log(table(["case", "rps/ref per run", "apart", "cpu/ref per run", "apart", "req/s per run", "result"], rows));
console.log("apart: the largest ratio over the smallest, minus one.");

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
