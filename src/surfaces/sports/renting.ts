import { and, desc, eq, gt, isNull, ne } from "drizzle-orm";
import { sportsDevices, sportsOperations, sportsRentals } from "../../db/schema/sports";
import type { Bindings, Db } from "../../env";
import { formatIso } from "../../platform/time";
import { cabinetOf, type Device } from "./devices";
import { statusError } from "./envelope";
import type { SportsUser } from "./users";

/** The user's open rental, if any. */
export const openRentalQuery = (db: Db, userId: string) =>
  db
    .select()
    .from(sportsRentals)
    .where(and(eq(sportsRentals.userId, userId), isNull(sportsRentals.returnedAt)))
    .orderBy(sportsRentals.startedAt)
    .limit(1);

/** The user's operation in flight, if any. */
export const pendingQuery = (db: Db, userId: string) =>
  db
    .select()
    .from(sportsOperations)
    .where(and(eq(sportsOperations.userId, userId), eq(sportsOperations.state, "pending")))
    .limit(1);

/** A rent at another cabinet that timed out with nobody knowing yet whether the item left: it still holds the person. */
export const heldQuery = (db: Db, userId: string, deviceId: string, now: number) =>
  db
    .select({ id: sportsOperations.id })
    .from(sportsOperations)
    .where(and(eq(sportsOperations.userId, userId), gt(sportsOperations.holdUntil, now), ne(sportsOperations.deviceId, deviceId)))
    .limit(1);

type Rental = typeof sportsRentals.$inferSelect;
type Operation = typeof sportsOperations.$inferSelect;

/** What a rent or revert decides on, as the route read it with its caller. */
export interface Renter {
  me: SportsUser;
  device: Device | undefined;
  rental: Rental | undefined;
  pending: Operation | undefined;
  held: boolean;
}

/** The operation in flight; one past its deadline is timed out first, should its cabinet's alarm run late. */
async function stillPending(db: Db, env: Bindings, r: Renter): Promise<Operation | undefined> {
  const op = r.pending;
  if (!op || op.expiresAt > Date.now()) return op;
  await cabinetOf(env, op.deviceId).sweep(op.deviceId);
  return (await pendingQuery(db, r.me.id))[0];
}

/**
 * Asks the cabinet to open a door on an item of `type`. One item per person:
 * refused while the user holds one (overdue or not) or has an operation in
 * flight; the cabinet's Durable Object and D1's unique index enforce it
 * under concurrency, this check only answers early.
 */
export async function tryRent(db: Db, env: Bindings, r: Renter, p: { type: string; verification_code: string }) {
  const device = r.device;
  if (!device) throw statusError("invalid device_id");
  if (!r.me.phone) throw statusError("phone required");
  const inFlight = await stillPending(db, env, r);
  if (r.rental || inFlight) throw statusError("already renting");
  if (r.held) throw statusError("operation unconfirmed");
  const outcome = await cabinetOf(env, device.id).rent(device.id, r.me.id, p.type, p.verification_code);
  if (!outcome.ok) throw statusError(outcome.error);
  return outcome.operationId;
}

/** Asks the cabinet to open an empty slot for the item the user holds. */
export async function tryRevert(db: Db, env: Bindings, r: Renter, p: { verification_code: string }) {
  const device = r.device;
  if (!device) throw statusError("invalid device_id");
  // Also times out a stale operation first, so it does not block this one.
  await stillPending(db, env, r);
  const rental = r.rental;
  if (!rental) throw statusError("not renting");
  const outcome = await cabinetOf(env, device.id).revert(
    device.id,
    r.me.id,
    { id: rental.id, tag: rental.tag, name: rental.itemName },
    p.verification_code,
  );
  if (!outcome.ok) throw statusError(outcome.error);
  return outcome.operationId;
}

/** The user's most recent operation with its cabinet's name. */
export const latestOperationQuery = (db: Db, userId: string) =>
  db
    .select({ op: sportsOperations, device: sportsDevices.name })
    .from(sportsOperations)
    .innerJoin(sportsDevices, eq(sportsDevices.id, sportsOperations.deviceId))
    .where(eq(sportsOperations.userId, userId))
    .orderBy(desc(sportsOperations.createdAt))
    .limit(1);

/** The operation as CONTRACT section 4 shows it, or null. */
export function presentOperation(row: Awaited<ReturnType<typeof latestOperationQuery>>[number] | undefined) {
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

/** The original server's word for where the latest operation stands. */
const ORIGINAL_STATE = { pending: "waiting", succeeded: "succeeded", failed: "failed" } as const;

/**
 * The operation under the original server's names as well, for its /user/... paths: its state in that
 * server's words as latest_renting_or_reverting_status ("unstarted" when there is none), and
 * renting_or_reverting (whether it is still in flight).
 */
export function withOriginalNames(operation: ReturnType<typeof presentOperation>) {
  return {
    operation,
    latest_renting_or_reverting_status: operation ? ORIGINAL_STATE[operation.state] : "unstarted",
    renting_or_reverting: operation?.state === "pending",
  };
}
