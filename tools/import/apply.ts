import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../../src/env";
import type { ImportPlan } from "./plan";

/**
 * Statements per batch. A batch is one D1 request and one transaction; a unit (one original row)
 * is never split between two, so a batch may exceed this by one unit's statements.
 */
export const BATCH_STATEMENTS = 60;

/** The plan's units packed into batches, in order: the same plan always packs the same way (resuming relies on it). */
export function batchesOf(plan: ImportPlan, db: Db): BatchItem<"sqlite">[][] {
  const batches: BatchItem<"sqlite">[][] = [];
  let current: BatchItem<"sqlite">[] = [];
  for (const unit of plan.units) {
    const statements = unit.statements(db);
    if (current.length > 0 && current.length + statements.length > BATCH_STATEMENTS) {
      batches.push(current);
      current = [];
    }
    current.push(...statements);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Writes the plan from batch `from` on, calling `done(n)` after each batch: what was written stays
 * written if the run stops, and a rerun (from the last batch done, or from the start) writes nothing twice.
 */
export async function applyPlan(
  db: Db,
  plan: ImportPlan,
  opts: { from?: number; done?: (n: number, total: number) => void | Promise<void> } = {},
) {
  const batches = batchesOf(plan, db);
  for (let i = opts.from ?? 0; i < batches.length; i++) {
    const [first, ...rest] = batches[i];
    await db.batch([first, ...rest]);
    await opts.done?.(i + 1, batches.length);
  }
  return batches.length;
}
