// npm run cost: runs test/cost.test.ts (the cost of one request of every
// route, counted in the Workers runtime) and writes its table into
// docs/cost.md between the markers. `npm run cost -- --check` only compares,
// and exits 1 when docs/cost.md is out of date.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const DOC = path.join(ROOT, "docs", "cost.md");
const START = "<!-- cost-table:start (npm run cost) -->";
const END = "<!-- cost-table:end -->";
const check = process.argv.includes("--check");

const run = spawnSync("npx", ["vitest", "run", "test/cost.test.ts"], {
  cwd: ROOT,
  env: { ...process.env, COST_TABLE: "1", NO_COLOR: "1", FORCE_COLOR: "0" },
  encoding: "utf8",
  maxBuffer: 64 * 1024 * 1024,
});
const ESC = String.fromCharCode(27);
const output = `${run.stdout}\n${run.stderr}`.replaceAll(new RegExp(`${ESC}\\[[0-9;]*m`, "g"), "");
const found = /<<<COST-TABLE\n([\s\S]*?)\nCOST-TABLE>>>/.exec(output);
if (run.status !== 0 || !found) {
  process.stderr.write(output);
  process.stderr.write(`\ntest/cost.test.ts ${run.status !== 0 ? "failed" : "printed no table"}\n`);
  process.exit(1);
}
const doc = readFileSync(DOC, "utf8");
const from = doc.indexOf(START);
const to = doc.indexOf(END);
if (from < 0 || to < from) throw new Error(`docs/cost.md lacks the markers ${START} … ${END}`);
const next = `${doc.slice(0, from + START.length)}\n${found[1]}\n${doc.slice(to)}`;
if (check) {
  if (next !== doc) {
    process.stderr.write("docs/cost.md is out of date: run npm run cost\n");
    process.exit(1);
  }
  process.stdout.write("docs/cost.md is up to date\n");
} else {
  writeFileSync(DOC, next);
  process.stdout.write(`docs/cost.md: ${found[1].split("\n").length - 2} rows\n`);
}
