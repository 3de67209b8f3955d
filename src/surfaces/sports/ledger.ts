import type { Bindings } from "../../env";
import { config } from "../../platform/config";
import { cancelRentalReminders, scheduleRentalReminders } from "./reminders";

/**
 * The durable records a cabinet's Durable Object writes to D1. Each change
 * is one atomic batch of conditional statements, so a repeated or late call
 * changes nothing twice and the unique indexes hold every invariant.
 */

const isUniqueViolation = (err: unknown) => String(err).includes("UNIQUE constraint failed");

export interface Claim {
  id: string;
  userId: string;
  deviceId: string;
  slot: number;
  tag: string;
  itemName: string | null;
  rentalId?: string;
  now: number;
  expiresAt: number;
}

const INSERT_OPERATION = `INSERT INTO sports_operations
  (id, user_id, device_id, kind, state, reason, slot, tag, item_name, rental_id, created_at, updated_at, expires_at)
  SELECT ?, ?, ?, ?, 'pending', NULL, ?, ?, ?, ?, ?, ?, ?`;

/**
 * Records a pending operation. `busy`: the person already has one in flight
 * (the partial unique index); `refused`: a rent while renting, or a revert of
 * a rental that is no longer open.
 */
export async function claimOperation(d1: D1Database, kind: "rent" | "revert", c: Claim): Promise<"ok" | "busy" | "refused"> {
  const values = [c.id, c.userId, c.deviceId, kind, c.slot, c.tag, c.itemName, c.rentalId ?? null, c.now, c.now, c.expiresAt];
  const insert =
    kind === "rent"
      ? d1
          .prepare(`${INSERT_OPERATION} WHERE NOT EXISTS (SELECT 1 FROM sports_rentals WHERE user_id = ? AND returned_at IS NULL)`)
          .bind(...values, c.userId)
      : d1
          .prepare(`${INSERT_OPERATION} WHERE EXISTS (SELECT 1 FROM sports_rentals WHERE id = ? AND user_id = ? AND returned_at IS NULL)`)
          .bind(...values, c.rentalId ?? "", c.userId);
  const reserve = d1
    .prepare(
      "UPDATE sports_items SET reserved_by = ?, updated_at = ? WHERE tag = ? AND EXISTS (SELECT 1 FROM sports_operations WHERE id = ?)",
    )
    .bind(c.id, c.now, c.tag, c.id);
  try {
    const [inserted] = await d1.batch(kind === "rent" ? [insert, reserve] : [insert]);
    return inserted.meta.changes === 1 ? "ok" : "refused";
  } catch (err) {
    if (isUniqueViolation(err)) return "busy";
    throw err;
  }
}

/** Hours an item of `type` may be kept: SPORTS_RENTAL_HOURS_BY_TYPE (JSON), else SPORTS_RENTAL_HOURS (2). */
export function rentalHours(env: Bindings, type: string): number {
  const cfg = config(env);
  return Object.hasOwn(cfg.SPORTS_RENTAL_HOURS_BY_TYPE, type) ? cfg.SPORTS_RENTAL_HOURS_BY_TYPE[type] : cfg.SPORTS_RENTAL_HOURS;
}

/** Statements putting `tag` into a slot (evicting whatever D1 thought was there). */
function placeItem(d1: D1Database, tag: string, deviceId: string, slot: number, now: number) {
  return [
    d1
      .prepare("UPDATE sports_items SET device_id = NULL, slot = NULL, updated_at = ? WHERE device_id = ? AND slot = ? AND tag <> ?")
      .bind(now, deviceId, slot, tag),
    d1
      .prepare("UPDATE sports_items SET device_id = ?, slot = ?, reserved_by = NULL, updated_at = ? WHERE tag = ?")
      .bind(deviceId, slot, now, tag),
  ];
}

const closeByArrival = (d1: D1Database, tag: string, deviceId: string, now: number) =>
  d1
    .prepare("UPDATE sports_rentals SET returned_at = ?, return_device_id = ? WHERE tag = ? AND returned_at IS NULL RETURNING id")
    .bind(now, deviceId, tag);

async function cancelClosed(env: Bindings, results: D1Result[]) {
  const ids = results.flatMap((r) => (r.results as Array<{ id?: string }>).map((row) => row.id).filter((id): id is string => !!id));
  for (const id of ids) await cancelRentalReminders(env, id);
}

/**
 * A tag appeared in a slot outside any revert of its own: the item is back,
 * so an open rental of it (someone returned it in another's revert, or a
 * lost report) closes here, once.
 */
export async function itemArrived(env: Bindings, tag: string, deviceId: string, slot: number, now = Date.now()) {
  const d1 = env.DB;
  const results = await d1.batch([closeByArrival(d1, tag, deviceId, now), ...placeItem(d1, tag, deviceId, slot, now)]);
  await cancelClosed(env, [results[0]]);
}

/** A tag left a slot with no rent explaining it: the item is out (missing unless rented). */
export async function itemLeft(env: Bindings, tag: string, deviceId: string, now = Date.now()) {
  await env.DB.prepare(
    "UPDATE sports_items SET device_id = NULL, slot = NULL, reserved_by = NULL, updated_at = ? WHERE tag = ? AND device_id = ?",
  )
    .bind(now, tag, deviceId)
    .run();
}

export interface ItemInfo {
  name: string;
  type: string;
}

export async function itemInfo(env: Bindings, tag: string): Promise<ItemInfo | null> {
  return env.DB.prepare("SELECT name, type FROM sports_items WHERE tag = ?").bind(tag).first<ItemInfo>();
}

/**
 * A rent succeeded: the tag that left becomes the renter's rental (once per
 * operation, even when the operation had already timed out).
 */
export async function rentSucceeded(
  env: Bindings,
  r: { operationId: string; userId: string; deviceId: string; tag: string; now?: number },
) {
  const d1 = env.DB;
  const now = r.now ?? Date.now();
  const info = (await itemInfo(env, r.tag)) ?? { name: r.tag, type: "" };
  const rentalId = crypto.randomUUID();
  const dueAt = now + Math.round(rentalHours(env, info.type) * 3_600_000);
  const results = await d1.batch([
    // The tag was in the cabinet, so any rental still open on it is over.
    d1
      .prepare(
        "UPDATE sports_rentals SET returned_at = ?, return_device_id = ? WHERE tag = ? AND returned_at IS NULL AND rent_operation_id <> ? RETURNING id",
      )
      .bind(now, r.deviceId, r.tag, r.operationId),
    d1
      .prepare(
        `INSERT OR IGNORE INTO sports_rentals (id, user_id, tag, item_name, item_type, device_id, rent_operation_id, started_at, due_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(rentalId, r.userId, r.tag, info.name, info.type, r.deviceId, r.operationId, now, dueAt),
    d1
      .prepare(
        `UPDATE sports_operations SET state = 'succeeded', reason = NULL, tag = ?, item_name = ?, updated_at = ?,
           rental_id = (SELECT id FROM sports_rentals WHERE rent_operation_id = ?) WHERE id = ?`,
      )
      .bind(r.tag, info.name, now, r.operationId, r.operationId),
    d1.prepare("UPDATE sports_items SET reserved_by = NULL, updated_at = ? WHERE reserved_by = ?").bind(now, r.operationId),
    d1.prepare("UPDATE sports_items SET device_id = NULL, slot = NULL, reserved_by = NULL, updated_at = ? WHERE tag = ?").bind(now, r.tag),
  ]);
  await cancelClosed(env, [results[0]]);
  if (results[1].meta.changes === 1) {
    const renter = await d1
      .prepare("SELECT u.openid AS openid, d.name AS device FROM sports_users u, sports_devices d WHERE u.id = ? AND d.id = ?")
      .bind(r.userId, r.deviceId)
      .first<{ openid: string; device: string }>();
    if (renter) {
      await scheduleRentalReminders(env, { rentalId, openid: renter.openid, itemName: info.name, deviceName: renter.device, dueAt, now });
    }
  }
}

/** A revert succeeded: the rental closes exactly once, the item sits in its slot. */
export async function revertSucceeded(
  env: Bindings,
  r: { operationId: string; rentalId: string; deviceId: string; slot: number; tag: string; now?: number },
) {
  const d1 = env.DB;
  const now = r.now ?? Date.now();
  await d1.batch([
    d1
      .prepare(
        "UPDATE sports_rentals SET returned_at = ?, return_device_id = ?, return_operation_id = ? WHERE id = ? AND returned_at IS NULL",
      )
      .bind(now, r.deviceId, r.operationId, r.rentalId),
    d1.prepare("UPDATE sports_operations SET state = 'succeeded', reason = NULL, updated_at = ? WHERE id = ?").bind(now, r.operationId),
    ...placeItem(d1, r.tag, r.deviceId, r.slot, now),
  ]);
  await cancelRentalReminders(env, r.rentalId);
}

/**
 * Fails an operation. A timeout only fails one still pending (a report may
 * have won meanwhile); a report's failure replaces an earlier timeout.
 */
export async function operationFailed(
  env: Bindings,
  operationId: string,
  reason: string,
  opts: { onlyIfPending?: boolean; now?: number } = {},
) {
  const d1 = env.DB;
  const now = opts.now ?? Date.now();
  await d1.batch([
    d1
      .prepare(
        `UPDATE sports_operations SET state = 'failed', reason = ?, updated_at = ? WHERE id = ? AND ${opts.onlyIfPending ? "state = 'pending'" : "state <> 'succeeded'"}`,
      )
      .bind(reason, now, operationId),
    d1.prepare("UPDATE sports_items SET reserved_by = NULL, updated_at = ? WHERE reserved_by = ?").bind(now, operationId),
  ]);
}

/** Mirrors of the cabinet's live state that the device list reads. */
export async function mirrorCodes(env: Bindings, deviceId: string, codes: string[]) {
  await env.DB.prepare("UPDATE sports_devices SET codes = ? WHERE id = ?").bind(JSON.stringify(codes), deviceId).run();
}

export async function mirrorSeen(env: Bindings, deviceId: string, at: number) {
  await env.DB.prepare("UPDATE sports_devices SET last_seen_at = ? WHERE id = ?").bind(at, deviceId).run();
}

/**
 * Operators put tagged items into slots (creating or moving them). Returns
 * the first tag that is out on an open rental, in which case nothing changes.
 */
export async function placeItems(env: Bindings, deviceId: string, items: Array<{ tag: string; name: string; type: string; slot: number }>) {
  const d1 = env.DB;
  const now = Date.now();
  const tags = items.map((i) => i.tag);
  const rented = await d1
    .prepare(`SELECT tag FROM sports_rentals WHERE returned_at IS NULL AND tag IN (${tags.map(() => "?").join(", ")}) LIMIT 1`)
    .bind(...tags)
    .first<{ tag: string }>();
  if (rented) return rented.tag;
  await d1.batch(
    items.flatMap((i) => [
      d1.prepare("UPDATE sports_items SET device_id = NULL, slot = NULL, updated_at = ? WHERE tag = ?").bind(now, i.tag),
      d1
        .prepare(
          `INSERT INTO sports_items (tag, name, type, device_id, slot, reserved_by, created_at, updated_at) VALUES (?, ?, ?, NULL, NULL, NULL, ?, ?)
           ON CONFLICT (tag) DO UPDATE SET name = excluded.name, type = excluded.type, reserved_by = NULL, updated_at = excluded.updated_at`,
        )
        .bind(i.tag, i.name, i.type, now, now),
      ...placeItem(d1, i.tag, deviceId, i.slot, now),
    ]),
  );
  return null;
}
