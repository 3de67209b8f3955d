import { asc, count, eq, sql } from "drizzle-orm";
import { sportsDevices } from "../../db/schema/sports";
import type { Bindings, Db } from "../../env";
import type { Page } from "../../platform/paging";
import { anomaliesQuery, toAnomaly } from "./anomalies";
import { cabinetOf } from "./devices";
import { seenOnline } from "./timing";

/** A cabinet as operators list it: never its secret. */
const listed = {
  id: sportsDevices.id,
  name: sportsDevices.name,
  location: sportsDevices.location,
  slotCount: sportsDevices.slotCount,
  lastSeenAt: sportsDevices.lastSeenAt,
  retiredAt: sportsDevices.retiredAt,
  secretRotatedAt: sportsDevices.secretRotatedAt,
  createdAt: sportsDevices.createdAt,
};

/** A page of every cabinet (in service first, then retired ones; by device_id) with its online state, and the total. */
export async function devicesPage(db: Db, page: Page, now = Date.now()) {
  const [[counted], rows] = await db.batch([
    db.select({ total: count() }).from(sportsDevices),
    db
      .select(listed)
      .from(sportsDevices)
      .orderBy(sql`${sportsDevices.retiredAt} IS NOT NULL`, asc(sportsDevices.id))
      .limit(page.limit)
      .offset(page.offset),
  ]);
  return { total: counted?.total ?? 0, rows: rows.map((d) => ({ ...d, online: seenOnline(d.lastSeenAt, now) })) };
}

/**
 * One cabinet for operators: its record, its latest anomalies (one D1 round trip), and its live state
 * as its Cabinet object sees it (slots and tags, codes, door commands in flight). Null when unknown.
 */
export async function cabinetOverview(db: Db, env: Bindings, deviceId: string, anomalies = 10) {
  const [[device], recent] = await db.batch([
    db.select(listed).from(sportsDevices).where(eq(sportsDevices.id, deviceId)).limit(1),
    anomaliesQuery(db, { limit: anomalies, offset: 0 }, deviceId),
  ]);
  if (!device) return null;
  const live = await cabinetOf(env, deviceId).inspect(deviceId);
  return { device, live, anomalies: recent.map(toAnomaly) };
}
