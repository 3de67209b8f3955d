import { and, asc, count, desc, eq, gte, isNotNull, isNull, lt } from "drizzle-orm";
import { sportsRentals, sportsUsers } from "../../db/schema/sports";
import type { Db } from "../../env";
import type { Page } from "../../platform/paging";
import { formatIso } from "../../platform/time";

export type RentalState = "active" | "overdue" | "returned";

const r = sportsRentals;

const inState = (state: RentalState, now: number) =>
  state === "returned"
    ? isNotNull(r.returnedAt)
    : state === "overdue"
      ? and(isNull(r.returnedAt), lt(r.dueAt, now))
      : and(isNull(r.returnedAt), gte(r.dueAt, now));

const rentalsQuery = (db: Db, state: RentalState, page: Page, now: number) =>
  db
    .select({ r: sportsRentals, phone: sportsUsers.phone })
    .from(sportsRentals)
    .innerJoin(sportsUsers, eq(sportsUsers.id, sportsRentals.userId))
    .where(inState(state, now))
    .orderBy(state === "returned" ? desc(r.returnedAt) : asc(r.dueAt))
    .limit(page.limit)
    .offset(page.offset);

const toRental = ({ r: x, phone }: { r: typeof sportsRentals.$inferSelect; phone: string }) => ({
  rental_id: x.id,
  userid: x.userId,
  phone,
  tag: x.tag,
  name: x.itemName,
  type: x.itemType,
  device_id: x.deviceId,
  time_begin: formatIso(x.startedAt),
  time_due: formatIso(x.dueAt),
  time_end: x.returnedAt === null ? null : formatIso(x.returnedAt),
  return_device_id: x.returnDeviceId,
});

/**
 * Rentals for operators: out and not yet due (soonest due first), out and
 * past due (longest overdue first), or returned (newest first).
 */
export async function rentalsByState(db: Db, state: RentalState, page: Page, now = Date.now()) {
  return (await rentalsQuery(db, state, page, now)).map(toRental);
}

/** A page of rentals in `state` and how many there are in all: one round trip. */
export async function rentalsPage(db: Db, state: RentalState, page: Page, now = Date.now()) {
  const [[counted], rows] = await db.batch([
    db.select({ total: count() }).from(sportsRentals).where(inState(state, now)),
    rentalsQuery(db, state, page, now),
  ]);
  return { total: counted?.total ?? 0, rows: rows.map(toRental) };
}
