import { env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { ADMIN, getJson, postJson } from "./helpers";
import {
  ageSlots,
  expireCommands,
  latest,
  onlineCabinet,
  placeItems,
  poll,
  q,
  rent,
  rentAndTake,
  report,
  revert,
  sealed,
  send,
  signup,
  uniq,
} from "./sports-helpers";

/** A cabinet's word is checked: fresh requests only, reports against what is known, an inventory that heals. */

const ball = (slot: number, tag = uniq("T")) => ({ tag, name: `篮球${slot}`, type: "篮球", slot });
const status = async (s: { userid: string; client_session_id: string }) => (await getJson(`/sports/user/status?${q(s)}`)).body.items;
const item = (tag: string) => env.DB.prepare("SELECT device_id, slot FROM sports_items WHERE tag = ?").bind(tag).first<any>();

const anomaliesOf = async (deviceId: string) =>
  (await getJson(`/admin/sports/anomalies?device_id=${deviceId}`, ADMIN)).body.anomalies as any[];
const inspect = async (deviceId: string) => (await getJson(`/admin/sports/devices/${deviceId}`, ADMIN)).body;

describe("a cabinet repeating itself is answered, and changes nothing", () => {
  it("answer a captured poll sent again after a rent with the current state: the rental stays open, the item rented", async () => {
    const tag = uniq("T");
    const cab = await onlineCabinet([ball(1, tag)], 2);
    const captured = await sealed(cab, "/sports/cabinet/poll", {
      slots: [
        { slot: 1, tag },
        { slot: 2, tag: null },
      ],
    });
    expect((await send(captured)).status).toBe(200);
    const s = await signup();
    await rentAndTake(s, cab, "篮球");
    await ageSlots(cab.deviceId);

    const again = await send(captured);
    expect(again).toEqual({ status: 200, body: { codes: expect.any(Array), commands: [], poll_after_ms: 1000 } });
    expect(await status(s)).toHaveLength(1);
    expect(await item(tag)).toEqual({ device_id: null, slot: null });
    expect((await inspect(cab.deviceId)).slots[0].tag).toBeNull();
    // The next honest poll finds the slot empty: nothing to mend, the rental holds.
    await poll(cab, [
      { slot: 1, tag: null },
      { slot: 2, tag: null },
    ]);
    expect(await status(s)).toHaveLength(1);
  });

  it("answer a genuine snapshot delayed past a report applied after it was signed, without applying it", async () => {
    const tag = uniq("T");
    const cab = await onlineCabinet([ball(1, tag)], 2);
    const s = await signup();
    const delayed = await sealed(
      cab,
      "/sports/cabinet/poll",
      {
        slots: [
          { slot: 1, tag },
          { slot: 2, tag: null },
        ],
      },
      Math.floor(Date.now() / 1000) - 6,
    );
    await rentAndTake(s, cab, "篮球");
    await ageSlots(cab.deviceId);
    const code = (await inspect(cab.deviceId)).codes;
    expect(await send(delayed)).toEqual({ status: 200, body: { codes: code, commands: [], poll_after_ms: 1000 } });
    expect(await status(s)).toHaveLength(1);
    expect(await item(tag)).toEqual({ device_id: null, slot: null });
    expect((await inspect(cab.deviceId)).slots[0].tag).toBeNull();
  });

  it("answer a poll sent twice in one second with the codes and the door commands queued since", async () => {
    const cab = await onlineCabinet([ball(1)], 2);
    const body = {
      slots: [
        { slot: 1, tag: (await inspect(cab.deviceId)).slots[0].tag },
        { slot: 2, tag: null },
      ],
    };
    const first = await sealed(cab, "/sports/cabinet/poll", body);
    expect((await send(first)).status).toBe(200);
    const s = await signup();
    const r = await rent(s, cab, "篮球", (await inspect(cab.deviceId)).codes[0]);
    expect(r.status).toBe("accepted");
    const again = await send(first);
    expect(again.status).toBe(200);
    expect(again.body.codes).toEqual((await inspect(cab.deviceId)).codes);
    expect(again.body.commands).toEqual([expect.objectContaining({ command_id: r.operation_id, slot: 1, purpose: "rent" })]);
    expect((await latest(s)).operation).toMatchObject({ state: "pending" });
  });

  it("answer a report sent again after a lost reply as the first was, settling nothing twice", async () => {
    const tag = uniq("T");
    const cab = await onlineCabinet([ball(1, tag)], 2);
    const s = await signup();
    const r = await rent(s, cab, "篮球");
    const taken = await sealed(cab, "/sports/cabinet/report", {
      command_id: r.operation_id,
      door: "opened",
      slot: 1,
      tag_removed: tag,
      tag_inserted: null,
    });
    expect(await send(taken)).toEqual({ status: 200, body: { ok: true } });
    expect(await send(taken)).toEqual({ status: 200, body: { ok: true } });
    expect(await status(s)).toHaveLength(1);
    const rentals = await env.DB.prepare("SELECT count(*) AS n FROM sports_rentals WHERE user_id = ?").bind(s.userid).first<number>("n");
    expect(rentals).toBe(1);
  });

  it("answer a refused report sent again with the same refusal, keeping one anomaly", async () => {
    const cab = await onlineCabinet([ball(1)], 2);
    const s = await signup();
    const r = await rent(s, cab, "篮球");
    const lie = await sealed(cab, "/sports/cabinet/report", {
      command_id: r.operation_id,
      door: "opened",
      slot: 1,
      tag_removed: "T-GHOST",
      tag_inserted: null,
    });
    const first = await send(lie);
    expect(first).toEqual({ status: 409, body: { ok: false, error: expect.stringMatching(/report refused/) } });
    expect(await send(lie)).toEqual(first);
    expect((await anomaliesOf(cab.deviceId)).map((x) => x.kind)).toEqual(["rent tag"]);
    expect(await status(s)).toEqual([]);
  });
});

describe("reports are checked against what is known", () => {
  it("refuse a rent report naming another cabinet's tag: no rental, the tag stays where it is, an anomaly is kept", async () => {
    const a = await onlineCabinet([ball(1)], 2);
    const other = uniq("T");
    const b = await onlineCabinet([ball(1, other)], 2);
    const s = await signup();
    const r = await rent(s, a, "篮球");
    const reply = await report(a, { command_id: r.operation_id, slot: 1, tag_removed: other });
    expect(reply).toEqual({ status: 409, body: { ok: false, error: expect.stringMatching(/report refused/) } });
    expect(await status(s)).toEqual([]);
    expect(await item(other)).toEqual({ device_id: b.deviceId, slot: 1 });
    expect(await anomaliesOf(a.deviceId)).toEqual([
      expect.objectContaining({
        device_id: a.deviceId,
        kind: "rent tag",
        command_id: r.operation_id,
        claimed: expect.objectContaining({ tag_removed: other }),
        expected: { tag_removed: expect.any(String) },
        time: expect.any(String),
      }),
    ]);
  });

  it("never make an unknown tag a rental; the cabinet's honest snapshot then settles the rent with the real item", async () => {
    const tag = uniq("T");
    const cab = await onlineCabinet([ball(1, tag)], 2);
    const s = await signup();
    const r = await rent(s, cab, "篮球");
    expect((await report(cab, { command_id: r.operation_id, slot: 1, tag_removed: "T-GHOST" })).status).toBe(409);
    expect(await status(s)).toEqual([]);
    expect((await anomaliesOf(cab.deviceId)).map((x) => x.kind)).toEqual(["rent tag"]);
    await poll(cab, [
      { slot: 1, tag: null },
      { slot: 2, tag: null },
    ]);
    const [rental] = await status(s);
    expect(rental).toMatchObject({ name: "篮球1" });
    expect(await item(tag)).toEqual({ device_id: null, slot: null });
  });

  it("refuse a revert report naming another slot than its command's: the item in that slot stays", async () => {
    const mine = uniq("T");
    const third = uniq("T");
    const cab = await onlineCabinet([ball(1, mine), ball(3, third)], 3);
    const s = await signup();
    await rentAndTake(s, cab, "篮球");
    await ageSlots(cab.deviceId);
    const r = await revert(s, cab);
    const cmd = (await poll(cab)).body.commands.find((c: any) => c.command_id === r.operation_id);
    expect(cmd.slot).toBe(1);
    expect((await report(cab, { command_id: r.operation_id, slot: 3, tag_inserted: mine })).status).toBe(409);
    expect(await item(third)).toEqual({ device_id: cab.deviceId, slot: 3 });
    expect(await status(s)).toHaveLength(1);
    expect((await anomaliesOf(cab.deviceId))[0]).toMatchObject({ kind: "report slot", claimed: { slot: 3 }, expected: { slot: 1 } });
    // The honest report still settles it.
    expect((await report(cab, { command_id: r.operation_id, slot: 1, tag_inserted: mine })).body).toEqual({ ok: true });
    expect(await status(s)).toEqual([]);
  });

  it("keep a wrong item put back as an anomaly", async () => {
    const cab = await onlineCabinet([ball(1)], 2);
    const s = await signup();
    await rentAndTake(s, cab, "篮球");
    const r = await revert(s, cab);
    expect((await report(cab, { command_id: r.operation_id, slot: 1, tag_inserted: "T-9999" })).body).toEqual({ ok: true });
    expect((await anomaliesOf(cab.deviceId))[0]).toMatchObject({ kind: "wrong item", claimed: { tag_inserted: "T-9999" } });
  });

  it("refuse a slot outside the cabinet's count in a poll, keeping it as an anomaly; operators change the count", async () => {
    const cab = await onlineCabinet([], 3);
    const reply = await poll(cab, [
      { slot: 1, tag: null },
      { slot: 500, tag: "T-500" },
    ]);
    expect(reply.status).toBe(200);
    expect((await inspect(cab.deviceId)).slots.map((x: any) => x.slot)).toEqual([1, 2, 3]);
    expect((await anomaliesOf(cab.deviceId))[0]).toMatchObject({
      kind: "unknown slot",
      claimed: { slots: [{ slot: 500, tag: "T-500" }] },
      expected: { slot_count: 3 },
    });

    expect((await postJson(`/admin/sports/devices/${cab.deviceId}/slots`, { slots: 5 }, ADMIN)).body).toEqual({
      device_id: cab.deviceId,
      slots: 5,
    });
    await poll(cab, [{ slot: 5, tag: "T-5" }]);
    expect((await inspect(cab.deviceId)).slots.map((x: any) => [x.slot, x.tag])).toEqual([
      [1, null],
      [2, null],
      [3, null],
      [4, null],
      [5, "T-5"],
    ]);
    // A slot holding a tag is not dropped.
    expect((await postJson(`/admin/sports/devices/${cab.deviceId}/slots`, { slots: 4 }, ADMIN)).status).toBe(409);
    expect((await anomaliesOf(cab.deviceId)).length).toBe(1);
  });

  it("list anomalies newest first, paged", async () => {
    const cab = await onlineCabinet([], 1);
    for (const n of [2, 3, 4]) await poll(cab, [{ slot: n, tag: null }]);
    const { body } = await getJson(`/admin/sports/anomalies?device_id=${cab.deviceId}&limit=2&offset=0`, ADMIN);
    expect(body.anomalies.map((x: any) => x.claimed.slots[0].slot)).toEqual([4, 3]);
    const next = await getJson(`/admin/sports/anomalies?device_id=${cab.deviceId}&limit=2&offset=2`, ADMIN);
    expect(next.body.anomalies.map((x: any) => x.claimed.slots[0].slot)).toEqual([2]);
    expect((await getJson("/admin/sports/anomalies")).status).toBe(401);
  });
});

describe("unknown is not failed", () => {
  it("hold the renter of a timed-out rent until its cabinet tells: a late report makes it the one rental", async () => {
    const tag = uniq("T");
    const a = await onlineCabinet([ball(1, tag)], 2);
    const b = await onlineCabinet([ball(1)], 2);
    const s = await signup();
    const r = await rent(s, a, "篮球");
    await expireCommands(a.deviceId);
    expect((await latest(s)).operation).toMatchObject({ state: "failed", reason: "timeout", unconfirmed: true });
    expect(await rent(s, b, "篮球")).toEqual({ status: "error: operation unconfirmed" });
    expect((await report(a, { command_id: r.operation_id, slot: 1, tag_removed: tag })).body).toEqual({ ok: true });
    expect((await latest(s)).operation).toMatchObject({ state: "succeeded", reason: null });
    expect((await latest(s)).operation).not.toHaveProperty("unconfirmed");
    expect(await status(s)).toHaveLength(1);
    expect(await rent(s, b, "篮球")).toEqual({ status: "error: already renting" });
  });

  it("free the renter once the cabinet's snapshot shows the item never left", async () => {
    const tag = uniq("T");
    const a = await onlineCabinet([ball(1, tag)], 2);
    const b = await onlineCabinet([ball(1)], 2);
    const s = await signup();
    await rent(s, a, "篮球");
    await expireCommands(a.deviceId);
    expect(await rent(s, b, "篮球")).toEqual({ status: "error: operation unconfirmed" });
    await poll(a, [
      { slot: 1, tag },
      { slot: 2, tag: null },
    ]);
    expect((await latest(s)).operation).toMatchObject({ state: "failed", reason: "timeout" });
    expect((await latest(s)).operation).not.toHaveProperty("unconfirmed");
    expect((await rent(s, b, "篮球")).status).toBe("accepted");
  });

  it("record a report so late that its hold lapsed as a rental and an anomaly, never dropped", async () => {
    const tag = uniq("T");
    const a = await onlineCabinet([ball(1, tag)], 2);
    const b = await onlineCabinet([ball(1)], 2);
    const s = await signup();
    const r = await rent(s, a, "篮球");
    await expireCommands(a.deviceId);
    const held = () =>
      env.DB.prepare("SELECT hold_until FROM sports_operations WHERE id = ?").bind(r.operation_id).first<number>("hold_until");
    await vi.waitFor(async () => expect(await held()).not.toBeNull());
    // Hours offline: the hold has lapsed and the person rented elsewhere.
    await env.DB.prepare("UPDATE sports_operations SET hold_until = ? WHERE id = ?")
      .bind(Date.now() - 1, r.operation_id)
      .run();
    await rentAndTake(s, b, "篮球");
    expect((await report(a, { command_id: r.operation_id, slot: 1, tag_removed: tag })).body).toEqual({ ok: true });
    expect(await status(s)).toHaveLength(2);
    expect((await anomaliesOf(a.deviceId))[0]).toMatchObject({ kind: "second rental", command_id: r.operation_id });
  });
});

describe("the inventory heals", () => {
  type Reader = Map<number, string | null>;
  const snapshotOf = (reader: Reader) => [...reader.entries()].map(([slot, tag]) => ({ slot, tag }));
  const itemsIn = async (deviceId: string) =>
    (await env.DB.prepare("SELECT tag, slot FROM sports_items WHERE device_id = ? ORDER BY slot").bind(deviceId).all<any>()).results.map(
      (r) => [r.slot, r.tag],
    );
  const listed = async (deviceId: string) =>
    (await getJson("/sports/device/list")).body.devices.find((d: any) => d.device_id === deviceId).items;

  /** D1, the cabinet's object and its reader say the same. */
  async function agree(deviceId: string, reader: Reader) {
    const held = [...reader.entries()].filter(([, tag]) => tag !== null);
    expect(await itemsIn(deviceId)).toEqual(held);
    expect((await inspect(deviceId)).slots.map((s: any) => [s.slot, s.tag])).toEqual([...reader.entries()]);
    expect(await listed(deviceId)).toEqual(held.length ? [{ type: "篮球", available: held.length }] : []);
  }

  it("an operator placing a tag of one cabinet into another: both honest polls put it back where the reader sees it", async () => {
    const x = uniq("T");
    const race2 = await onlineCabinet([ball(1)], 3);
    const race3 = await onlineCabinet([ball(1, x)], 3);
    expect((await placeItems(race2.deviceId, [ball(2, x)])).status).toBe(200);
    await poll(race2, [
      { slot: 1, tag: (await inspect(race2.deviceId)).slots[0].tag },
      { slot: 2, tag: null },
      { slot: 3, tag: null },
    ]);
    await poll(race3, [
      { slot: 1, tag: x },
      { slot: 2, tag: null },
      { slot: 3, tag: null },
    ]);
    expect(await item(x)).toEqual({ device_id: race3.deviceId, slot: 1 });
    expect(await listed(race3.deviceId)).toEqual([{ type: "篮球", available: 1 }]);
    expect((await inspect(race2.deviceId)).slots[1].tag).toBeNull();
  });

  it("after operator mistakes, lying and replayed input, one honest poll of each cabinet makes D1, every object and every reader agree", async () => {
    const [a1, b1, b2] = [uniq("T"), uniq("T"), uniq("T")];
    const a = await onlineCabinet([ball(1, a1)], 3);
    const b = await onlineCabinet([ball(1, b1), ball(2, b2)], 3);
    // What the readers really see.
    const readerA: Reader = new Map([
      [1, a1],
      [2, null],
      [3, null],
    ]);
    const readerB: Reader = new Map([
      [1, b1],
      [2, b2],
      [3, null],
    ]);
    const captured = await sealed(b, "/sports/cabinet/poll", { slots: snapshotOf(readerB) });
    expect((await send(captured)).status).toBe(200);

    // Operator mistakes: b's tag placed into a, a's tag placed into b, a tag that exists nowhere placed into a.
    expect((await placeItems(a.deviceId, [ball(2, b1)])).status).toBe(200);
    expect((await placeItems(b.deviceId, [ball(3, a1)])).status).toBe(200);
    expect((await placeItems(a.deviceId, [ball(3, uniq("T-NOWHERE"))])).status).toBe(200);

    // A student rents b2 honestly; the reader sees it go.
    const s = await signup();
    const r = await rent(s, b, "篮球");
    const cmd = (await poll(b, snapshotOf(readerB))).body.commands.find((c: any) => c.command_id === r.operation_id);
    // Lies: a report naming a ghost tag, then another cabinet's.
    expect((await report(b, { command_id: cmd.command_id, slot: cmd.slot, tag_removed: "T-GHOST" })).status).toBe(409);
    expect((await report(b, { command_id: cmd.command_id, slot: cmd.slot, tag_removed: a1 })).status).toBe(409);
    const taken = readerB.get(cmd.slot) ?? null;
    readerB.set(cmd.slot, null);
    expect((await report(b, { command_id: cmd.command_id, slot: cmd.slot, tag_removed: taken })).body).toEqual({ ok: true });
    // A replay of the old snapshot (answered, not applied), and a lying poll naming a slot b does not have.
    expect((await send(captured)).status).toBe(200);
    await poll(b, [...snapshotOf(readerB), { slot: 9, tag: taken }]);

    // One honest poll of each cabinet.
    await ageSlots(a.deviceId);
    await ageSlots(b.deviceId);
    await poll(a, snapshotOf(readerA));
    await poll(b, snapshotOf(readerB));

    await agree(a.deviceId, readerA);
    await agree(b.deviceId, readerB);
    expect(await status(s)).toHaveLength(1);
    expect(await item(taken ?? "")).toEqual({ device_id: null, slot: null });
  });
});
