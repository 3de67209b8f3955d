import { and, eq, exists, gt, inArray, isNotNull, isNull, ne, notExists, sql } from "drizzle-orm";
import { sportsAnomalies, sportsDevices, sportsItems, sportsOperations, sportsRentals, sportsUsers } from "../../db/schema/sports";
import type { Bindings, Db } from "../../env";
import { config } from "../../platform/config";
import type { Anomaly, PlacedItem } from "./cabinet-rpc";
import { cancelRentalReminders, scheduleRentalReminders } from "./reminders";

/**
 * The durable records a cabinet's Durable Object writes to D1. Each change
 * is one atomic batch of conditional statements, so a repeated or late call
 * changes nothing twice and the unique indexes hold every invariant.
 */

/** D1 reports a unique index refusing a row in the error's message (drizzle may wrap it). */
function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e; e = e instanceof Error ? e.cause : undefined) {
    if (String(e).includes("UNIQUE constraint failed")) return true;
  }
  return false;
}

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

const one = sql`1`;

/** The operation row, every column in table order (an INSERT ... SELECT names them all). */
function operationRow(kind: "rent" | "revert", c: Claim) {
  return {
    id: sql`${c.id}`.as("id"),
    userId: sql`${c.userId}`.as("user_id"),
    deviceId: sql`${c.deviceId}`.as("device_id"),
    kind: sql`${kind}`.as("kind"),
    state: sql`${"pending"}`.as("state"),
    reason: sql`${null}`.as("reason"),
    slot: sql`${c.slot}`.as("slot"),
    tag: sql`${c.tag}`.as("tag"),
    itemName: sql`${c.itemName}`.as("item_name"),
    rentalId: sql`${c.rentalId ?? null}`.as("rental_id"),
    createdAt: sql`${c.now}`.as("created_at"),
    updatedAt: sql`${c.now}`.as("updated_at"),
    expiresAt: sql`${c.expiresAt}`.as("expires_at"),
    holdUntil: sql`${null}`.as("hold_until"),
  };
}

/**
 * The pending operation, inserted only when the rule holds: a rent's row
 * comes from the renter's record while they have no open rental and no
 * unconfirmed rent at another cabinet holds them (the same cabinet's
 * snapshots settle its own), a
 * revert's from the open rental it returns. No row, nothing inserted.
 */
function insertOperation(db: Db, kind: "rent" | "revert", c: Claim) {
  const row = operationRow(kind, c);
  const source =
    kind === "rent"
      ? db
          .select(row)
          .from(sportsUsers)
          .where(
            and(
              eq(sportsUsers.id, c.userId),
              notExists(
                db
                  .select({ one })
                  .from(sportsRentals)
                  .where(and(eq(sportsRentals.userId, c.userId), isNull(sportsRentals.returnedAt))),
              ),
              notExists(
                db
                  .select({ one })
                  .from(sportsOperations)
                  .where(
                    and(
                      eq(sportsOperations.userId, c.userId),
                      gt(sportsOperations.holdUntil, c.now),
                      ne(sportsOperations.deviceId, c.deviceId),
                    ),
                  ),
              ),
            ),
          )
      : db
          .select(row)
          .from(sportsRentals)
          .where(and(eq(sportsRentals.id, c.rentalId ?? ""), eq(sportsRentals.userId, c.userId), isNull(sportsRentals.returnedAt)));
  return db.insert(sportsOperations).select(source).returning({ id: sportsOperations.id });
}

/**
 * Records a pending operation. `busy`: the person already has one in flight
 * (the partial unique index); `refused`: a rent while renting, or a revert of
 * a rental that is no longer open.
 */
export async function claimOperation(db: Db, kind: "rent" | "revert", c: Claim): Promise<"ok" | "busy" | "refused"> {
  const insert = insertOperation(db, kind, c);
  const reserve = db
    .update(sportsItems)
    .set({ reservedBy: c.id, updatedAt: c.now })
    .where(and(eq(sportsItems.tag, c.tag), exists(db.select({ one }).from(sportsOperations).where(eq(sportsOperations.id, c.id)))));
  try {
    const inserted = kind === "rent" ? (await db.batch([insert, reserve]))[0] : await insert;
    return inserted.length === 1 ? "ok" : "refused";
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
function placeItem(db: Db, tag: string, deviceId: string, slot: number, now: number) {
  return [
    db
      .update(sportsItems)
      .set({ deviceId: null, slot: null, updatedAt: now })
      .where(and(eq(sportsItems.deviceId, deviceId), eq(sportsItems.slot, slot), ne(sportsItems.tag, tag))),
    db.update(sportsItems).set({ deviceId, slot, reservedBy: null, updatedAt: now }).where(eq(sportsItems.tag, tag)),
  ] as const;
}

/** The item is out of every slot (rented, or missing unless rented). */
const takeOut = (db: Db, tag: string, now: number) =>
  db.update(sportsItems).set({ deviceId: null, slot: null, reservedBy: null, updatedAt: now }).where(eq(sportsItems.tag, tag));

const releaseReservation = (db: Db, operationId: string, now: number) =>
  db.update(sportsItems).set({ reservedBy: null, updatedAt: now }).where(eq(sportsItems.reservedBy, operationId));

async function cancelClosed(db: Db, closed: Array<{ id: string }>) {
  for (const { id } of closed) await cancelRentalReminders(db, id);
}

/**
 * A tag appeared in a slot outside any revert of its own: the item is back,
 * so an open rental of it (someone returned it in another's revert, or a
 * lost report) closes here, once.
 */
export async function itemArrived(db: Db, tag: string, deviceId: string, slot: number, now = Date.now()): Promise<Whereabouts | null> {
  const [before, closed] = await db.batch([
    whereabouts(db, [tag]),
    db
      .update(sportsRentals)
      .set({ returnedAt: now, returnDeviceId: deviceId })
      .where(and(eq(sportsRentals.tag, tag), isNull(sportsRentals.returnedAt)))
      .returning({ id: sportsRentals.id }),
    ...placeItem(db, tag, deviceId, slot, now),
  ]);
  await cancelClosed(db, closed);
  return elsewhere(before, deviceId, slot)[0] ?? null;
}

/** Where D1 had a tag. */
export interface Whereabouts {
  tag: string;
  deviceId: string;
  slot: number;
}

const whereabouts = (db: Db, tags: string[]) =>
  db
    .select({ tag: sportsItems.tag, deviceId: sportsItems.deviceId, slot: sportsItems.slot })
    .from(sportsItems)
    .where(inArray(sportsItems.tag, tags));

/** The places D1 had these tags other than (deviceId, slot): the Cabinet objects there are told to let them go. */
function elsewhere(
  rows: Array<{ tag: string; deviceId: string | null; slot: number | null }>,
  deviceId: string,
  slot?: number,
): Whereabouts[] {
  const found: Whereabouts[] = [];
  for (const r of rows) {
    if (r.deviceId !== null && r.slot !== null && (r.deviceId !== deviceId || (slot !== undefined && r.slot !== slot))) {
      found.push({ tag: r.tag, deviceId: r.deviceId, slot: r.slot });
    }
  }
  return found;
}

/** A tag left a slot with no rent explaining it: the item is out (missing unless rented), unless D1 has it elsewhere already. */
export async function itemLeft(db: Db, tag: string, deviceId: string, slot: number, now = Date.now()) {
  await db
    .update(sportsItems)
    .set({ deviceId: null, slot: null, reservedBy: null, updatedAt: now })
    .where(and(eq(sportsItems.tag, tag), eq(sportsItems.deviceId, deviceId), eq(sportsItems.slot, slot)));
}

export interface ItemInfo {
  name: string;
  type: string;
}

export async function itemInfo(db: Db, tag: string): Promise<ItemInfo | null> {
  const [row] = await db
    .select({ name: sportsItems.name, type: sportsItems.type })
    .from(sportsItems)
    .where(eq(sportsItems.tag, tag))
    .limit(1);
  return row ?? null;
}

/**
 * A rent succeeded: the tag that left becomes the renter's rental (once per
 * operation, even when the operation had already timed out).
 */
export async function rentSucceeded(
  db: Db,
  env: Bindings,
  r: { operationId: string; userId: string; deviceId: string; tag: string; now?: number },
) {
  const now = r.now ?? Date.now();
  const info = (await itemInfo(db, r.tag)) ?? { name: r.tag, type: "" };
  const rentalId = crypto.randomUUID();
  const dueAt = now + Math.round(rentalHours(env, info.type) * 3_600_000);
  const [closed, inserted, , , , renters, others] = await db.batch([
    // The tag was in the cabinet, so any rental still open on it is over.
    db
      .update(sportsRentals)
      .set({ returnedAt: now, returnDeviceId: r.deviceId })
      .where(and(eq(sportsRentals.tag, r.tag), isNull(sportsRentals.returnedAt), ne(sportsRentals.rentOperationId, r.operationId)))
      .returning({ id: sportsRentals.id }),
    db
      .insert(sportsRentals)
      .values({
        id: rentalId,
        userId: r.userId,
        tag: r.tag,
        itemName: info.name,
        itemType: info.type,
        deviceId: r.deviceId,
        rentOperationId: r.operationId,
        startedAt: now,
        dueAt,
      })
      .onConflictDoNothing()
      .returning({ id: sportsRentals.id }),
    db
      .update(sportsOperations)
      .set({
        state: "succeeded",
        reason: null,
        tag: r.tag,
        itemName: info.name,
        updatedAt: now,
        rentalId: sql`${db.select({ id: sportsRentals.id }).from(sportsRentals).where(eq(sportsRentals.rentOperationId, r.operationId))}`,
        holdUntil: null,
      })
      .where(eq(sportsOperations.id, r.operationId)),
    releaseReservation(db, r.operationId, now),
    takeOut(db, r.tag, now),
    // Who to remind and of which cabinet, read in the same round trip.
    db
      .select({ openid: sportsUsers.openid, device: sportsDevices.name })
      .from(sportsUsers)
      .innerJoin(sportsDevices, eq(sportsDevices.id, r.deviceId))
      .where(eq(sportsUsers.id, r.userId))
      .limit(1),
    // Another rental the person holds: a report so late that its hold had lapsed.
    db
      .select({ id: sportsRentals.id })
      .from(sportsRentals)
      .where(and(eq(sportsRentals.userId, r.userId), isNull(sportsRentals.returnedAt), ne(sportsRentals.rentOperationId, r.operationId)))
      .limit(1),
  ]);
  await cancelClosed(db, closed);
  if (inserted.length === 1 && others.length > 0) {
    await recordAnomaly(
      db,
      r.deviceId,
      { kind: "second rental", commandId: r.operationId, claimed: { tag_removed: r.tag }, expected: { open_rental: others[0].id } },
      now,
    );
  }
  const [renter] = renters;
  if (inserted.length === 1 && renter) {
    await scheduleRentalReminders(db, env, { rentalId, openid: renter.openid, itemName: info.name, deviceName: renter.device, dueAt, now });
  }
}

/** A revert succeeded: the rental closes exactly once, the item sits in its slot. */
export async function revertSucceeded(
  db: Db,
  r: { operationId: string; rentalId: string; deviceId: string; slot: number; tag: string; now?: number },
) {
  const now = r.now ?? Date.now();
  await db.batch([
    db
      .update(sportsRentals)
      .set({ returnedAt: now, returnDeviceId: r.deviceId, returnOperationId: r.operationId })
      .where(and(eq(sportsRentals.id, r.rentalId), isNull(sportsRentals.returnedAt))),
    db.update(sportsOperations).set({ state: "succeeded", reason: null, updatedAt: now }).where(eq(sportsOperations.id, r.operationId)),
    ...placeItem(db, r.tag, r.deviceId, r.slot, now),
  ]);
  await cancelRentalReminders(db, r.rentalId);
}

/**
 * Fails an operation. A timeout only fails one still pending (a report may
 * have won meanwhile); a report's failure replaces an earlier timeout.
 */
export async function operationFailed(
  db: Db,
  operationId: string,
  reason: string,
  opts: { onlyIfPending?: boolean; now?: number; holdUntil?: number | null } = {},
) {
  const now = opts.now ?? Date.now();
  const still = opts.onlyIfPending ? eq(sportsOperations.state, "pending") : ne(sportsOperations.state, "succeeded");
  await db.batch([
    db
      .update(sportsOperations)
      .set({ state: "failed", reason, updatedAt: now, holdUntil: opts.holdUntil ?? null })
      .where(and(eq(sportsOperations.id, operationId), still)),
    releaseReservation(db, operationId, now),
  ]);
}

/** The cabinet showed the item of a timed-out rent still in its slot: the renter is free again. */
export async function releaseHold(db: Db, operationId: string) {
  await db.update(sportsOperations).set({ holdUntil: null }).where(eq(sportsOperations.id, operationId));
}

/** Mirrors of the cabinet's live state that the device list reads. */
export async function mirrorCodes(db: Db, deviceId: string, codes: string[]) {
  await db.update(sportsDevices).set({ codes }).where(eq(sportsDevices.id, deviceId));
}

export async function mirrorSeen(db: Db, deviceId: string, at: number) {
  await db.update(sportsDevices).set({ lastSeenAt: at }).where(eq(sportsDevices.id, deviceId));
}

/** What a Cabinet object starts from: its slot count and the items D1 has in it. One round trip. */
export async function cabinetInventory(db: Db, deviceId: string) {
  const [devices, items] = await db.batch([
    db.select({ slotCount: sportsDevices.slotCount }).from(sportsDevices).where(eq(sportsDevices.id, deviceId)).limit(1),
    db
      .select({ tag: sportsItems.tag, name: sportsItems.name, type: sportsItems.type, slot: sportsItems.slot })
      .from(sportsItems)
      .where(and(eq(sportsItems.deviceId, deviceId), isNotNull(sportsItems.slot))),
  ]);
  const placed: PlacedItem[] = [];
  for (const i of items) if (i.slot !== null) placed.push({ tag: i.tag, name: i.name, type: i.type, slot: i.slot });
  return { slotCount: devices[0]?.slotCount ?? 0, items: placed };
}

/**
 * Operators put tagged items into slots (creating or moving them). Returns
 * the first tag that is out on an open rental, in which case nothing
 * changes, or where D1 had the tags before (in other slots).
 */
export async function placeItems(db: Db, deviceId: string, items: PlacedItem[]): Promise<{ rented: string } | { moved: Whereabouts[] }> {
  const now = Date.now();
  const tags = items.map((i) => i.tag);
  const [rentedRows, before] = await db.batch([
    db
      .select({ tag: sportsRentals.tag })
      .from(sportsRentals)
      .where(and(isNull(sportsRentals.returnedAt), inArray(sportsRentals.tag, tags)))
      .limit(1),
    whereabouts(db, tags),
  ]);
  const [rented] = rentedRows;
  if (rented) return { rented: rented.tag };
  const moved = elsewhere(before, deviceId);
  const [first, ...rest] = items.flatMap((i) => [
    db.update(sportsItems).set({ deviceId: null, slot: null, updatedAt: now }).where(eq(sportsItems.tag, i.tag)),
    db
      .insert(sportsItems)
      .values({ tag: i.tag, name: i.name, type: i.type, deviceId: null, slot: null, reservedBy: null, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: sportsItems.tag, set: { name: i.name, type: i.type, reservedBy: null, updatedAt: now } }),
    ...placeItem(db, i.tag, deviceId, i.slot, now),
  ]);
  if (first) await db.batch([first, ...rest]);
  return { moved };
}

/** Keeps a mismatch for operators (`GET /admin/sports/anomalies`). */
export async function recordAnomaly(db: Db, deviceId: string, a: Anomaly, at = Date.now()) {
  await db.insert(sportsAnomalies).values({
    id: crypto.randomUUID(),
    deviceId,
    kind: a.kind,
    commandId: a.commandId ?? null,
    claimed: a.claimed,
    expected: a.expected,
    at,
  });
}

/** An operator changed the cabinet's slot count. */
export async function setSlotCount(db: Db, deviceId: string, slotCount: number) {
  await db.update(sportsDevices).set({ slotCount }).where(eq(sportsDevices.id, deviceId));
}
