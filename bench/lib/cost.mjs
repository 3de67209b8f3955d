// Each case's D1 counts, read from docs/cost.md (written by `npm run cost` from test/cost.test.ts).
import { readFile } from "node:fs/promises";
import path from "node:path";

const DOC = path.join(import.meta.dirname, "..", "..", "docs", "cost.md");
let table = null;

async function rows() {
  if (table) return table;
  table = new Map();
  let text = "";
  try {
    text = await readFile(DOC, "utf8");
  } catch {
    return table;
  }
  for (const line of text.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const route = /^`(.+)`$/.exec(cells[1] ?? "")?.[1];
    if (!route) continue;
    const [trips, statements, rowsRead, rowsWritten] = cells.slice(4, 8).map(Number);
    table.set(route, { trips, statements, rowsRead, rowsWritten });
  }
  return table;
}

/** The D1 counts per request of a case: the mean over the routes it names in `cost` (one request of each), or null. */
export async function costOf(routes) {
  if (!routes?.length) return null;
  const known = await rows();
  const sum = { trips: 0, statements: 0, rowsRead: 0, rowsWritten: 0, missing: [] };
  for (const route of routes) {
    const row = known.get(route);
    if (!row) {
      sum.missing.push(route);
      continue;
    }
    for (const k of ["trips", "statements", "rowsRead", "rowsWritten"]) sum[k] += row[k];
  }
  const n = routes.length - sum.missing.length;
  if (n > 1) for (const k of ["trips", "statements", "rowsRead", "rowsWritten"]) sum[k] = Math.round((sum[k] / n) * 10) / 10;
  return sum;
}
