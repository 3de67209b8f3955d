import type { BatchItem } from "drizzle-orm/batch";
import type { Bindings, Db } from "../../src/env";

/** Bad input: the import stops before writing anything and names the file and line. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    message: string,
  ) {
    super(`${file}${line === null ? "" : `:${line}`}: ${message}`);
  }
}

/** A row of the original that is not brought over, and why. */
export interface Reject {
  entity: string;
  legacyId: string;
  reason: string;
  /** Where the row is in the source, when the source has lines. */
  line?: number;
}

/** The statements that bring one original row over, written in one batch together. */
export interface Unit {
  entity: string;
  statements: (db: Db) => BatchItem<"sqlite">[];
  /** False for a unit that records no row in legacy_ids (a counter): the summary does not look for it there. */
  recorded?: boolean;
}

/** An uploaded file of the original, copied into R2 under `key` before the rows that name it. */
export interface PlanFile {
  key: string;
  contentType: string;
  bytes: () => Promise<Uint8Array>;
}

/**
 * What an import would write: one unit per original row, in dependency order
 * (a row's references come before it), the rows left out and why, and what
 * the operator should know (files not found, parts not carried).
 */
export interface ImportPlan {
  source: string;
  units: Unit[];
  rejects: Reject[];
  notes: string[];
  files: PlanFile[];
  /**
   * What can be planned only once this plan is written (rows that must name the Campus Edge ids
   * it assigned), read from the database it was written to.
   */
  next?: (db: Db, env: Bindings) => Promise<ImportPlan>;
}

export class PlanBuilder {
  readonly units: Unit[] = [];
  readonly rejects: Reject[] = [];
  readonly notes: string[] = [];
  readonly files: PlanFile[] = [];

  constructor(readonly source: string) {}

  add(entity: string, statements: Unit["statements"], opts: { recorded?: boolean } = {}) {
    this.units.push({ entity, statements, ...opts });
  }

  reject(entity: string, legacyId: string | number, reason: string, line?: number) {
    this.rejects.push({ entity, legacyId: String(legacyId), reason, ...(line === undefined ? {} : { line }) });
  }

  note(text: string) {
    this.notes.push(text);
  }

  build(): ImportPlan {
    return { source: this.source, units: this.units, rejects: this.rejects, notes: this.notes, files: this.files };
  }
}

/** How many rows of each entity the plan writes, in the order they first appear (`recorded`: only those legacy_ids records). */
export function countsOf(plan: ImportPlan, recorded = false): Map<string, number> {
  const counts = new Map<string, number>();
  for (const unit of plan.units) if (!recorded || unit.recorded !== false) counts.set(unit.entity, (counts.get(unit.entity) ?? 0) + 1);
  return counts;
}
