import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Rows brought over from the servers Campus Edge replaced (`npm run import`,
 * docs/import.md): which Campus Edge row each original row became. `source`
 * names the original (`service`, `summer`, ...), `entity` its table, `legacy_id`
 * the row's key there, `id` the Campus Edge key. `stamp` is the change time the
 * import last wrote to the row; while the row still carries it, nobody has
 * changed it in Campus Edge and a later import may refresh it (null: never).
 */
export const legacyIds = sqliteTable(
  "legacy_ids",
  {
    source: text("source").notNull(),
    entity: text("entity").notNull(),
    legacyId: text("legacy_id").notNull(),
    id: text("id").notNull(),
    stamp: integer("stamp"),
    importedAt: integer("imported_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.source, t.entity, t.legacyId] })],
);

/**
 * Library sessions the original server handed out, kept as the SHA-256 of the
 * value: each is exchanged once for a Campus Edge session (src/surfaces/library/legacy-sessions.ts).
 */
export const libraryLegacySessions = sqliteTable(
  "library_legacy_sessions",
  {
    sessionHash: text("session_hash").primaryKey(),
    openid: text("openid").notNull(),
    expiresAt: integer("expires_at").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("library_legacy_sessions_openid_idx").on(t.openid)],
);
