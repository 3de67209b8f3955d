import { and, eq, like, lte, sql } from "drizzle-orm";
import { reminders } from "../db/schema/reminders";
import type { Db } from "../env";
import { cappedCount } from "../platform/console/counts";

const one = { one: sql`1` };
const inState = (state: "failed" | "rejected" | "queued") => eq(reminders.state, state);

/** What waits for the reminders' operators now, as counts (scalar subqueries, each on the state index). */
export function remindersAttention(db: Db) {
  return {
    failed: cappedCount(db.select(one).from(reminders).where(inState("failed"))),
    /** Failed ones whose message used up the queue's retries (dead-letter.ts writes this reason). */
    deadLettered: cappedCount(
      db
        .select(one)
        .from(reminders)
        .where(and(inState("failed"), like(reminders.lastError, "dead-lettered%"))),
    ),
    rejected: cappedCount(db.select(one).from(reminders).where(inState("rejected"))),
  };
}

/** The queue's backlog as D1 sees it: messages on the queue not yet taken, and reminders due but not yet claimed by the cron. */
export function reminderBacklog(db: Db, now: number) {
  return {
    queued: cappedCount(db.select(one).from(reminders).where(inState("queued"))),
    due: cappedCount(
      db
        .select(one)
        .from(reminders)
        .where(and(eq(reminders.state, "pending"), lte(reminders.sendAt, now))),
    ),
  };
}
