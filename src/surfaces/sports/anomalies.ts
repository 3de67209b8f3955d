import { desc, eq } from "drizzle-orm";
import { sportsAnomalies } from "../../db/schema/sports";
import type { Db } from "../../env";
import type { Page } from "../../platform/paging";
import { formatIso } from "../../platform/time";

/** What cabinets claimed that did not match what was known, newest first (of one cabinet when given). */
export async function listAnomalies(db: Db, page: Page, deviceId?: string) {
  const a = sportsAnomalies;
  const rows = await db
    .select()
    .from(a)
    .where(deviceId ? eq(a.deviceId, deviceId) : undefined)
    .orderBy(desc(a.at), desc(a.id))
    .limit(page.limit)
    .offset(page.offset);
  return rows.map((r) => ({
    anomaly_id: r.id,
    device_id: r.deviceId,
    kind: r.kind,
    command_id: r.commandId,
    claimed: r.claimed,
    expected: r.expected,
    time: formatIso(r.at),
  }));
}
