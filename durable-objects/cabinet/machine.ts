import { formatIso } from "../../src/platform/time";
import type { Anomaly, CommandView, Report, SlotView } from "../../src/surfaces/sports/cabinet-rpc";
import { ONLINE_MS } from "../../src/surfaces/sports/timing";
import type { CabinetRow, CommandRow, SlotRow } from "./schema";

/**
 * The cabinet's rules as plain functions over plain state: which slot a
 * request gets, when codes rotate, what a report or a snapshot means, when
 * to wake up. No storage, no D1, no clock of their own.
 */

/** The D1 copy of `last_seen_at` is refreshed at most this often. */
export const SEEN_MIRROR_MS = 10_000;
/**
 * A snapshot may have been taken before a report that reached us first; for
 * this long after a report changed a slot, snapshots do not change it back
 * (later snapshots still reconcile it).
 */
export const SNAPSHOT_GRACE_MS = 5000;
/** A slot change in a poll snapshot settles a command issued this recently. */
export const SNAPSHOT_SETTLES_MS = 10 * 60_000;
/** Settled and expired commands are kept this long (late reports still win). */
export const KEEP_COMMANDS_MS = 24 * 3_600_000;

export const isOnline = (cabinet: Pick<CabinetRow, "lastPollAt">, now: number) => cabinet.lastPollAt > now - ONLINE_MS;

export const isRetired = (cabinet: Pick<CabinetRow, "retiredAt">) => cabinet.retiredAt !== null;

/** Codes are due when none were drawn yet or the current one is `rotateMs` old. */
export const codesDue = (cabinet: Pick<CabinetRow, "codes" | "codesAt">, now: number, rotateMs: number) =>
  cabinet.codes.length === 0 || now - cabinet.codesAt >= rotateMs;

/** A random 3-digit code. */
export const drawCode = () => String(crypto.getRandomValues(new Uint16Array(1))[0] % 1000).padStart(3, "0");

/** A fresh code first, then the one shown until now. */
export function nextCodes(codes: string[], draw: () => string = drawCode): string[] {
  const [current] = codes;
  let next = current;
  while (next === current) next = draw();
  return current ? [next, current] : [next];
}

/** Why a student's request is refused before any slot is chosen, or null. */
export function refusal(cabinet: CabinetRow, code: string, now: number): string | null {
  if (isRetired(cabinet)) return "invalid device_id";
  if (!cabinet.codes.includes(code)) return "invalid verification code";
  if (!isOnline(cabinet, now)) return "device offline";
  return null;
}

/** Slots a live command holds. */
export const busySlots = (live: CommandRow[]) =>
  new Set(live.filter((c) => c.state === "claiming" || c.state === "pending").map((c) => c.slot));

/** The first free slot holding an item of `type`. */
export function slotToRent(slots: SlotRow[], busy: Set<number>, type: string): { slot: number; tag: string } | undefined {
  for (const s of [...slots].sort((a, b) => a.slot - b.slot)) {
    if (s.tag !== null && s.type === type && !busy.has(s.slot)) return { slot: s.slot, tag: s.tag };
  }
  return undefined;
}

/** The first free empty slot. */
export function slotToRevert(slots: SlotRow[], busy: Set<number>): number | undefined {
  return [...slots].sort((a, b) => a.slot - b.slot).find((s) => s.tag === null && !busy.has(s.slot))?.slot;
}

/** The student's error when D1 refused to record the operation. */
export function claimRefusal(kind: "rent" | "revert", claim: "busy" | "refused"): string {
  if (kind === "rent") return "already renting";
  return claim === "busy" ? "operation pending" : "not renting";
}

/** What a settled command means for the durable records, in the order they are written. */
export type LedgerEffect =
  | { kind: "rent-succeeded"; tag: string }
  | { kind: "revert-succeeded"; tag: string; slot: number }
  | { kind: "failed"; reason: string }
  | { kind: "arrived"; tag: string; slot: number }
  | { kind: "left"; tag: string };

export interface Settlement {
  /** The tag that left the cabinet, if the door opened. */
  removed: string | null;
  /** The tag that came into the slot, if the door opened. */
  inserted: string | null;
  effects: LedgerEffect[];
}

/**
 * A command's outcome. A rent succeeds when the door opened and a tag left;
 * a revert when the door opened and the renter's own tag came in. Anything
 * else fails with a reason, and every tag that moved is recorded.
 */
export function settlement(cmd: Pick<CommandRow, "kind" | "tag">, r: Report): Settlement {
  const opened = r.door === "opened";
  const removed = opened ? r.tag_removed : null;
  const inserted = opened ? r.tag_inserted : null;
  const effects: LedgerEffect[] = [];
  if (cmd.kind === "rent") {
    effects.push(removed ? { kind: "rent-succeeded", tag: removed } : { kind: "failed", reason: opened ? "not taken" : "door jammed" });
    if (inserted) effects.push({ kind: "arrived", tag: inserted, slot: r.slot });
  } else {
    if (inserted && inserted === cmd.tag) {
      effects.push({ kind: "revert-succeeded", tag: inserted, slot: r.slot });
    } else {
      effects.push({ kind: "failed", reason: !opened ? "door jammed" : inserted ? "wrong item" : "not taken" });
      if (inserted) effects.push({ kind: "arrived", tag: inserted, slot: r.slot });
    }
    if (removed) effects.push({ kind: "left", tag: removed });
  }
  return { removed, inserted, effects };
}

/** A revert that brought back another tag than the renter's: kept for operators. */
export function wrongItem(cmd: Pick<CommandRow, "id" | "kind" | "tag">, inserted: string | null): Anomaly | null {
  if (cmd.kind !== "revert" || inserted === null || inserted === cmd.tag) return null;
  return { kind: "wrong item", commandId: cmd.id, claimed: { tag_inserted: inserted }, expected: { tag_inserted: cmd.tag } };
}

/**
 * Why a report cannot be believed, or null: it names another slot than its
 * command's, a rent's tag that is not the one the slot held, or a tag taken
 * from a revert's slot that held another. Such a report changes nothing;
 * the cabinet's next snapshot settles the command.
 */
export function reportMismatch(
  cmd: Pick<CommandRow, "id" | "kind" | "slot" | "tag">,
  r: Report,
  held: string | null,
): (Anomaly & { message: string }) | null {
  const anomaly = (kind: string, claimed: Record<string, unknown>, expected: Record<string, unknown>, message: string) => ({
    kind,
    commandId: cmd.id,
    claimed,
    expected,
    message,
  });
  if (r.slot !== cmd.slot) {
    return anomaly("report slot", { slot: r.slot }, { slot: cmd.slot }, `the command is for slot ${cmd.slot}, not ${r.slot}`);
  }
  if (r.door !== "opened" || r.tag_removed === null) return null;
  if (cmd.kind === "rent" && r.tag_removed !== cmd.tag) {
    return anomaly(
      "rent tag",
      { tag_removed: r.tag_removed },
      { tag_removed: cmd.tag },
      `slot ${cmd.slot} held ${cmd.tag}, not ${r.tag_removed}`,
    );
  }
  if (cmd.kind === "revert" && r.tag_removed !== held) {
    return anomaly(
      "revert removed",
      { tag_removed: r.tag_removed },
      { tag_removed: held },
      `slot ${cmd.slot} held ${held ?? "nothing"}, not ${r.tag_removed}`,
    );
  }
  return null;
}

/** A snapshot's entries for slots the cabinet has, and those it does not (an anomaly). */
export function slotsInRange(snapshot: SlotView[], slotCount: number): { inside: SlotView[]; outside: SlotView[] } {
  const inside: SlotView[] = [];
  const outside: SlotView[] = [];
  for (const entry of snapshot) (entry.slot >= 1 && entry.slot <= slotCount ? inside : outside).push(entry);
  return { inside, outside };
}

/**
 * A snapshot's entries that agree with each other, and those that cannot all be true: every entry of a slot
 * named twice, and every entry of a tag seen in two slots (a reader cross-reading a neighbour). Those are
 * set apart (an anomaly) and the slots they name left as they were; the next honest snapshot settles them.
 */
export function slotsConsistent(snapshot: SlotView[]): { consistent: SlotView[]; contradictory: SlotView[] } {
  const count = <K>(keys: K[]) => {
    const seen = new Map<K, number>();
    for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
    return seen;
  };
  const slots = count(snapshot.map((e) => e.slot));
  const tags = count(snapshot.flatMap((e) => (e.tag === null ? [] : [e.tag])));
  const consistent: SlotView[] = [];
  const contradictory: SlotView[] = [];
  for (const e of snapshot) {
    const twice = (slots.get(e.slot) ?? 0) > 1 || (e.tag !== null && (tags.get(e.tag) ?? 0) > 1);
    (twice ? contradictory : consistent).push(e);
  }
  return { consistent, contradictory };
}

/**
 * Timed-out rents whose tag the snapshot shows still in their slot: the
 * door no longer opens for them, so the item did not leave.
 */
export function unconfirmedStillThere(expired: CommandRow[], snapshot: SlotView[]): CommandRow[] {
  const seen = new Map(snapshot.map((e) => [e.slot, e.tag]));
  return expired.filter((c) => c.tag !== null && seen.get(c.slot) === c.tag);
}

/** Whether a snapshot's entry for a slot is news: a different tag, and no report changed the slot just now. */
export function snapshotChanges(before: SlotRow | undefined, tag: string | null, now: number): boolean {
  return !before || (before.tag !== tag && before.changedAt <= now - SNAPSHOT_GRACE_MS);
}

/**
 * What a changed slot in a snapshot means: the report of a recent command
 * that was lost (the rent's tag left, a tag came in for a revert), or a tag
 * moving on its own.
 */
export function snapshotAction(
  cmd: CommandRow | undefined,
  slot: number,
  old: string | null,
  tag: string | null,
): { kind: "settle"; command: CommandRow; report: Report } | { kind: "move" } {
  const lost = (command: CommandRow, removed: string | null, inserted: string | null) => ({
    kind: "settle" as const,
    command,
    report: { command_id: command.id, door: "opened" as const, slot, tag_removed: removed, tag_inserted: inserted },
  });
  if (cmd?.kind === "rent" && old && !tag) return lost(cmd, old, null);
  if (cmd?.kind === "revert" && tag) return lost(cmd, old, tag);
  return { kind: "move" };
}

export const commandView = (cmd: CommandRow): CommandView => ({
  command_id: cmd.id,
  action: "open",
  slot: cmd.slot,
  purpose: cmd.kind,
  expires_at: formatIso(cmd.expiresAt),
});

/**
 * The next wake-up: the earliest command expiry, the code rotation while the
 * cabinet is in service and online, forgetting the oldest settled command.
 * Never sooner than 50 ms from now; null when there is nothing to do.
 */
export function wakeAt(
  cabinet: CabinetRow,
  d: { expiry: number | null; oldestSettled: number | null },
  now: number,
  rotateMs: number,
): number | null {
  const times: number[] = [];
  if (d.expiry !== null) times.push(d.expiry);
  if (!isRetired(cabinet) && isOnline(cabinet, now)) times.push(cabinet.codesAt + rotateMs);
  if (d.oldestSettled !== null) times.push(d.oldestSettled + KEEP_COMMANDS_MS);
  return times.length === 0 ? null : Math.max(now + 50, Math.min(...times));
}
