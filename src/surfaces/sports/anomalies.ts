import { count, desc, eq } from "drizzle-orm";
import { sportsAnomalies } from "../../db/schema/sports";
import type { Db } from "../../env";
import type { Page } from "../../platform/paging";
import { formatIso } from "../../platform/time";

const a = sportsAnomalies;
const ofDevice = (deviceId?: string) => (deviceId ? eq(a.deviceId, deviceId) : undefined);

/** A page of anomalies, newest first, as a query to run or batch. */
export const anomaliesQuery = (db: Db, page: Page, deviceId?: string) =>
  db.select().from(a).where(ofDevice(deviceId)).orderBy(desc(a.at), desc(a.id)).limit(page.limit).offset(page.offset);

export const toAnomaly = (r: typeof sportsAnomalies.$inferSelect) => ({
  anomaly_id: r.id,
  device_id: r.deviceId,
  kind: r.kind,
  command_id: r.commandId,
  claimed: r.claimed,
  expected: r.expected,
  time: formatIso(r.at),
});

/** What cabinets claimed that did not match what was known, newest first (of one cabinet when given). */
export async function listAnomalies(db: Db, page: Page, deviceId?: string) {
  return (await anomaliesQuery(db, page, deviceId)).map(toAnomaly);
}

/** A page of anomalies and how many there are in all: one round trip. */
export async function anomaliesPage(db: Db, page: Page, deviceId?: string) {
  const [[counted], rows] = await db.batch([
    db.select({ total: count() }).from(a).where(ofDevice(deviceId)),
    anomaliesQuery(db, page, deviceId),
  ]);
  return { total: counted?.total ?? 0, rows: rows.map(toAnomaly) };
}
