import { and, asc, desc, eq, gte, isNotNull, isNull, lt } from "drizzle-orm";
import { sportsRentals, sportsUsers } from "../../db/schema/sports";
import type { Db } from "../../env";
import type { Page } from "../../platform/paging";
import { formatIso } from "../../platform/time";

export type RentalState = "active" | "overdue" | "returned";

/**
 * Rentals for operators: out and not yet due (soonest due first), out and
 * past due (longest overdue first), or returned (newest first).
 */
export async function rentalsByState(db: Db, state: RentalState, page: Page, now = Date.now()) {
  const r = sportsRentals;
  const where =
    state === "returned"
      ? isNotNull(r.returnedAt)
      : state === "overdue"
        ? and(isNull(r.returnedAt), lt(r.dueAt, now))
        : and(isNull(r.returnedAt), gte(r.dueAt, now));
  const rows = await db
    .select({ r: sportsRentals, phone: sportsUsers.phone })
    .from(sportsRentals)
    .innerJoin(sportsUsers, eq(sportsUsers.id, sportsRentals.userId))
    .where(where)
    .orderBy(state === "returned" ? desc(r.returnedAt) : asc(r.dueAt))
    .limit(page.limit)
    .offset(page.offset);
  return rows.map(({ r: x, phone }) => ({
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
  }));
}
