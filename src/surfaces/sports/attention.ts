import { and, asc, eq, gte, isNotNull, isNull, lt, lte, or, sql } from "drizzle-orm";
import { sportsAnomalies, sportsDevices, sportsOperations, sportsRentals } from "../../db/schema/sports";
import type { Db } from "../../env";
import { cappedCount } from "../../platform/console/counts";
import { ONLINE_MS } from "./timing";

/** Anomalies this recent still want a look (they are never closed: the list is a log). */
export const RECENT_ANOMALY_MS = 24 * 3_600_000;

const one = { one: sql`1` };

/** Cabinets in service that have not polled within ONLINE_MS (never polled included). */
const offline = (now: number) =>
  and(isNull(sportsDevices.retiredAt), or(isNull(sportsDevices.lastSeenAt), lte(sportsDevices.lastSeenAt, now - ONLINE_MS)));

/** What waits for the sports office now, as counts (scalar subqueries, each on an index). */
export function sportsAttention(db: Db, now: number) {
  return {
    offline: cappedCount(db.select(one).from(sportsDevices).where(offline(now))),
    anomalies: cappedCount(
      db
        .select(one)
        .from(sportsAnomalies)
        .where(gte(sportsAnomalies.at, now - RECENT_ANOMALY_MS)),
    ),
    // Door commands the cabinet has not reported yet, and rents that timed out with nobody knowing whether the item left.
    pending: cappedCount(db.select(one).from(sportsOperations).where(eq(sportsOperations.state, "pending"))),
    held: cappedCount(db.select(one).from(sportsOperations).where(isNotNull(sportsOperations.holdUntil))),
    overdue: cappedCount(
      db
        .select(one)
        .from(sportsRentals)
        .where(and(isNull(sportsRentals.returnedAt), lt(sportsRentals.dueAt, now))),
    ),
  };
}

/** The offline cabinets, longest silent first (never polled first). */
export const offlineCabinetsQuery = (db: Db, now: number, limit: number) =>
  db
    .select({ id: sportsDevices.id, name: sportsDevices.name, location: sportsDevices.location, lastSeenAt: sportsDevices.lastSeenAt })
    .from(sportsDevices)
    .where(offline(now))
    .orderBy(sql`${sportsDevices.lastSeenAt} IS NOT NULL`, asc(sportsDevices.lastSeenAt), asc(sportsDevices.id))
    .limit(limit);

const unconfirmed = {
  id: sportsOperations.id,
  deviceId: sportsOperations.deviceId,
  kind: sportsOperations.kind,
  state: sportsOperations.state,
  slot: sportsOperations.slot,
  createdAt: sportsOperations.createdAt,
  holdUntil: sportsOperations.holdUntil,
};

/** Operations not confirmed by their cabinet (in flight, or timed out and held), oldest first: one partial index each. */
export const unconfirmedOperationsQuery = (db: Db, limit: number) =>
  db
    .select(unconfirmed)
    .from(sportsOperations)
    .where(eq(sportsOperations.state, "pending"))
    .union(db.select(unconfirmed).from(sportsOperations).where(isNotNull(sportsOperations.holdUntil)))
    .orderBy(sql`created_at`)
    .limit(limit);
