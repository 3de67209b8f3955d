import { and, count, desc, eq, inArray, type SQL } from "drizzle-orm";
import { REMINDER_STATES, type ReminderState, reminders } from "../db/schema/reminders";
import type { Db } from "../env";
import { AppError } from "../platform/errors";
import type { Page } from "../platform/paging";

type Row = typeof reminders.$inferSelect;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A reminder as operators see it. */
export function reminderView(r: Row) {
  return {
    id: r.id,
    surface: r.surface,
    appid: r.appid,
    openid: r.openid,
    template_id: r.templateId,
    page: r.page,
    data: r.data,
    send_at: iso(r.sendAt)!,
    state: r.state,
    attempts: r.attempts,
    last_error: r.lastError,
    dedupe_key: r.dedupeKey,
    sent_at: iso(r.sentAt),
    created_at: iso(r.createdAt)!,
    updated_at: iso(r.updatedAt)!,
  };
}

type Filter = { state?: ReminderState; surface?: string };

/** A page of reminders, latest send time first, and how many match. */
function listQueries(db: Db, filter: Filter, page: Page) {
  const conds: SQL[] = [];
  if (filter.state) conds.push(eq(reminders.state, filter.state));
  if (filter.surface) conds.push(eq(reminders.surface, filter.surface));
  const where = conds.length ? and(...conds) : undefined;
  return [
    db.select().from(reminders).where(where).orderBy(desc(reminders.sendAt), desc(reminders.id)).limit(page.limit).offset(page.offset),
    db.select({ total: count() }).from(reminders).where(where),
  ] as const;
}

export async function listReminders(db: Db, filter: Filter, page: Page) {
  const [rows, [{ total }]] = await db.batch(listQueries(db, filter, page));
  return { total, reminders: rows.map(reminderView) };
}

/** How many reminders are in each state (every state, zero included), with a page of the list; one round trip. */
export async function reminderOverview(db: Db, filter: Filter, page: Page) {
  const [byState, rows, [{ total }]] = await db.batch([
    db.select({ state: reminders.state, n: count() }).from(reminders).groupBy(reminders.state),
    ...listQueries(db, filter, page),
  ]);
  const counts = Object.fromEntries(REMINDER_STATES.map((s) => [s, 0])) as Record<ReminderState, number>;
  for (const { state, n } of byState) counts[state] = n;
  return { counts, total, reminders: rows.map(reminderView) };
}

/** Moves a reminder from one of `from` to new values in one conditional write; explains a refusal. */
async function transition(db: Db, id: number, from: readonly ReminderState[], set: Partial<Row>, verb: string) {
  const [row] = await db
    .update(reminders)
    .set(set)
    .where(and(eq(reminders.id, id), inArray(reminders.state, from)))
    .returning();
  if (row) return reminderView(row);
  const current = await db.query.reminders.findFirst({ where: eq(reminders.id, id), columns: { state: true } });
  if (!current) throw new AppError("not_found", `no reminder ${id}`);
  throw new AppError("conflict", `only ${from.join(" or ")} reminders can be ${verb}; this one is ${current.state}`);
}

/** The states an operator may send again, and those it may still cancel (no consumer has started sending). */
export const RETRYABLE: readonly ReminderState[] = ["failed", "rejected"];
export const CANCELLABLE: readonly ReminderState[] = ["pending", "queued"];

/** Sends a failed or rejected reminder again at the next cron run, with a fresh attempt budget. */
export function retryReminder(db: Db, id: number, now = Date.now()) {
  return transition(
    db,
    id,
    RETRYABLE,
    { state: "pending", sendAt: now, attempts: 0, leaseUntil: null, claimToken: null, updatedAt: now },
    "retried",
  );
}

/** Cancels a reminder no consumer has started sending. */
export function cancelReminder(db: Db, id: number, now = Date.now()) {
  return transition(db, id, CANCELLABLE, { state: "cancelled", leaseUntil: null, updatedAt: now }, "cancelled");
}
