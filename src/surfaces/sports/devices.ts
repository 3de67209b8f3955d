import { and, asc, count, eq, isNotNull, isNull } from "drizzle-orm";
import { sportsDevices, sportsItems } from "../../db/schema/sports";
import type { Bindings, Db } from "../../env";
import { toHex } from "../../platform/encoding";
import { AppError } from "../../platform/errors";
import { formatIso } from "../../platform/time";
import { seenOnline } from "./timing";

export type Device = typeof sportsDevices.$inferSelect;

export const cabinetOf = (env: Bindings, deviceId: string) => env.CABINETS.get(env.CABINETS.idFromName(deviceId));

export function findDevice(db: Db, deviceId: string) {
  return db.query.sportsDevices.findFirst({ where: eq(sportsDevices.id, deviceId) });
}

/** The cabinet if in service (not retired), as a query to run or batch. */
export const liveDeviceQuery = (db: Db, deviceId: string) =>
  db
    .select()
    .from(sportsDevices)
    .where(and(eq(sportsDevices.id, deviceId), isNull(sportsDevices.retiredAt)))
    .limit(1);

/** A cabinet in service, or null (unknown or retired). */
export async function liveDevice(db: Db, deviceId: string): Promise<Device | null> {
  const [device] = await liveDeviceQuery(db, deviceId);
  return device ?? null;
}

/** Every cabinet, retired ones included, without secrets: the operators' list. */
export async function allDevices(db: Db) {
  const rows = await db.select().from(sportsDevices).orderBy(asc(sportsDevices.id));
  return rows.map(({ secret: _secret, codes, lastSeenAt, retiredAt, secretRotatedAt, createdAt, slotCount, ...d }) => ({
    ...d,
    slots: slotCount,
    verification_codes: codes,
    last_seen_at: lastSeenAt === null ? null : formatIso(lastSeenAt),
    retired_at: retiredAt === null ? null : formatIso(retiredAt),
    secret_rotated_at: formatIso(secretRotatedAt),
    created_at: formatIso(createdAt),
  }));
}

/**
 * Every cabinet in service with its online state, the codes it shows and
 * how many items of each type sit in it unreserved. Two indexed queries.
 * Each entry also carries the original server's names for its fields
 * (`deviceID`, `captchas`, `instruments`; `location` is the same name).
 */
export async function listDevices(db: Db, now = Date.now()) {
  // One D1 round trip for both reads.
  const [devices, stock] = await db.batch([
    db.select().from(sportsDevices).where(isNull(sportsDevices.retiredAt)).orderBy(asc(sportsDevices.id)),
    db
      .select({ deviceId: sportsItems.deviceId, type: sportsItems.type, available: count() })
      .from(sportsItems)
      .where(and(isNotNull(sportsItems.deviceId), isNull(sportsItems.reservedBy)))
      .groupBy(sportsItems.deviceId, sportsItems.type)
      .orderBy(sportsItems.deviceId, sportsItems.type),
  ]);
  const byDevice = new Map<string, { type: string; available: number }[]>();
  for (const s of stock) {
    if (s.deviceId === null) continue;
    const list = byDevice.get(s.deviceId) ?? [];
    list.push({ type: s.type, available: s.available });
    byDevice.set(s.deviceId, list);
  }
  return devices.map((d) => {
    const items = byDevice.get(d.id) ?? [];
    return {
      device_id: d.id,
      name: d.name,
      location: d.location,
      online: seenOnline(d.lastSeenAt, now),
      verification_codes: d.codes,
      items,
      deviceID: d.id,
      captchas: d.codes,
      instruments: items,
    };
  });
}

/** 32 random bytes as hex: the cabinet's HMAC key. */
export const newSecret = () => toHex(crypto.getRandomValues(new Uint8Array(32)));

export async function createDevice(db: Db, d: { device_id: string; name: string; location?: string; slots: number }) {
  const now = Date.now();
  const secret = newSecret();
  const rows = await db
    .insert(sportsDevices)
    .values({ id: d.device_id, name: d.name, location: d.location ?? "", slotCount: d.slots, secret, secretRotatedAt: now, createdAt: now })
    .onConflictDoNothing({ target: sportsDevices.id })
    .returning({ id: sportsDevices.id });
  if (rows.length === 0) throw new AppError("conflict", `device ${d.device_id} already exists`);
  return { device_id: d.device_id, secret };
}

/** A new secret replaces the old one at once; the cabinet must be reconfigured with it. */
export async function rotateSecret(db: Db, deviceId: string) {
  const secret = newSecret();
  const rows = await db
    .update(sportsDevices)
    .set({ secret, secretRotatedAt: Date.now() })
    .where(and(eq(sportsDevices.id, deviceId), isNull(sportsDevices.retiredAt)))
    .returning({ id: sportsDevices.id });
  if (rows.length === 0) throw new AppError("not_found", `no device ${deviceId} in service`);
  return { device_id: deviceId, secret };
}

export async function retireDevice(db: Db, env: Bindings, deviceId: string) {
  const rows = await db
    .update(sportsDevices)
    .set({ retiredAt: Date.now() })
    .where(and(eq(sportsDevices.id, deviceId), isNull(sportsDevices.retiredAt)))
    .returning({ id: sportsDevices.id });
  if (rows.length === 0) throw new AppError("not_found", `no device ${deviceId} in service`);
  await cabinetOf(env, deviceId).retire(deviceId);
}
