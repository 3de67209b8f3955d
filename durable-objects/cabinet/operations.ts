import { drizzle } from "drizzle-orm/d1";
import * as schema from "../../src/db/schema";
import type { Bindings, Db } from "../../src/env";
import { config } from "../../src/platform/config";
import { formatIso } from "../../src/platform/time";
import type {
  CabinetInspection,
  CabinetRpc,
  Outcome,
  PlacedItem,
  PollReply,
  Refused,
  RentalToReturn,
  Report,
  Seal,
  SlotView,
  StockChange,
} from "../../src/surfaces/sports/cabinet-rpc";
import { cabinetOf } from "../../src/surfaces/sports/devices";
import * as ledger from "../../src/surfaces/sports/ledger";
import { POLL_PATH } from "../../src/surfaces/sports/protocol";
import { CLOCK_WINDOW_S, POLL_AFTER_MS, UNCONFIRMED_HOLD_MS, WS_POLL_AFTER_MS } from "../../src/surfaces/sports/timing";
import * as m from "./machine";
import type { CabinetRow, CommandRow, KeptAnswer } from "./schema";
import type { CabinetStore } from "./storage";

interface Queued {
  userId: string;
  slot: number;
  tag: string;
  itemName: string | null;
  rentalId?: string;
  now: number;
}

/**
 * What the object does with each request: the checks and reservations (in
 * its SQLite, synchronously, before any await, so requests racing for one
 * cabinet are served one after another), then the outcome written through
 * to D1 (src/surfaces/sports/ledger.ts). The rules themselves are in
 * machine.ts.
 */
export class CabinetOperations implements CabinetRpc {
  /** D1, where the durable records are. */
  readonly db: Db;
  private readonly ctx: DurableObjectState;
  private readonly env: Bindings;
  private readonly store: CabinetStore;
  private loading: Promise<void> | null = null;
  /** Signed requests being carried out, by signature: a repeat arriving meanwhile waits for the first. */
  private readonly working = new Map<string, Promise<unknown>>();
  /** Commands being settled, by id: a report of one arriving meanwhile waits for the outcome. */
  private readonly settling = new Map<string, Promise<void>>();
  private lastAnomaly = { key: "", at: 0 };

  constructor(ctx: DurableObjectState, env: Bindings, store: CabinetStore) {
    this.ctx = ctx;
    this.env = env;
    this.store = store;
    this.db = drizzle(env.DB, { schema });
  }

  private rotateMs() {
    return config(this.env).SPORTS_CODE_ROTATE_SECONDS * 1000;
  }

  private timeoutMs() {
    return config(this.env).SPORTS_OPERATION_TIMEOUT_SECONDS * 1000;
  }

  /** The cabinet as stored now; only called once loaded. */
  private cabinet(): CabinetRow {
    const cabinet = this.store.cabinet();
    if (!cabinet) throw new Error("the cabinet is not loaded");
    return cabinet;
  }

  /** The device this object serves, or "" before its first use. */
  deviceId(): string {
    return this.store.cabinet()?.deviceId ?? "";
  }

  /**
   * First use of this object: the cabinet's record and equipment come from
   * D1 (provisioned by an operator or the seed), then live here.
   */
  async load(deviceId: string) {
    if (this.deviceId() === deviceId) return;
    this.loading ??= (async () => {
      try {
        const inventory = await ledger.cabinetInventory(this.db, deviceId);
        if (this.deviceId() === deviceId) return;
        this.store.initialise(deviceId, inventory.slotCount, inventory.items);
        await this.rotate(Date.now());
      } finally {
        this.loading = null;
      }
    })();
    await this.loading;
  }

  /**
   * Whether to keep this anomaly: a cabinet repeating the same claim on
   * every poll is kept once a minute (while this object stays in memory).
   */
  private newAnomaly(key: string, now: number): boolean {
    if (this.lastAnomaly.key === key && now - this.lastAnomaly.at < 60_000) return false;
    this.lastAnomaly = { key, at: now };
    return true;
  }

  /** Draws a fresh code when due and mirrors the codes to D1. Returns true when rotated. */
  private async rotate(now: number): Promise<boolean> {
    const cabinet = this.cabinet();
    if (!m.codesDue(cabinet, now, this.rotateMs())) return false;
    const codes = m.nextCodes(cabinet.codes);
    this.store.updateCabinet({ codes, codesAt: now });
    await ledger.mirrorCodes(this.db, cabinet.deviceId, codes);
    return true;
  }

  /** Sets the alarm for the next thing to do, unless it is already set sooner. */
  private async schedule(now = Date.now()) {
    const cabinet = this.store.cabinet();
    if (!cabinet) return;
    const next = m.wakeAt(cabinet, this.store.deadlines(), now, this.rotateMs());
    if (next === null) return;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > next || current < now) await this.ctx.storage.setAlarm(next);
  }

  // ---- students ----

  async rent(deviceId: string, userId: string, type: string, code: string): Promise<Outcome> {
    await this.load(deviceId);
    const now = Date.now();
    const refused = m.refusal(this.cabinet(), code, now);
    if (refused) return { ok: false, error: refused };
    const slot = m.slotToRent(this.store.slots(), m.busySlots(this.store.liveCommands()), type);
    if (!slot) return { ok: false, error: "no item available" };
    return this.queue("rent", { userId, slot: slot.slot, tag: slot.tag, itemName: null, now });
  }

  async revert(deviceId: string, userId: string, rental: RentalToReturn, code: string): Promise<Outcome> {
    await this.load(deviceId);
    const now = Date.now();
    const refused = m.refusal(this.cabinet(), code, now);
    if (refused) return { ok: false, error: refused };
    const slot = m.slotToRevert(this.store.slots(), m.busySlots(this.store.liveCommands()));
    if (slot === undefined) return { ok: false, error: "no empty slot" };
    return this.queue("revert", { userId, slot, tag: rental.tag, itemName: rental.name, rentalId: rental.id, now });
  }

  /**
   * Reserves the slot (synchronously, so a racing request picks another or
   * none), then records the operation in D1, where the partial unique index
   * allows one operation in flight per person across every cabinet.
   */
  private async queue(kind: "rent" | "revert", q: Queued): Promise<Outcome> {
    const id = crypto.randomUUID();
    const expiresAt = q.now + this.timeoutMs();
    const deviceId = this.cabinet().deviceId;
    this.store.addCommand({
      id,
      kind,
      slot: q.slot,
      userId: q.userId,
      tag: q.tag,
      rentalId: q.rentalId ?? null,
      state: "claiming",
      createdAt: q.now,
      expiresAt,
    });
    let claim: Awaited<ReturnType<typeof ledger.claimOperation>>;
    try {
      claim = await ledger.claimOperation(this.db, kind, { id, deviceId, expiresAt, ...q });
    } catch (err) {
      // D1 may have recorded the operation before failing: the alarm expires it either way.
      await this.schedule(q.now);
      throw err;
    }
    if (claim !== "ok") {
      this.store.deleteCommand(id);
      return { ok: false, error: m.claimRefusal(kind, claim) };
    }
    // D1 took longer than the timeout and the alarm expired the claim meanwhile: record that outcome.
    if (!this.store.setCommandState(id, "pending", "claiming")) {
      await ledger.operationFailed(this.db, id, "timeout", { onlyIfPending: true });
    }
    await this.schedule(q.now);
    this.push();
    return { ok: true, operationId: id };
  }

  // ---- the cabinet ----

  /**
   * Whether a signed request is news. A signature already accepted within
   * the clock window is a repeat (a retry after a lost reply, two polls in
   * one second); a snapshot signed before the newest poll or report applied
   * is stale (it could put back a tag rented since). Synchronous, so of
   * copies racing in, one is fresh.
   */
  private admit(seal: Seal, snapshot: boolean): "fresh" | "repeat" | "stale" {
    const newest = this.cabinet().newestRequestAt;
    // Kept while the signature check still lets it in: until the window's last whole second has passed.
    if (!this.store.rememberSignature(seal.signature, (seal.timestamp + CLOCK_WINDOW_S + 1) * 1000, Date.now())) return "repeat";
    if (snapshot && seal.timestamp < newest) return "stale";
    if (seal.timestamp > newest) this.store.updateCabinet({ newestRequestAt: seal.timestamp });
    return "fresh";
  }

  /**
   * Carries out a signed request once. A repeat, or a stale snapshot, gets
   * `again` (the answer kept for the first copy, if any) and changes
   * nothing; a repeat of a copy still being carried out waits for it first,
   * and if that copy failed (so was not accepted), is carried out itself.
   */
  private async once<T>(
    seal: Seal,
    snapshot: boolean,
    run: () => Promise<T>,
    again: (kept: KeptAnswer | null) => T | Promise<T>,
    keep: (answer: T) => KeptAnswer | null = () => null,
  ): Promise<T> {
    for (;;) {
      const admitted = this.admit(seal, snapshot);
      if (admitted === "fresh") {
        const work = run();
        this.working.set(seal.signature, work);
        try {
          const answer = await work;
          const kept = keep(answer);
          if (kept !== null) this.store.keepAnswer(seal.signature, kept);
          return answer;
        } catch (err) {
          this.store.forgetSignature(seal.signature);
          throw err;
        } finally {
          this.working.delete(seal.signature);
        }
      }
      const first = admitted === "repeat" ? this.working.get(seal.signature) : undefined;
      if (!first) return again(this.store.keptAnswer(seal.signature));
      // Its outcome (or its failure, after which this copy is admitted afresh) is what the next turn sees.
      await first.catch(() => undefined);
    }
  }

  /** Records the reader's snapshot (once per signed request), answers the codes and the doors to open. */
  async poll(deviceId: string, snapshot: SlotView[] | undefined, seal: Seal, pollAfterMs = POLL_AFTER_MS): Promise<PollReply> {
    await this.load(deviceId);
    return this.once(
      seal,
      snapshot !== undefined,
      async () => {
        await this.applyPoll(snapshot);
        return this.pollReply(pollAfterMs);
      },
      () => this.pollReply(pollAfterMs),
    );
  }

  private async applyPoll(snapshot: SlotView[] | undefined) {
    const now = Date.now();
    const before = this.cabinet();
    const wasOnline = m.isOnline(before, now);
    this.store.updateCabinet({ lastPollAt: now });
    if (now - before.seenMirroredAt >= m.SEEN_MIRROR_MS) {
      this.store.updateCabinet({ seenMirroredAt: now });
      await ledger.mirrorSeen(this.db, before.deviceId, now);
    }
    if (snapshot) await this.applySnapshot(snapshot);
    await this.rotate(now);
    if (!wasOnline) await this.schedule(now);
  }

  /** The codes to show and every door command still to carry out. */
  private pollReply(pollAfterMs: number): PollReply {
    return {
      codes: this.cabinet().codes,
      commands: this.store.commandsToDeliver(Date.now()).map(m.commandView),
      poll_after_ms: pollAfterMs,
    };
  }

  /** Applies a report once per signed request; a repeat is answered as the first copy was. */
  async report(deviceId: string, r: Report, seal: Seal): Promise<"ok" | "unknown" | Refused> {
    await this.load(deviceId);
    const known = this.store.command(r.command_id);
    if (!known || known.state === "claiming") return "unknown";
    return this.once(
      seal,
      false,
      () => this.applyReport(r),
      (kept) => kept ?? this.applyReport(r),
      (answer) => answer,
    );
  }

  private async applyReport(r: Report): Promise<"ok" | Refused> {
    // The same report signed afresh while the first is still being recorded: its outcome first.
    await this.settling.get(r.command_id)?.catch(() => undefined);
    const cmd = this.store.command(r.command_id);
    if (!cmd || cmd.state === "reported") return "ok";
    const mismatch = m.reportMismatch(cmd, r, this.store.slot(cmd.slot)?.tag ?? null);
    if (mismatch) {
      const { message, ...anomaly } = mismatch;
      await ledger.recordAnomaly(this.db, this.cabinet().deviceId, { ...anomaly, claimed: { ...anomaly.claimed, report: r } });
      return { refused: `report refused: ${message}` };
    }
    await this.settle(cmd, r);
    return "ok";
  }

  /** Settles a command, known to reports of it arriving meanwhile (they wait for its outcome). */
  private settle(cmd: CommandRow, r: Report): Promise<void> {
    const work = this.settleNow(cmd, r);
    this.settling.set(cmd.id, work);
    return work.finally(() => {
      if (this.settling.get(cmd.id) === work) this.settling.delete(cmd.id);
    });
  }

  /**
   * Applies what a command did: the operation's outcome and where the tags
   * now are. Marked settled before the first await so a duplicate report (or
   * a snapshot showing the same change) is a no-op; undone if D1 fails.
   */
  private async settleNow(cmd: CommandRow, r: Report) {
    const now = Date.now();
    const plan = m.settlement(cmd, r);
    this.store.setCommandState(cmd.id, "reported");
    try {
      if (plan.removed) this.store.removeTag(plan.removed, now);
      if (plan.inserted) this.store.setSlot(r.slot, plan.inserted, await ledger.itemInfo(this.db, plan.inserted));
      this.store.touchSlot(r.slot, now);
      const deviceId = this.cabinet().deviceId;
      for (const effect of plan.effects) await this.record(cmd, effect, deviceId, now);
      const wrong = m.wrongItem(cmd, plan.inserted);
      if (wrong) await ledger.recordAnomaly(this.db, deviceId, wrong, now);
    } catch (err) {
      this.store.setCommandState(cmd.id, cmd.state, "reported");
      throw err;
    }
    await this.schedule(now);
  }

  private record(cmd: CommandRow, effect: m.LedgerEffect, deviceId: string, now: number): Promise<void> {
    switch (effect.kind) {
      case "rent-succeeded":
        return ledger.rentSucceeded(this.db, this.env, { operationId: cmd.id, userId: cmd.userId, deviceId, tag: effect.tag, now });
      case "revert-succeeded":
        return ledger.revertSucceeded(this.db, {
          operationId: cmd.id,
          rentalId: cmd.rentalId ?? "",
          deviceId,
          slot: effect.slot,
          tag: effect.tag,
          now,
        });
      case "failed":
        return ledger.operationFailed(this.db, cmd.id, effect.reason, { now });
      case "arrived":
        return this.arrived(effect.tag, deviceId, effect.slot, now);
      case "left":
        return ledger.itemLeft(this.db, effect.tag, deviceId, cmd.slot, now);
    }
  }

  /**
   * The inventory follows the reader. A changed slot with a recent unsettled
   * command settles it as if reported (the report was lost); any other
   * change moves the tag in D1.
   */
  private async applySnapshot(snapshot: SlotView[]) {
    const now = Date.now();
    const { deviceId, slotCount } = this.cabinet();
    const { inside: inRange, outside } = m.slotsInRange(snapshot, slotCount);
    if (outside.length > 0 && this.newAnomaly(`unknown slot ${JSON.stringify(outside)} of ${slotCount}`, now)) {
      await ledger.recordAnomaly(
        this.db,
        deviceId,
        { kind: "unknown slot", claimed: { slots: outside }, expected: { slot_count: slotCount } },
        now,
      );
    }
    const { consistent: inside, contradictory } = m.slotsConsistent(inRange);
    if (contradictory.length > 0 && this.newAnomaly(`contradictory ${JSON.stringify(contradictory)}`, now)) {
      await ledger.recordAnomaly(
        this.db,
        deviceId,
        { kind: "contradictory snapshot", claimed: { slots: contradictory }, expected: { each_slot_and_tag: "once" } },
        now,
      );
    }
    for (const cmd of m.unconfirmedStillThere(this.store.expiredRents(now - m.SNAPSHOT_SETTLES_MS), inside)) {
      // The item never left: the rent is settled as timed out, and its renter free again.
      if (this.store.setCommandState(cmd.id, "reported", "expired")) await ledger.releaseHold(this.db, cmd.id);
    }
    for (const { slot, tag } of inside) {
      const before = this.store.slot(slot);
      if (!m.snapshotChanges(before, tag, now)) continue;
      const old = before?.tag ?? null;
      const action = m.snapshotAction(this.store.recentCommandOn(slot, now - m.SNAPSHOT_SETTLES_MS), slot, old, tag);
      if (action.kind === "settle") {
        await this.settle(action.command, action.report);
      } else {
        this.store.setSlot(slot, tag, tag ? await ledger.itemInfo(this.db, tag) : null);
        if (old) await ledger.itemLeft(this.db, old, deviceId, slot, now);
        if (tag) await this.arrived(tag, deviceId, slot, now);
      }
    }
  }

  /**
   * The reader saw `tag` come into a slot: D1 moves it here, and the Cabinet
   * object of wherever D1 had it lets it go, so no other cabinet offers it.
   */
  private async arrived(tag: string, deviceId: string, slot: number, now: number) {
    const before = await ledger.itemArrived(this.db, tag, deviceId, slot, now);
    if (before) await this.letGo([before]);
  }

  /** Tells the Cabinet objects of other cabinets that these tags are no longer in their slots. */
  private async letGo(moved: ledger.Whereabouts[]) {
    const mine = this.cabinet().deviceId;
    for (const w of moved) {
      if (w.deviceId !== mine) await cabinetOf(this.env, w.deviceId).forget(w.deviceId, w.tag, w.slot);
    }
  }

  /**
   * Another cabinet's reader saw `tag` (or an operator placed it there): it
   * is not in this slot, whatever this object believed. A slot with a door
   * command in flight is left to the command; this cabinet's next snapshot
   * shows the truth either way.
   */
  async forget(deviceId: string, tag: string, slot: number) {
    await this.load(deviceId);
    if (this.store.slot(slot)?.tag !== tag || m.busySlots(this.store.liveCommands()).has(slot)) return;
    this.store.setSlot(slot, null, null);
  }

  /** Rotates the codes, times out unconfirmed commands and forgets old ones. */
  async alarm() {
    const now = Date.now();
    const cabinet = this.store.cabinet();
    if (!cabinet) return;
    if (!m.isRetired(cabinet) && m.isOnline(cabinet, now) && (await this.rotate(now))) this.push();
    await this.expire(now);
    this.store.forgetSettled(now - m.KEEP_COMMANDS_MS);
    await this.schedule(now);
  }

  async sweep(deviceId: string) {
    await this.load(deviceId);
    await this.expire(Date.now());
  }

  private async expire(now: number) {
    const overdue = this.store.overdueCommands(now);
    for (const cmd of overdue) this.store.setCommandState(cmd.id, "expired");
    for (const [i, cmd] of overdue.entries()) {
      try {
        // Nobody knows yet whether a rent's item left: it holds the renter until a report or snapshot tells.
        const holdUntil = cmd.kind === "rent" ? now + UNCONFIRMED_HOLD_MS : null;
        await ledger.operationFailed(this.db, cmd.id, "timeout", { onlyIfPending: true, now, holdUntil });
      } catch (err) {
        // Not recorded: put these back so the retried alarm expires them again.
        for (const left of overdue.slice(i)) this.store.setCommandState(left.id, left.state, "expired");
        throw err;
      }
    }
  }

  /** Sends connected cabinets the poll reply at once, so a door opens without waiting for the next poll. */
  private push() {
    const sockets = this.ctx.getWebSockets();
    if (sockets.length === 0) return;
    const text = JSON.stringify({ id: null, path: POLL_PATH, status: 200, push: true, body: this.pollReply(WS_POLL_AFTER_MS) });
    for (const ws of sockets) {
      try {
        ws.send(text);
      } catch {
        // A socket closing meanwhile: the cabinet reconnects and polls.
      }
    }
  }

  // ---- operators ----

  async place(deviceId: string, items: PlacedItem[]): Promise<StockChange> {
    await this.load(deviceId);
    const busy = m.busySlots(this.store.liveCommands());
    const clash = items.find((i) => busy.has(i.slot));
    if (clash) {
      return { ok: false, error: `slot ${clash.slot} has a door command in flight`, reason: "slot busy", subject: String(clash.slot) };
    }
    const placed = await ledger.placeItems(this.db, deviceId, items);
    if ("rented" in placed) {
      return {
        ok: false,
        error: `${placed.rented} is rented out; it comes back through a return`,
        reason: "rented out",
        subject: placed.rented,
      };
    }
    // A claim until this cabinet's reader confirms it: the next snapshot decides, the slot's grace does not apply.
    for (const item of items) {
      this.store.setSlot(item.slot, item.tag, item);
      this.store.touchSlot(item.slot, 0);
    }
    await this.letGo(placed.moved);
    return { ok: true };
  }

  /** An operator changes the slot count; refused while a slot to drop holds a tag or a door command. */
  async resize(deviceId: string, slotCount: number): Promise<StockChange> {
    await this.load(deviceId);
    const busy = m.busySlots(this.store.liveCommands());
    const held = this.store.slots().find((s) => s.slot > slotCount && (s.tag !== null || busy.has(s.slot)));
    if (held) {
      return {
        ok: false,
        error: `slot ${held.slot} holds ${held.tag ?? "a door command in flight"}`,
        reason: "slot held",
        subject: String(held.slot),
      };
    }
    this.store.resize(slotCount);
    this.store.updateCabinet({ slotCount });
    await ledger.setSlotCount(this.db, deviceId, slotCount);
    return { ok: true };
  }

  async retire(deviceId: string) {
    await this.load(deviceId);
    this.store.updateCabinet({ retiredAt: Date.now() });
    for (const ws of this.ctx.getWebSockets()) ws.close(4401, "retired");
  }

  async inspect(deviceId: string): Promise<CabinetInspection> {
    await this.load(deviceId);
    const cabinet = this.cabinet();
    return {
      online: m.isOnline(cabinet, Date.now()),
      last_poll_at: cabinet.lastPollAt ? formatIso(cabinet.lastPollAt) : null,
      codes: cabinet.codes,
      slots: this.store.slots().map(({ slot, tag, name, type }) => ({ slot, tag, name, type })),
      commands: this.store
        .liveCommands()
        .map((c) => ({ command_id: c.id, kind: c.kind, slot: c.slot, expires_at: formatIso(c.expiresAt) })),
    };
  }
}
