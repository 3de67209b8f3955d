import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const REMINDER_STATES = ["pending", "queued", "sending", "sent", "rejected", "failed", "cancelled"] as const;
export type ReminderState = (typeof REMINDER_STATES)[number];

/** A subscribe message's template fields, as WeChat takes them: `{ thing1: { value: "..." } }`. */
export type ReminderData = Record<string, { value: string }>;

/**
 * WeChat subscribe-message reminders of every surface. `dedupe_key` makes
 * scheduling idempotent (one reminder per rental and kind, say).
 *
 * pending -> queued (claimed by the cron, message on the queue) -> sending
 * (one consumer owns it while it calls WeChat) -> sent | rejected | failed.
 * `lease_until` bounds how long a queued or sending row may stay so before
 * the cron looks at it again; `claim_token` names the consumer that owns a
 * sending row (see docs/reminders.md).
 */
export const reminders = sqliteTable(
  "reminders",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    surface: text("surface").notNull(),
    appid: text("appid").notNull(),
    openid: text("openid").notNull(),
    templateId: text("template_id").notNull(),
    page: text("page"),
    data: text("data", { mode: "json" }).$type<ReminderData>().notNull(),
    sendAt: integer("send_at").notNull(),
    state: text("state", { enum: REMINDER_STATES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    dedupeKey: text("dedupe_key").unique(),
    leaseUntil: integer("lease_until"),
    claimToken: text("claim_token"),
    sentAt: integer("sent_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("reminders_due_idx").on(t.state, t.sendAt),
    index("reminders_lease_idx").on(t.state, t.leaseUntil),
    index("reminders_openid_idx").on(t.surface, t.openid),
    // Operators list every reminder by send time.
    index("reminders_send_at_idx").on(t.sendAt),
  ],
);
