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
export async function scanDue(db: D1Database, queue: ReminderProducer, opts: ScanOptions): Promise<ScanReport> {
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
  const run = async <T>(stmt: D1PreparedStatement) => {
    const res = await stmt.all<T>();
    report.statements++;
    report.rowsRead += res.meta.rows_read ?? 0;
    report.rowsWritten += res.meta.rows_written ?? 0;
    return res.results;
  };
  const { now } = opts;

  // A consumer that died while calling WeChat leaves its row in `sending`. Whether WeChat
  // accepted the message cannot be known, and sending it again could deliver it twice:
  // the row ends as failed with that reason, for an operator to retry (docs/reminders.md).
  const abandoned = await run(
    db
      .prepare(
        `UPDATE reminders SET state = 'failed', last_error = ?3, lease_until = NULL, updated_at = ?1
         WHERE id IN (SELECT id FROM reminders WHERE state = 'sending' AND lease_until <= ?1 LIMIT ?2) RETURNING id`,
      )
      .bind(now, size * 10, ABANDONED_REASON),
  );
  report.abandoned = abandoned.length;

  const claimDue = db.prepare(
    `UPDATE reminders SET state = 'queued', lease_until = MAX(send_at, ?1) + ?2, updated_at = ?1
     WHERE id IN (SELECT id FROM reminders WHERE state = 'pending' AND send_at <= ?3 ORDER BY send_at LIMIT ?4)
     RETURNING id, send_at`,
  );
  const claimLost = db.prepare(
    `UPDATE reminders SET lease_until = ?1 + ?2, updated_at = ?1
     WHERE id IN (SELECT id FROM reminders WHERE state = 'queued' AND lease_until <= ?1 ORDER BY lease_until LIMIT ?3)
     RETURNING id, send_at`,
  );

  let phase: "due" | "lost" = "due";
  for (let round = 0; round < opts.maxChunks; round++) {
    const rows =
      phase === "due"
        ? await run<Claimed>(claimDue.bind(now, opts.queuedLeaseMs, now + opts.lookaheadMs, size))
        : await run<Claimed>(claimLost.bind(now, opts.queuedLeaseMs, size));
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
        await run(
          db
            .prepare(
              `UPDATE reminders SET state = 'pending', lease_until = NULL, updated_at = ?1
               WHERE state = 'queued' AND id IN (SELECT value FROM json_each(?2))`,
            )
            .bind(now, JSON.stringify(rows.map((r) => r.id))),
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
