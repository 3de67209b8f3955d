import { and, inArray } from "drizzle-orm";
import { type ReminderData, reminders } from "../db/schema/reminders";
import type { Db } from "../env";

/** What a surface asks for: one subscribe message to one user at one time. */
export interface ReminderRequest {
  surface: string;
  appid: string;
  openid: string;
  templateId: string;
  page?: string | null;
  data: ReminderData;
  /** Epoch ms at which the message should go out. */
  sendAt: number;
  /** Scheduling the same key twice keeps the first reminder only. */
  dedupeKey?: string;
}

/** Records a reminder for the cron/queue pipeline; `created` is false for a repeated dedupe key. */
export async function scheduleReminder(db: Db, r: ReminderRequest, now = Date.now()): Promise<{ id: number | null; created: boolean }> {
  const rows = await db
    .insert(reminders)
    .values({
      surface: r.surface,
      appid: r.appid,
      openid: r.openid,
      templateId: r.templateId,
      page: r.page ?? null,
      data: r.data,
      sendAt: r.sendAt,
      dedupeKey: r.dedupeKey ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: reminders.dedupeKey })
    .returning({ id: reminders.id });
  return rows.length ? { id: rows[0].id, created: true } : { id: null, created: false };
}

/**
 * Cancels reminders not yet being sent (pending, or queued: the consumer skips a
 * cancelled row); returns how many were cancelled.
 */
export async function cancelReminders(db: Db, dedupeKeys: string[], now = Date.now()): Promise<number> {
  if (dedupeKeys.length === 0) return 0;
  const rows = await db
    .update(reminders)
    .set({ state: "cancelled", leaseUntil: null, updatedAt: now })
    .where(and(inArray(reminders.dedupeKey, dedupeKeys), inArray(reminders.state, ["pending", "queued"])))
    .returning({ id: reminders.id });
  return rows.length;
}
