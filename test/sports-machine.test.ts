import { describe, expect, it } from "vitest";
import {
  busySlots,
  claimRefusal,
  codesDue,
  KEEP_COMMANDS_MS,
  nextCodes,
  refusal,
  reportMismatch,
  SNAPSHOT_GRACE_MS,
  settlement,
  slotsInRange,
  slotToRent,
  slotToRevert,
  snapshotAction,
  snapshotChanges,
  unconfirmedStillThere,
  wakeAt,
  wrongItem,
} from "../durable-objects/cabinet/machine";
import type { CabinetRow, CommandRow, SlotRow } from "../durable-objects/cabinet/schema";

/** The Cabinet object's rules, as plain functions over plain state. */

const NOW = 1_800_000_000_000;
const cabinet = (over: Partial<CabinetRow> = {}): CabinetRow => ({
  id: 1,
  deviceId: "cab-1",
  codes: ["481", "027"],
  codesAt: NOW - 1000,
  lastPollAt: NOW - 1000,
  seenMirroredAt: 0,
  retiredAt: null,
  newestRequestAt: 0,
  slotCount: 4,
  ...over,
});
const slot = (n: number, tag: string | null, type: string | null = tag ? "篮球" : null, changedAt = 0): SlotRow => ({
  slot: n,
  tag,
  name: tag,
  type,
  changedAt,
});
const command = (over: Partial<CommandRow> = {}): CommandRow => ({
  id: "cmd-1",
  kind: "rent",
  slot: 1,
  userId: "u-1",
  tag: "T-1",
  rentalId: null,
  state: "pending",
  createdAt: NOW - 1000,
  expiresAt: NOW + 29_000,
  ...over,
});

describe("verification codes", () => {
  it("are due when none were drawn or the current one is as old as the rotation", () => {
    expect(codesDue(cabinet({ codes: [] }), NOW, 60_000)).toBe(true);
    expect(codesDue(cabinet({ codesAt: NOW - 59_999 }), NOW, 60_000)).toBe(false);
    expect(codesDue(cabinet({ codesAt: NOW - 60_000 }), NOW, 60_000)).toBe(true);
  });

  it("rotate to a different code and keep the one shown until now", () => {
    const draws = ["481", "481", "555"];
    expect(nextCodes(["481", "027"], () => draws.shift() ?? "000")).toEqual(["555", "481"]);
    expect(nextCodes([], () => "123")).toEqual(["123"]);
    expect(nextCodes([])[0]).toMatch(/^\d{3}$/);
  });
});

describe("a student's request", () => {
  it("is refused on a retired cabinet, a wrong code or an offline cabinet, in that order", () => {
    expect(refusal(cabinet({ retiredAt: NOW, codes: [] }), "481", NOW)).toBe("invalid device_id");
    expect(refusal(cabinet({ lastPollAt: 0 }), "999", NOW)).toBe("invalid verification code");
    expect(refusal(cabinet({ lastPollAt: NOW - 60_000 }), "027", NOW)).toBe("device offline");
    expect(refusal(cabinet(), "027", NOW)).toBeNull();
  });

  it("gets the first free slot: an item of the type to rent, an empty one to return", () => {
    const slots = [slot(3, "T-3"), slot(1, "T-1"), slot(2, null), slot(4, "T-4", "足球"), slot(5, null)];
    const busy = busySlots([command({ slot: 1 }), command({ slot: 2, state: "claiming" }), command({ slot: 3, state: "reported" })]);
    expect([...busy].sort()).toEqual([1, 2]);
    expect(slotToRent(slots, busy, "篮球")).toEqual({ slot: 3, tag: "T-3" });
    expect(slotToRent(slots, busy, "足球")).toEqual({ slot: 4, tag: "T-4" });
    expect(slotToRent(slots, busy, "排球")).toBeUndefined();
    expect(slotToRevert(slots, busy)).toBe(5);
    expect(slotToRevert(slots, new Set([2, 5]))).toBeUndefined();
  });

  it("refused by D1 reads as the document's error", () => {
    expect(claimRefusal("rent", "busy")).toBe("already renting");
    expect(claimRefusal("rent", "refused")).toBe("already renting");
    expect(claimRefusal("revert", "busy")).toBe("operation pending");
    expect(claimRefusal("revert", "refused")).toBe("not renting");
  });
});

describe("a report", () => {
  const report = (door: "opened" | "jammed", removed: string | null, inserted: string | null) => ({
    command_id: "cmd-1",
    door,
    slot: 1,
    tag_removed: removed,
    tag_inserted: inserted,
  });

  it("settles a rent: a tag left, nothing taken, or a jammed door", () => {
    expect(settlement(command(), report("opened", "T-1", null))).toEqual({
      removed: "T-1",
      inserted: null,
      effects: [{ kind: "rent-succeeded", tag: "T-1" }],
    });
    expect(settlement(command(), report("opened", null, null)).effects).toEqual([{ kind: "failed", reason: "not taken" }]);
    expect(settlement(command(), report("jammed", "T-1", "T-9"))).toEqual({
      removed: null,
      inserted: null,
      effects: [{ kind: "failed", reason: "door jammed" }],
    });
    expect(settlement(command(), report("opened", "T-1", "T-9")).effects).toEqual([
      { kind: "rent-succeeded", tag: "T-1" },
      { kind: "arrived", tag: "T-9", slot: 1 },
    ]);
  });

  it("settles a revert: the renter's own tag, a wrong one, none", () => {
    const revert = command({ kind: "revert", tag: "T-7", rentalId: "r-1" });
    expect(settlement(revert, report("opened", null, "T-7")).effects).toEqual([{ kind: "revert-succeeded", tag: "T-7", slot: 1 }]);
    expect(settlement(revert, report("opened", null, "T-9")).effects).toEqual([
      { kind: "failed", reason: "wrong item" },
      { kind: "arrived", tag: "T-9", slot: 1 },
    ]);
    expect(settlement(revert, report("opened", "T-3", null)).effects).toEqual([
      { kind: "failed", reason: "not taken" },
      { kind: "left", tag: "T-3" },
    ]);
    expect(settlement(revert, report("jammed", null, "T-7")).effects).toEqual([{ kind: "failed", reason: "door jammed" }]);
  });
});

describe("a poll snapshot", () => {
  it("changes a slot only when its tag differs and no report changed it just now", () => {
    expect(snapshotChanges(undefined, null, NOW)).toBe(true);
    expect(snapshotChanges(slot(1, "T-1"), "T-1", NOW)).toBe(false);
    expect(snapshotChanges(slot(1, "T-1"), null, NOW)).toBe(true);
    expect(snapshotChanges(slot(1, "T-1", "篮球", NOW - SNAPSHOT_GRACE_MS + 1), null, NOW)).toBe(false);
    expect(snapshotChanges(slot(1, "T-1", "篮球", NOW - SNAPSHOT_GRACE_MS), null, NOW)).toBe(true);
  });

  it("settles the command whose report was lost, or moves the tag", () => {
    const rent = command();
    expect(snapshotAction(rent, 1, "T-1", null)).toEqual({
      kind: "settle",
      command: rent,
      report: { command_id: "cmd-1", door: "opened", slot: 1, tag_removed: "T-1", tag_inserted: null },
    });
    const revert = command({ kind: "revert", tag: "T-7" });
    expect(snapshotAction(revert, 1, null, "T-7")).toMatchObject({ kind: "settle", report: { tag_removed: null, tag_inserted: "T-7" } });
    expect(snapshotAction(rent, 1, null, "T-5")).toEqual({ kind: "move" });
    expect(snapshotAction(undefined, 1, "T-1", null)).toEqual({ kind: "move" });
  });
});

describe("the alarm", () => {
  it("wakes for the first expiry, the rotation while online, and forgetting settled commands", () => {
    const none = { expiry: null, oldestSettled: null };
    expect(wakeAt(cabinet({ lastPollAt: 0 }), none, NOW, 60_000)).toBeNull();
    expect(wakeAt(cabinet(), none, NOW, 60_000)).toBe(NOW - 1000 + 60_000);
    expect(wakeAt(cabinet({ retiredAt: NOW }), { expiry: NOW + 5000, oldestSettled: null }, NOW, 60_000)).toBe(NOW + 5000);
    expect(wakeAt(cabinet({ lastPollAt: 0 }), { expiry: null, oldestSettled: NOW - KEEP_COMMANDS_MS + 10 }, NOW, 60_000)).toBe(NOW + 50);
  });
});

describe("what a cabinet claims", () => {
  const r = (slot: number, removed: string | null, inserted: string | null = null) => ({
    command_id: "cmd-1",
    door: "opened" as const,
    slot,
    tag_removed: removed,
    tag_inserted: inserted,
  });

  it("a report must name its command's slot and, for a rent, the tag the slot held", () => {
    expect(reportMismatch(command(), r(1, "T-1"), "T-1")).toBeNull();
    expect(reportMismatch(command(), r(3, "T-1"), "T-1")).toMatchObject({
      kind: "report slot",
      claimed: { slot: 3 },
      expected: { slot: 1 },
    });
    expect(reportMismatch(command(), r(1, "T-GHOST"), "T-1")).toMatchObject({ kind: "rent tag", expected: { tag_removed: "T-1" } });
    expect(reportMismatch(command(), { ...r(1, "T-GHOST"), door: "jammed" }, "T-1")).toBeNull();
    const revert = command({ kind: "revert", tag: "T-7" });
    expect(reportMismatch(revert, r(1, null, "T-7"), null)).toBeNull();
    expect(reportMismatch(revert, r(1, "T-8", "T-7"), null)).toMatchObject({ kind: "revert removed" });
    expect(wrongItem(revert, "T-9")).toMatchObject({ kind: "wrong item", claimed: { tag_inserted: "T-9" } });
    expect(wrongItem(revert, "T-7")).toBeNull();
    expect(wrongItem(command(), "T-9")).toBeNull();
  });

  it("a snapshot's slots outside the cabinet's count are set apart", () => {
    expect(
      slotsInRange(
        [
          { slot: 0, tag: null },
          { slot: 1, tag: "T-1" },
          { slot: 3, tag: null },
          { slot: 4, tag: "T-4" },
        ],
        3,
      ),
    ).toEqual({
      inside: [
        { slot: 1, tag: "T-1" },
        { slot: 3, tag: null },
      ],
      outside: [
        { slot: 0, tag: null },
        { slot: 4, tag: "T-4" },
      ],
    });
  });

  it("a timed-out rent whose tag the snapshot still shows did not hand its item out", () => {
    const expired = [
      command({ id: "a", slot: 1, tag: "T-1", state: "expired" }),
      command({ id: "b", slot: 2, tag: "T-2", state: "expired" }),
    ];
    const still = unconfirmedStillThere(expired, [
      { slot: 1, tag: "T-1" },
      { slot: 2, tag: null },
    ]);
    expect(still.map((c) => c.id)).toEqual(["a"]);
  });
});
