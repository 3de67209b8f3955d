import type { ReminderMessage } from "./config";

/**
 * A message that used up the queue's retries. The consumer fails a row
 * itself on its last WeChat attempt, so the row is usually failed already.
 * A row still queued got there by redeliveries that never reached WeChat
 * (a consumer crash, a busy row): with attempts left it goes back to the
 * cron at once, otherwise it is failed here.
 */
export async function deadLetter(db: D1Database, body: unknown, maxAttempts: number, now: number): Promise<"failed" | "requeued" | "none"> {
  const id = (body as Partial<ReminderMessage> | null)?.id;
  if (typeof id !== "number" || !Number.isSafeInteger(id)) return "none";
  const [failed, requeued] = await db.batch([
    db
      .prepare(
        `UPDATE reminders SET state = 'failed', last_error = 'dead-lettered after ' || attempts || ' attempts: ' || COALESCE(last_error, 'no answer'),
           lease_until = NULL, updated_at = ?1
         WHERE id = ?2 AND state = 'queued' AND attempts >= ?3`,
      )
      .bind(now, id, maxAttempts),
    db.prepare("UPDATE reminders SET lease_until = ?1, updated_at = ?1 WHERE id = ?2 AND state = 'queued'").bind(now, id),
  ]);
  if (failed.meta.changes) return "failed";
  return requeued.meta.changes ? "requeued" : "none";
}
