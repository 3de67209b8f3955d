import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * WeChat subscribe-message reminders of every surface. `dedupe_key` makes
 * scheduling idempotent (one reminder per rental and kind, say).
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
    data: text("data").notNull(),
    sendAt: integer("send_at").notNull(),
    state: text("state", { enum: ["pending", "queued", "sent", "rejected", "failed", "cancelled"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    dedupeKey: text("dedupe_key").unique(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("reminders_due_idx").on(t.state, t.sendAt), index("reminders_openid_idx").on(t.surface, t.openid)],
);
