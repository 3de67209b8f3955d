import { and, eq, inArray, lte, sql } from "drizzle-orm";
import { reminders } from "../db/schema/reminders";
import type { Db } from "../env";
import { ABANDONED_REASON, MAX_CHUNK, type ReminderMessage, type ReminderProducer, type ScanOptions } from "./config";

/** What one due scan did; also what the benchmark reads. */
export interface ScanReport {
  /** Pending rows claimed (due now or within the lookahead). */
  claimed: number;
  /** Queued rows whose lease ran out (message possibly lost), enqueued again. */
  requeued: number;
  /** Messages the queue accepted. */
  enqueued: number;
  /** Sending rows whose consumer vanished mid-call, ended as failed (outcome unknown). */
  abandoned: number;
  /** D1 statements and sendBatch calls made: the subrequests this run used. */
  statements: number;
  batches: number;
  rowsRead: number;
  rowsWritten: number;
  ms: number;
  /** The budget ran out while rows were still due: the next run continues. */
  more: boolean;
  error?: string;
}

type Claimed = { id: number; send_at: number };

/**
 * One cron run's work: claims due reminders in chunks with one atomic
 * UPDATE ... RETURNING each (so overlapping runs never claim the same row)
 * and hands each chunk to the queue with one sendBatch. At most
 * `maxChunks` rounds, so statements and subrequests per invocation stay
 * bounded whatever the backlog; what is left is picked up by the next run.
 * Messages go out no faster than `maxPerSecond`, under the queue's own limit.
 */
export async function scanDue(db: Db, queue: ReminderProducer, opts: ScanOptions): Promise<ScanReport> {
  const started = Date.now();
  const size = Math.min(Math.max(1, Math.trunc(opts.chunkSize)), MAX_CHUNK);
  const report: ScanReport = {
    claimed: 0,
    requeued: 0,
    enqueued: 0,
    abandoned: 0,
    statements: 0,
    batches: 0,
    rowsRead: 0,
    rowsWritten: 0,
    ms: 0,
    more: false,
  };
  /** Runs one statement (one D1 round trip) and counts it, with the rows D1 says it read and wrote. */
  const run = async <T>(query: { run(): Promise<D1Result> }): Promise<T[]> => {
    const res = await query.run();
    report.statements++;
    report.rowsRead += res.meta.rows_read ?? 0;
    report.rowsWritten += res.meta.rows_written ?? 0;
    // Rows as SQLite returns them: the RETURNING clause names the columns of T.
    return res.results as T[];
  };
  const { now } = opts;

  // A consumer that died while calling WeChat leaves its row in `sending`. Whether WeChat
  // accepted the message cannot be known, and sending it again could deliver it twice:
  // the row ends as failed with that reason, for an operator to retry (docs/reminders.md).
  const abandoned = await run<{ id: number }>(
    db
      .update(reminders)
      .set({ state: "failed", lastError: ABANDONED_REASON, leaseUntil: null, updatedAt: now })
      .where(
        inArray(
          reminders.id,
          db
            .select({ id: reminders.id })
            .from(reminders)
            .where(and(eq(reminders.state, "sending"), lte(reminders.leaseUntil, now)))
            .limit(size * 10),
        ),
      )
      .returning({ id: reminders.id }),
  );
  report.abandoned = abandoned.length;

  const claimed = { id: reminders.id, send_at: reminders.sendAt };
  // Due (or due within the lookahead) pending rows, oldest first; the lease runs from when each falls due.
  const claimDue = () =>
    db
      .update(reminders)
      .set({ state: "queued", leaseUntil: sql`max(${reminders.sendAt}, ${now}) + ${opts.queuedLeaseMs}`, updatedAt: now })
      .where(
        inArray(
          reminders.id,
          db
            .select({ id: reminders.id })
            .from(reminders)
            .where(and(eq(reminders.state, "pending"), lte(reminders.sendAt, now + opts.lookaheadMs)))
            .orderBy(reminders.sendAt)
            .limit(size),
        ),
      )
      .returning(claimed);
  // Queued rows whose lease ran out, longest lost first.
  const claimLost = () =>
    db
      .update(reminders)
      .set({ leaseUntil: now + opts.queuedLeaseMs, updatedAt: now })
      .where(
        inArray(
          reminders.id,
          db
            .select({ id: reminders.id })
            .from(reminders)
            .where(and(eq(reminders.state, "queued"), lte(reminders.leaseUntil, now)))
            .orderBy(reminders.leaseUntil)
            .limit(size),
        ),
      )
      .returning(claimed);

  let phase: "due" | "lost" = "due";
  for (let round = 0; round < opts.maxChunks; round++) {
    const rows = await run<Claimed>(phase === "due" ? claimDue() : claimLost());
    if (phase === "due") report.claimed += rows.length;
    else report.requeued += rows.length;
    if (rows.length > 0) {
      await pace(started, report.enqueued, opts.maxPerSecond);
      try {
        await queue.sendBatch(rows.map((r) => message(r, now)));
        report.batches++;
        report.enqueued += rows.length;
      } catch (err) {
        report.batches++;
        report.error = `sendBatch failed: ${err instanceof Error ? err.message : String(err)}`;
        // Hand the rows back so the next run claims them again; if this too fails, their lease does.
        // The ids go as one JSON parameter: a chunk of 100 would pass D1's limit of 100 bound parameters.
        await run(
          db
            .update(reminders)
            .set({ state: "pending", leaseUntil: null, updatedAt: now })
            .where(
              and(
                eq(reminders.state, "queued"),
                sql`${reminders.id} IN (SELECT value FROM json_each(${JSON.stringify(rows.map((r) => r.id))}))`,
              ),
            ),
        );
        break;
      }
    }
    if (rows.length === size) {
      report.more = round === opts.maxChunks - 1;
      continue;
    }
    if (phase === "lost") break;
    phase = "lost";
  }
  report.ms = Date.now() - started;
  return report;
}

/** Waits until `sent` messages are within the rate since `started`. */
async function pace(started: number, sent: number, perSecond: number) {
  const wait = started + (sent / perSecond) * 1000 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

function message(row: Claimed, now: number): MessageSendRequest<ReminderMessage> {
  const delaySeconds = Math.max(0, Math.ceil((row.send_at - now) / 1000));
  return { body: { id: row.id }, contentType: "json", ...(delaySeconds > 0 ? { delaySeconds } : {}) };
}
