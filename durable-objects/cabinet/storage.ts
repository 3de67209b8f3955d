import { and, asc, desc, eq, gt, inArray, lte, min, ne } from "drizzle-orm";
import { type DrizzleSqliteDODatabase, drizzle } from "drizzle-orm/durable-sqlite";
import type { PlacedItem } from "../../src/surfaces/sports/cabinet-rpc";
import {
  type CabinetRow,
  type CommandRow,
  type CommandState,
  cabinetRow,
  commands,
  type KeptAnswer,
  MIGRATIONS,
  SCHEMA_VERSION,
  type SlotRow,
  schemaVersion,
  seenSignatures,
  slots,
} from "./schema";

/**
 * Brings the object's tables to SCHEMA_VERSION, one migration per
 * transaction. Run in the constructor's blockConcurrencyWhile, so no
 * request sees a half-migrated object. Returns the version reached.
 */
export function migrate(storage: DurableObjectStorage): number {
  storage.sql.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  const db = drizzle(storage);
  const current = db.select().from(schemaVersion).get()?.version ?? 0;
  for (let version = current; version < SCHEMA_VERSION; version++) {
    storage.transactionSync(() => {
      storage.sql.exec(MIGRATIONS[version]);
      db.delete(schemaVersion).run();
      db.insert(schemaVersion)
        .values({ version: version + 1 })
        .run();
    });
  }
  return Math.max(current, SCHEMA_VERSION);
}

const LIVE: CommandState[] = ["claiming", "pending"];
const SETTLED: CommandState[] = ["expired", "reported"];

/**
 * Typed, synchronous access to the object's SQLite. Every call completes
 * before the next await, which is what lets the object check and reserve
 * without racing itself.
 */
export class CabinetStore {
  private readonly db: DrizzleSqliteDODatabase;

  constructor(storage: DurableObjectStorage) {
    this.db = drizzle(storage);
  }

  cabinet(): CabinetRow | undefined {
    return this.db.select().from(cabinetRow).get();
  }

  /**
   * The cabinet's first use (or a different device in the same object): its
   * slots and items as D1 has them. Codes are left empty, so due at once.
   */
  initialise(deviceId: string, slotCount: number, items: PlacedItem[]) {
    for (let slot = 1; slot <= slotCount; slot++) this.setSlot(slot, null, null);
    for (const item of items) this.setSlot(item.slot, item.tag, item);
    this.db
      .insert(cabinetRow)
      .values({ id: 1, deviceId, codes: [], codesAt: 0, lastPollAt: 0, seenMirroredAt: 0, slotCount })
      .onConflictDoUpdate({ target: cabinetRow.id, set: { deviceId, slotCount } })
      .run();
  }

  updateCabinet(changes: Partial<Omit<CabinetRow, "id">>) {
    this.db.update(cabinetRow).set(changes).where(eq(cabinetRow.id, 1)).run();
  }

  slots(): SlotRow[] {
    return this.db.select().from(slots).orderBy(asc(slots.slot)).all();
  }

  slot(slot: number): SlotRow | undefined {
    return this.db.select().from(slots).where(eq(slots.slot, slot)).get();
  }

  /** Puts `tag` (or nothing) in a slot; a tag sits in one slot only. */
  setSlot(slot: number, tag: string | null, info: { name: string; type: string } | null) {
    if (tag) {
      this.db
        .update(slots)
        .set({ tag: null, name: null, type: null })
        .where(and(eq(slots.tag, tag), ne(slots.slot, slot)))
        .run();
    }
    const contents = { tag, name: info?.name ?? null, type: info?.type ?? null };
    this.db
      .insert(slots)
      .values({ slot, ...contents })
      .onConflictDoUpdate({ target: slots.slot, set: contents })
      .run();
  }

  /** Slots 1..slotCount, empty where new; those beyond are dropped. */
  resize(slotCount: number) {
    this.db.delete(slots).where(gt(slots.slot, slotCount)).run();
    for (let slot = 1; slot <= slotCount; slot++) this.db.insert(slots).values({ slot }).onConflictDoNothing().run();
  }

  /** A tag left whichever slot held it. */
  removeTag(tag: string, now: number) {
    this.db.update(slots).set({ tag: null, name: null, type: null, changedAt: now }).where(eq(slots.tag, tag)).run();
  }

  touchSlot(slot: number, now: number) {
    this.db.update(slots).set({ changedAt: now }).where(eq(slots.slot, slot)).run();
  }

  command(id: string): CommandRow | undefined {
    return this.db.select().from(commands).where(eq(commands.id, id)).get();
  }

  /** Commands holding their slot: claiming or pending. */
  liveCommands(): CommandRow[] {
    return this.db.select().from(commands).where(inArray(commands.state, LIVE)).orderBy(asc(commands.createdAt)).all();
  }

  /** Pending commands not yet expired: what the cabinet is to carry out. */
  commandsToDeliver(now: number): CommandRow[] {
    return this.db
      .select()
      .from(commands)
      .where(and(eq(commands.state, "pending"), gt(commands.expiresAt, now)))
      .orderBy(asc(commands.createdAt))
      .all();
  }

  /** Live commands past their deadline. */
  overdueCommands(now: number): CommandRow[] {
    return this.db
      .select()
      .from(commands)
      .where(and(inArray(commands.state, LIVE), lte(commands.expiresAt, now)))
      .all();
  }

  /** The latest unsettled (pending or expired) command on a slot issued after `since`. */
  recentCommandOn(slot: number, since: number): CommandRow | undefined {
    return this.db
      .select()
      .from(commands)
      .where(and(eq(commands.slot, slot), inArray(commands.state, ["pending", "expired"]), gt(commands.createdAt, since)))
      .orderBy(desc(commands.createdAt))
      .limit(1)
      .get();
  }

  /** Rents that expired unreported, issued after `since`. */
  expiredRents(since: number): CommandRow[] {
    return this.db
      .select()
      .from(commands)
      .where(and(eq(commands.kind, "rent"), eq(commands.state, "expired"), gt(commands.createdAt, since)))
      .all();
  }

  addCommand(command: CommandRow) {
    this.db.insert(commands).values(command).run();
  }

  deleteCommand(id: string) {
    this.db.delete(commands).where(eq(commands.id, id)).run();
  }

  /** Moves a command to `state` (only from `from` when given); true when it moved. */
  setCommandState(id: string, state: CommandState, from?: CommandState): boolean {
    const rows = this.db
      .update(commands)
      .set({ state })
      .where(from ? and(eq(commands.id, id), eq(commands.state, from)) : eq(commands.id, id))
      .returning({ id: commands.id })
      .all();
    return rows.length > 0;
  }

  /** When the first live command expires, and when the oldest settled one was issued. */
  deadlines(): { expiry: number | null; oldestSettled: number | null } {
    const live = this.db
      .select({ t: min(commands.expiresAt) })
      .from(commands)
      .where(inArray(commands.state, LIVE))
      .get();
    const settled = this.db
      .select({ t: min(commands.createdAt) })
      .from(commands)
      .where(inArray(commands.state, SETTLED))
      .get();
    return { expiry: live?.t ?? null, oldestSettled: settled?.t ?? null };
  }

  /**
   * Remembers a request's signature unless it was already accepted; false
   * for a repeat. Signatures past their window are forgotten first.
   */
  rememberSignature(signature: string, expiresAt: number, now: number): boolean {
    this.db.delete(seenSignatures).where(lte(seenSignatures.expiresAt, now)).run();
    const rows = this.db
      .insert(seenSignatures)
      .values({ signature, expiresAt })
      .onConflictDoNothing()
      .returning({ signature: seenSignatures.signature })
      .all();
    return rows.length === 1;
  }

  /** The answer given to the request with this signature, if one was kept. */
  keptAnswer(signature: string): KeptAnswer | null {
    return (
      this.db.select({ answer: seenSignatures.answer }).from(seenSignatures).where(eq(seenSignatures.signature, signature)).get()?.answer ??
      null
    );
  }

  keepAnswer(signature: string, answer: KeptAnswer) {
    this.db.update(seenSignatures).set({ answer }).where(eq(seenSignatures.signature, signature)).run();
  }

  /** A request that failed was not accepted: sent again, it is carried out afresh. */
  forgetSignature(signature: string) {
    this.db.delete(seenSignatures).where(eq(seenSignatures.signature, signature)).run();
  }

  forgetSettled(issuedBefore: number) {
    this.db
      .delete(commands)
      .where(and(inArray(commands.state, SETTLED), lte(commands.createdAt, issuedBefore)))
      .run();
  }
}
