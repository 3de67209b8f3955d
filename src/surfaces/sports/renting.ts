import { and, desc, eq, isNull } from "drizzle-orm";
import { sportsDevices, sportsOperations, sportsRentals } from "../../db/schema/sports";
import type { Bindings, Db } from "../../env";
import { formatIso } from "../../platform/time";
import { cabinetOf, liveDevice } from "./devices";
import { refuse } from "./envelope";
import type { SportsUser } from "./users";

async function device(db: Db, deviceId: string) {
  const d = await liveDevice(db, deviceId);
  if (!d) throw refuse("invalid device_id");
  return d;
}

const openRental = (db: Db, userId: string) =>
  db.query.sportsRentals.findFirst({
    where: and(eq(sportsRentals.userId, userId), isNull(sportsRentals.returnedAt)),
    orderBy: sportsRentals.startedAt,
  });

const findPending = (db: Db, userId: string) =>
  db.query.sportsOperations.findFirst({ where: and(eq(sportsOperations.userId, userId), eq(sportsOperations.state, "pending")) });

/** The user's operation in flight; one past its deadline is timed out first, should its cabinet's alarm run late. */
async function pendingOperation(db: Db, env: Bindings, userId: string) {
  const op = await findPending(db, userId);
  if (!op || op.expiresAt > Date.now()) return op;
  await cabinetOf(env, op.deviceId).sweep(op.deviceId);
  return findPending(db, userId);
}

/**
 * Asks the cabinet to open a door on an item of `type`. One item per person:
 * refused while the user holds one (overdue or not) or has an operation in
 * flight; the cabinet's Durable Object and D1's unique index enforce it
 * under concurrency, this check only answers early.
 */
export async function tryRent(db: Db, env: Bindings, user: SportsUser, p: { device_id: string; type: string; verification_code: string }) {
  const d = await device(db, p.device_id);
  if (!user.phone) throw refuse("phone required");
  const [rental, pending] = await Promise.all([openRental(db, user.id), pendingOperation(db, env, user.id)]);
  if (rental || pending) throw refuse("already renting");
  const outcome = await cabinetOf(env, d.id).rent(d.id, user.id, p.type, p.verification_code);
  if (!outcome.ok) throw refuse(outcome.error);
  return outcome.operationId;
}

/** Asks the cabinet to open an empty slot for the item the user holds. */
export async function tryRevert(db: Db, env: Bindings, user: SportsUser, p: { device_id: string; verification_code: string }) {
  const d = await device(db, p.device_id);
  // Also times out a stale operation first, so it does not block this one.
  const [rental] = await Promise.all([openRental(db, user.id), pendingOperation(db, env, user.id)]);
  if (!rental) throw refuse("not renting");
  const outcome = await cabinetOf(env, d.id).revert(
    d.id,
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
  };
}
