import { and, eq, gte, sql } from "drizzle-orm";
import { reminders } from "../db/schema/reminders";
import type { Db } from "../env";
import { reminderIdOf } from "./config";

/**
 * A message that used up the queue's retries. The consumer fails a row
 * itself on its last WeChat attempt, so the row is usually failed already.
 * A row still queued got there by redeliveries that never reached WeChat
 * (a consumer crash, a busy row): with attempts left it goes back to the
 * cron at once, otherwise it is failed here.
 */
export async function deadLetter(db: Db, body: unknown, maxAttempts: number, now: number): Promise<"failed" | "requeued" | "none"> {
  const id = reminderIdOf(body);
  if (id === null) return "none";
  const queued = and(eq(reminders.id, id), eq(reminders.state, "queued"));
  // One atomic batch: the second update sees the first one's result, so a row is either failed or requeued.
  const [failed, requeued] = await db.batch([
    db
      .update(reminders)
      .set({
        state: "failed",
        lastError: sql`'dead-lettered after ' || ${reminders.attempts} || ' attempts: ' || COALESCE(${reminders.lastError}, 'no answer')`,
        leaseUntil: null,
        updatedAt: now,
      })
      .where(and(queued, gte(reminders.attempts, maxAttempts))),
    db.update(reminders).set({ leaseUntil: now, updatedAt: now }).where(queued),
  ]);
  if (failed.meta.changes) return "failed";
  return requeued.meta.changes ? "requeued" : "none";
}
