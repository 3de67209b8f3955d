import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { Refused } from "../../src/surfaces/sports/cabinet-rpc";

/**
 * The Cabinet object's own SQLite tables (not D1): its live state. They
 * carry a schema version and migrate when the object starts (storage.ts).
 */

/** The cabinet itself, one row: which device, the codes it shows, when it last polled. */
export const cabinetRow = sqliteTable("cabinet", {
  id: integer("id").primaryKey(),
  deviceId: text("device_id").notNull(),
  /** The code shown now, then the one shown before. */
  codes: text("codes", { mode: "json" }).$type<string[]>().notNull(),
  codesAt: integer("codes_at").notNull(),
  /** 0 until the cabinet's first poll. */
  lastPollAt: integer("last_poll_at").notNull(),
  /** When `last_seen_at` was last copied to D1 (throttled). */
  seenMirroredAt: integer("seen_mirrored_at").notNull(),
  retiredAt: integer("retired_at"),
  /** The signed timestamp (unix seconds) of the newest poll or report applied: an older snapshot is refused. */
  newestRequestAt: integer("newest_request_at").notNull().default(0),
  /** How many slots the cabinet has; a slot outside 1..slotCount is refused. */
  slotCount: integer("slot_count").notNull().default(0),
});

/** What a report was answered (a repeat of it gets the same); a poll is answered with the state of the moment. */
export type KeptAnswer = "ok" | Refused;

/**
 * Signatures of requests accepted within the clock window: a repeat is
 * answered and changes nothing. Pruned once expired.
 */
export const seenSignatures = sqliteTable("seen_signatures", {
  signature: text("signature").primaryKey(),
  /** When the signature's timestamp leaves the clock window (ms): it can no longer be replayed. */
  expiresAt: integer("expires_at").notNull(),
  /** A report's answer once given; null for a poll, or while the first copy is being carried out. */
  answer: text("answer", { mode: "json" }).$type<KeptAnswer>(),
});

/** Which tag sits in which slot; `changed_at` is when a report last changed it. */
export const slots = sqliteTable("slots", {
  slot: integer("slot").primaryKey(),
  tag: text("tag"),
  name: text("name"),
  type: text("type"),
  changedAt: integer("changed_at").notNull().default(0),
});

/**
 * Door commands: `claiming` while D1 records the operation, `pending` until
 * reported or expired, then `reported` or `expired` (kept a day: a late
 * report still wins).
 */
export const commands = sqliteTable("commands", {
  id: text("id").primaryKey(),
  kind: text("kind", { enum: ["rent", "revert"] }).notNull(),
  slot: integer("slot").notNull(),
  userId: text("user_id").notNull(),
  tag: text("tag"),
  rentalId: text("rental_id"),
  state: text("state", { enum: ["claiming", "pending", "expired", "reported"] }).notNull(),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
});

export const schemaVersion = sqliteTable("schema_version", {
  version: integer("version").notNull(),
});

export type SeenSignatureRow = typeof seenSignatures.$inferSelect;
export type CabinetRow = typeof cabinetRow.$inferSelect;
export type SlotRow = typeof slots.$inferSelect;
export type CommandRow = typeof commands.$inferSelect;
export type CommandState = CommandRow["state"];

/**
 * Migrations, in order: entry i takes the tables from version i to i + 1.
 * Version 1 is the layout objects were first created with (its statements
 * are idempotent, so an object that predates versioning keeps its rows);
 * version 2 turns the key/value `meta` table into the typed `cabinet` row;
 * version 3 remembers accepted signatures, the newest request applied and
 * the cabinet's slot count (taken from the slots it has); version 4 keeps
 * the answer given to each signed report, for its repeats.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
   CREATE TABLE IF NOT EXISTS slots (slot INTEGER PRIMARY KEY, tag TEXT, name TEXT, type TEXT, changed_at INTEGER NOT NULL DEFAULT 0);
   CREATE TABLE IF NOT EXISTS commands (
     id TEXT PRIMARY KEY, kind TEXT NOT NULL, slot INTEGER NOT NULL, user_id TEXT NOT NULL, tag TEXT, rental_id TEXT,
     state TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
   CREATE INDEX IF NOT EXISTS commands_state_idx ON commands (state, expires_at);
   CREATE INDEX IF NOT EXISTS commands_slot_idx ON commands (slot, created_at);`,
  `CREATE TABLE cabinet (
     id INTEGER PRIMARY KEY CHECK (id = 1), device_id TEXT NOT NULL, codes TEXT NOT NULL, codes_at INTEGER NOT NULL,
     last_poll_at INTEGER NOT NULL DEFAULT 0, seen_mirrored_at INTEGER NOT NULL DEFAULT 0, retired_at INTEGER);
   INSERT INTO cabinet (id, device_id, codes, codes_at, last_poll_at, seen_mirrored_at, retired_at)
     SELECT 1, device_id, coalesce(codes, '[]'), coalesce(CAST(codes_at AS INTEGER), 0), coalesce(CAST(last_poll_at AS INTEGER), 0),
       coalesce(CAST(seen_mirrored_at AS INTEGER), 0), CAST(retired AS INTEGER)
     FROM (SELECT
       max(CASE WHEN k = 'device_id' THEN v END) AS device_id, max(CASE WHEN k = 'codes' THEN v END) AS codes,
       max(CASE WHEN k = 'codes_at' THEN v END) AS codes_at, max(CASE WHEN k = 'last_poll_at' THEN v END) AS last_poll_at,
       max(CASE WHEN k = 'seen_mirrored_at' THEN v END) AS seen_mirrored_at, max(CASE WHEN k = 'retired' THEN v END) AS retired
       FROM meta)
     WHERE device_id IS NOT NULL;
   DROP TABLE meta;`,
  `CREATE TABLE IF NOT EXISTS seen_signatures (signature TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
   CREATE INDEX IF NOT EXISTS seen_signatures_expiry_idx ON seen_signatures (expires_at);
   ALTER TABLE cabinet ADD COLUMN newest_request_at INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE cabinet ADD COLUMN slot_count INTEGER NOT NULL DEFAULT 0;
   UPDATE cabinet SET slot_count = (SELECT coalesce(max(slot), 0) FROM slots);`,
  // Rebuilt rather than altered: whichever columns the table had, the signatures it holds are kept.
  `CREATE TABLE seen_signatures_v4 (signature TEXT PRIMARY KEY, expires_at INTEGER NOT NULL, answer TEXT);
   INSERT INTO seen_signatures_v4 (signature, expires_at) SELECT signature, expires_at FROM seen_signatures;
   DROP TABLE seen_signatures;
   ALTER TABLE seen_signatures_v4 RENAME TO seen_signatures;
   CREATE INDEX seen_signatures_expiry_idx ON seen_signatures (expires_at);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
