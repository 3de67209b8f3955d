import { and, desc, eq, gt, isNull, ne } from "drizzle-orm";
import { sportsDevices, sportsOperations, sportsRentals, sportsUsers } from "../../db/schema/sports";
import type { Bindings, Db } from "../../env";
import { formatIso } from "../../platform/time";
import { cabinetOf, liveDeviceQuery } from "./devices";
import { refuse } from "./envelope";

const openRental = (db: Db, userId: string) =>
  db
    .select()
    .from(sportsRentals)
    .where(and(eq(sportsRentals.userId, userId), isNull(sportsRentals.returnedAt)))
    .orderBy(sportsRentals.startedAt)
    .limit(1);

const findPending = (db: Db, userId: string) =>
  db
    .select()
    .from(sportsOperations)
    .where(and(eq(sportsOperations.userId, userId), eq(sportsOperations.state, "pending")))
    .limit(1);

/** A rent at another cabinet that timed out with nobody knowing yet whether the item left: it still holds the person. */
const findHeld = (db: Db, userId: string, deviceId: string, now: number) =>
  db
    .select({ id: sportsOperations.id })
    .from(sportsOperations)
    .where(and(eq(sportsOperations.userId, userId), gt(sportsOperations.holdUntil, now), ne(sportsOperations.deviceId, deviceId)))
    .limit(1);

/**
 * The cabinet in service, the user's phone, open rental, operation in flight
 * and unconfirmed rent, in one D1 round trip. An operation past its deadline is timed out first,
 * should its cabinet's alarm run late.
 */
async function renterAt(db: Db, env: Bindings, deviceId: string, user: { id: string }) {
  const [devices, users, rentals, pendings, held] = await db.batch([
    liveDeviceQuery(db, deviceId),
    db.select({ phone: sportsUsers.phone }).from(sportsUsers).where(eq(sportsUsers.id, user.id)),
    openRental(db, user.id),
    findPending(db, user.id),
    findHeld(db, user.id, deviceId, Date.now()),
  ]);
  const device = devices[0];
  if (!device) throw refuse("invalid device_id");
  return {
    device,
    phone: users[0]?.phone ?? "",
    rental: rentals[0],
    held: held.length > 0,
    pending: async () => {
      const op = pendings[0];
      if (!op || op.expiresAt > Date.now()) return op;
      await cabinetOf(env, op.deviceId).sweep(op.deviceId);
      return (await findPending(db, user.id))[0];
    },
  };
}

/**
 * Asks the cabinet to open a door on an item of `type`. One item per person:
 * refused while the user holds one (overdue or not) or has an operation in
 * flight; the cabinet's Durable Object and D1's unique index enforce it
 * under concurrency, this check only answers early.
 */
export async function tryRent(
  db: Db,
  env: Bindings,
  user: { id: string },
  p: { device_id: string; type: string; verification_code: string },
) {
  const { device, phone, rental, pending, held } = await renterAt(db, env, p.device_id, user);
  if (!phone) throw refuse("phone required");
  const inFlight = await pending();
  if (rental || inFlight) throw refuse("already renting");
  if (held) throw refuse("operation unconfirmed");
  const outcome = await cabinetOf(env, device.id).rent(device.id, user.id, p.type, p.verification_code);
  if (!outcome.ok) throw refuse(outcome.error);
  return outcome.operationId;
}

/** Asks the cabinet to open an empty slot for the item the user holds. */
export async function tryRevert(db: Db, env: Bindings, user: { id: string }, p: { device_id: string; verification_code: string }) {
  const { device, rental, pending } = await renterAt(db, env, p.device_id, user);
  // Also times out a stale operation first, so it does not block this one.
  await pending();
  if (!rental) throw refuse("not renting");
  const outcome = await cabinetOf(env, device.id).revert(
    device.id,
    user.id,
    { id: rental.id, tag: rental.tag, name: rental.itemName },
    p.verification_code,
  );
  if (!outcome.ok) throw refuse(outcome.error);
  return outcome.operationId;
}

/** The user's most recent operation, as CONTRACT section 4 shows it, or null. */
export async function latestOperation(db: Db, userId: string) {
  const [row] = await db
    .select({ op: sportsOperations, device: sportsDevices.name })
    .from(sportsOperations)
    .innerJoin(sportsDevices, eq(sportsDevices.id, sportsOperations.deviceId))
    .where(eq(sportsOperations.userId, userId))
    .orderBy(desc(sportsOperations.createdAt))
    .limit(1);
  if (!row) return null;
  const { op } = row;
  return {
    operation_id: op.id,
    kind: op.kind,
    state: op.state,
    reason: op.reason,
    device: row.device,
    name: op.itemName,
    time: formatIso(op.createdAt),
    ...(op.holdUntil !== null && op.holdUntil > Date.now() ? { unconfirmed: true as const } : {}),
  };
}
