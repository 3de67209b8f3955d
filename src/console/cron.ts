import { sql } from "drizzle-orm";
import { consoleCronRuns } from "../db/schema/console";
import type { Bindings, Db } from "../env";
import { config } from "../platform/config";
import { createLogger, errorFields } from "../platform/logging";
import { dbOf } from "../platform/middleware";
import { offsetMinutes } from "../platform/time";
import type { ScanReport } from "../reminders/scan";
import { backfillQuery, rollupStatements } from "./rollup";

const log = createLogger({ component: "console" });

/** The reminder scan's last run as the console's health part shows it: one row, replaced each run. */
function recordRun(db: Db, scan: PromiseSettledResult<ScanReport>, startedAt: number, now: number) {
  const report = scan.status === "fulfilled" ? scan.value : null;
  const error = report ? (report.error ?? null) : scan.status === "rejected" ? String(scan.reason).slice(0, 500) : null;
  const enqueued = report?.enqueued ?? 0;
  const run = {
    startedAt,
    ms: now - startedAt,
    claimed: report?.claimed ?? 0,
    requeued: report?.requeued ?? 0,
    enqueued,
    abandoned: report?.abandoned ?? 0,
    more: report?.more ?? false,
    error,
  };
  const last = enqueued > 0 ? { lastEnqueuedAt: startedAt, lastEnqueued: enqueued } : {};
  return db
    .insert(consoleCronRuns)
    .values({ job: "reminders", ...run, ...last })
    .onConflictDoUpdate({
      target: consoleCronRuns.job,
      set: { ...run, ...last },
      // An older run finishing after a newer one leaves the newer one's record.
      setWhere: sql`${consoleCronRuns.startedAt} <= ${startedAt}`,
    });
}

/**
 * The console's share of the every-minute cron, after the reminder scan: records what the scan did, then
 * moves the daily rollup on (rollup.ts). Never throws: the reminders must not fail for the console's sake.
 */
export async function consoleCron(env: Bindings, scan: PromiseSettledResult<ScanReport>, startedAt: number, now = Date.now()) {
  const db = dbOf(env.DB);
  try {
    const [, [backfill]] = await db.batch([recordRun(db, scan, startedAt, now), backfillQuery(db)]);
    const offsetMs = offsetMinutes(config(env).LOCAL_UTC_OFFSET) * 60_000;
    await db.batch(rollupStatements(db, offsetMs, now, backfill?.done ?? 1));
  } catch (err) {
    log("error", "console rollup failed", errorFields(err));
  }
}
