import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Server-side record of every token handed out, so tokens can expire and be revoked. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    surface: text("surface").notNull(),
    subject: text("subject").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [
    index("sessions_subject_idx").on(t.surface, t.subject),
    index("sessions_expires_idx").on(t.expiresAt),
    index("sessions_revoked_idx").on(t.revokedAt),
  ],
);
