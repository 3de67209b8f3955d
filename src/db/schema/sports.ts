import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * Sports equipment sharing (document 003). The Cabinet Durable Object is the
 * single writer of a cabinet's live state (slots, codes, commands) and
 * mirrors it here; these tables are the durable records behind the lists,
 * history and operators' views.
 */

/** Students; `id` is the document's long UUID `userid`, bound to one openid. */
export const sportsUsers = sqliteTable("sports_users", {
  id: text("id").primaryKey(),
  openid: text("openid").notNull().unique(),
  region: text("region").notNull().default(""),
  phone: text("phone").notNull().default(""),
  email: text("email").notNull().default(""),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Cabinets. `secret` is the HMAC key the cabinet signs with; HMAC needs the
 * key itself, so it is stored as issued (see docs/sports.md). `codes` and
 * `last_seen_at` are mirrored by the Durable Object (the latter throttled).
 */
export const sportsDevices = sqliteTable(
  "sports_devices",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    location: text("location").notNull().default(""),
    slotCount: integer("slot_count").notNull(),
    secret: text("secret").notNull(),
    secretRotatedAt: integer("secret_rotated_at").notNull(),
    /** The verification codes shown now and just before. */
    codes: text("codes", { mode: "json" }).$type<string[]>().notNull().default([]),
    lastSeenAt: integer("last_seen_at"),
    retiredAt: integer("retired_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("sports_devices_live_idx").on(t.retiredAt, t.id)],
);

/**
 * Tagged equipment and where it is: in a cabinet slot (`device_id`, `slot`),
 * or out (both null: rented, or missing when no active rental holds it).
 * `reserved_by` is the pending rent operation whose door-open targets it.
 */
export const sportsItems = sqliteTable(
  "sports_items",
  {
    tag: text("tag").primaryKey(),
    name: text("name").notNull(),
    type: text("type").notNull(),
    deviceId: text("device_id"),
    slot: integer("slot"),
    reservedBy: text("reserved_by"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("sports_items_slot_unique").on(t.deviceId, t.slot).where(sql`device_id IS NOT NULL`),
    index("sports_items_device_type_idx").on(t.deviceId, t.type),
    index("sports_items_reserved_idx").on(t.reservedBy).where(sql`reserved_by IS NOT NULL`),
  ],
);

/** One row per item lent; open while `returned_at` is null. */
export const sportsRentals = sqliteTable(
  "sports_rentals",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    tag: text("tag").notNull(),
    itemName: text("item_name").notNull(),
    itemType: text("item_type").notNull(),
    deviceId: text("device_id").notNull(),
    rentOperationId: text("rent_operation_id").notNull().unique(),
    startedAt: integer("started_at").notNull(),
    dueAt: integer("due_at").notNull(),
    returnedAt: integer("returned_at"),
    returnDeviceId: text("return_device_id"),
    returnOperationId: text("return_operation_id"),
  },
  (t) => [
    // An item is lent to at most one person at a time.
    uniqueIndex("sports_rentals_active_tag_unique").on(t.tag).where(sql`returned_at IS NULL`),
    index("sports_rentals_user_idx").on(t.userId, t.startedAt),
    index("sports_rentals_active_user_idx").on(t.userId).where(sql`returned_at IS NULL`),
    index("sports_rentals_active_due_idx").on(t.dueAt).where(sql`returned_at IS NULL`),
    index("sports_rentals_returned_idx").on(t.returnedAt),
  ],
);

/** try_to_rent / try_to_revert requests and their outcome. */
export const sportsOperations = sqliteTable(
  "sports_operations",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    deviceId: text("device_id").notNull(),
    kind: text("kind", { enum: ["rent", "revert"] }).notNull(),
    state: text("state", { enum: ["pending", "succeeded", "failed"] }).notNull(),
    reason: text("reason"),
    slot: integer("slot").notNull(),
    tag: text("tag"),
    itemName: text("item_name"),
    rentalId: text("rental_id"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    /**
     * A rent timed out with nobody knowing whether the item left: until a
     * report or the cabinet's next snapshot settles it (or this time passes),
     * the person holds it and cannot rent elsewhere. Null once settled.
     */
    holdUntil: integer("hold_until"),
  },
  (t) => [
    // At most one operation in flight per person, across every cabinet.
    uniqueIndex("sports_operations_one_pending_unique").on(t.userId).where(sql`state = 'pending'`),
    index("sports_operations_user_idx").on(t.userId, t.createdAt),
    index("sports_operations_held_idx").on(t.userId, t.holdUntil).where(sql`hold_until IS NOT NULL`),
  ],
);

/**
 * What a cabinet claimed that did not match what is known (a report naming
 * another slot or tag, a slot the cabinet does not have, a wrong item):
 * nothing a cabinet says is thrown away; operators list these.
 */
export const sportsAnomalies = sqliteTable(
  "sports_anomalies",
  {
    id: text("id").primaryKey(),
    deviceId: text("device_id").notNull(),
    kind: text("kind").notNull(),
    commandId: text("command_id"),
    /** What the cabinet said. */
    claimed: text("claimed", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** What was known. */
    expected: text("expected", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("sports_anomalies_at_idx").on(t.at), index("sports_anomalies_device_idx").on(t.deviceId, t.at)],
);
