import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { sign } from "../src/surfaces/sports/signature";
import { ADMIN, BASE, getJson, postJson } from "./helpers";
import {
  ageSlots,
  createDevice,
  expireCommands,
  latest,
  onlineCabinet,
  poll,
  q,
  rent,
  rentAndTake,
  report,
  revert,
  signed,
  signup,
  uniq,
} from "./sports-helpers";

const ball = (slot: number, tag = uniq("T")) => ({ tag, name: `篮球${slot}`, type: "篮球", slot });

const item = (tag: string) => env.DB.prepare("SELECT device_id, slot, reserved_by FROM sports_items WHERE tag = ?").bind(tag).first<any>();
const rentalsOf = (userid: string) =>
  env.DB.prepare("SELECT * FROM sports_rentals WHERE user_id = ? ORDER BY started_at")
    .bind(userid)
    .all<any>()
    .then((r) => r.results);
const lastSeen = (deviceId: string) =>
  env.DB.prepare("SELECT last_seen_at FROM sports_devices WHERE id = ?").bind(deviceId).first<number>("last_seen_at");

describe("cabinet request signatures", () => {
  it("accept a correctly signed poll (the query string is not signed)", async () => {
    const cab = await createDevice();
    const text = "{}";
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await SELF.fetch(`${BASE}/sports/cabinet/poll?debug=1`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-device-id": cab.deviceId,
        "x-timestamp": ts,
        "x-signature": await sign(cab.secret, ts, "POST", "/sports/cabinet/poll", text),
      },
      body: text,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ codes: [expect.stringMatching(/^\d{3}$/)], commands: [], poll_after_ms: 1000 });
  });

  it("refuse a wrong secret, a stale or future timestamp, an unknown device and missing headers with 401, changing nothing", async () => {
    const cab = await createDevice();
    // Read the clock at each request: on a loaded machine a second may pass between them, which would bring
    // a timestamp 301 s ahead back inside the window.
    const now = () => Math.floor(Date.now() / 1000);
    const attempts = [
      await poll({ ...cab, secret: "not-the-secret" }),
      await signed(cab, "/sports/cabinet/poll", {}, { timestamp: now() - 301 }),
      await signed(cab, "/sports/cabinet/poll", {}, { timestamp: now() + 330 }),
      await signed(cab, "/sports/cabinet/poll", {}, { deviceId: "no-such-cabinet" }),
    ];
    for (const a of attempts) expect(a).toEqual({ status: 401, body: { ok: false, error: expect.any(String) } });
    const bare = await postJson("/sports/cabinet/poll", {});
    expect(bare.status).toBe(401);
    expect(await lastSeen(cab.deviceId)).toBeNull();
    expect((await signed(cab, "/sports/cabinet/poll", {}, { timestamp: now() - 290 })).status).toBe(200);
  });

  it("refuse a signed body replayed to another path", async () => {
    const cab = await onlineCabinet([ball(1, "T-REPLAY")]);
    const s = await signup();
    const r = await rent(s, cab, "篮球");
    const body = { command_id: r.operation_id, door: "opened", slot: 1, tag_removed: "T-REPLAY", tag_inserted: null };
    // Signed for /poll, sent to /report.
    const replayed = await signed(cab, "/sports/cabinet/report", body, { signedPath: "/sports/cabinet/poll" });
    expect(replayed.status).toBe(401);
    expect((await latest(s)).operation.state).toBe("pending");
    expect(await item("T-REPLAY")).toMatchObject({ device_id: cab.deviceId, slot: 1 });
  });

  it("refuse a retired cabinet and an old secret after rotation", async () => {
    const cab = await createDevice();
    const rotated = await postJson(`/admin/sports/devices/${cab.deviceId}/secret`, {}, ADMIN);
    expect(rotated.body).toEqual({ device_id: cab.deviceId, secret: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await poll(cab)).status).toBe(401);
    expect((await poll({ ...cab, secret: rotated.body.secret })).status).toBe(200);
    await postJson(`/admin/sports/devices/${cab.deviceId}/retire`, {}, ADMIN);
    expect((await poll({ ...cab, secret: rotated.body.secret })).status).toBe(401);
  });

  it("answer a malformed body with 400 and an unknown command with 404", async () => {
    const cab = await createDevice();
    expect((await signed(cab, "/sports/cabinet/report", { door: "sideways" })).status).toBe(400);
    expect((await signed(cab, "/sports/cabinet/poll", { slots: "all" })).status).toBe(400);
    expect((await report(cab, { command_id: "nope", slot: 1 })).status).toBe(404);
  });
});

describe("inventory", () => {
  it("follows every poll snapshot: tags that appear are placed, tags that vanish are out", async () => {
    const cab = await onlineCabinet([ball(1, "T-INV1"), ball(2, "T-INV2")]);
    await poll(cab, [
      { slot: 1, tag: null },
      { slot: 2, tag: "T-INV2" },
      { slot: 3, tag: "T-INV1" },
      { slot: 4, tag: null },
    ]);
    expect(await item("T-INV1")).toMatchObject({ device_id: cab.deviceId, slot: 3 });
    await poll(cab, [
      { slot: 1, tag: null },
      { slot: 2, tag: null },
      { slot: 3, tag: "T-INV1" },
      { slot: 4, tag: null },
    ]);
    expect(await item("T-INV2")).toMatchObject({ device_id: null, slot: null });
    const inspect = await getJson(`/admin/sports/devices/${cab.deviceId}`, ADMIN);
    expect(inspect.body.slots.map((s: any) => [s.slot, s.tag])).toEqual([
      [1, null],
      [2, null],
      [3, "T-INV1"],
      [4, null],
    ]);
  });
});

describe("stale snapshots", () => {
  it("a snapshot taken before a report but arriving after it does not undo the report", async () => {
    const cab = await onlineCabinet([ball(1, "T-STALE"), ball(2, "T-STALE2")]);
    const s = await signup();
    await rentAndTake(s, cab, "篮球");
    const stale = [
      { slot: 1, tag: "T-STALE" },
      { slot: 2, tag: "T-STALE2" },
      { slot: 3, tag: null },
      { slot: 4, tag: null },
    ];
    await poll(cab, stale);
    expect((await getJson(`/sports/user/status?${q(s)}`)).body.items).toHaveLength(1);
    expect(await item("T-STALE")).toMatchObject({ device_id: null, slot: null });
    // Once the grace has passed, the reader's view wins again: the tag is back, so the rental closes.
    await ageSlots(cab.deviceId);
    await poll(cab, stale);
    expect((await getJson(`/sports/user/status?${q(s)}`)).body.items).toEqual([]);
    expect(await item("T-STALE")).toMatchObject({ device_id: cab.deviceId, slot: 1 });
  });
});

describe("cabinet faults", () => {
  it("a jammed door fails the rent with `door jammed` and the item stays available", async () => {
    const cab = await onlineCabinet([ball(1, "T-JAM")]);
    const s = await signup();
    const r = await rent(s, cab, "篮球");
    await report(cab, { command_id: r.operation_id, door: "jammed", slot: 1 });
    expect((await latest(s)).operation).toMatchObject({ state: "failed", reason: "door jammed" });
    expect(await item("T-JAM")).toEqual({ device_id: cab.deviceId, slot: 1, reserved_by: null });
    expect((await rent(s, cab, "篮球")).status).toBe("accepted");
  });

  it("a door opened with nothing taken fails the rent with `not taken`", async () => {
    const cab = await onlineCabinet([ball(1, "T-NT")]);
    const s = await signup();
    const r = await rent(s, cab, "篮球");
    await report(cab, { command_id: r.operation_id, slot: 1 });
    expect((await latest(s)).operation).toMatchObject({ state: "failed", reason: "not taken" });
    expect(await rentalsOf(s.userid)).toEqual([]);
  });

  it("a return of someone else's tag fails with `wrong item`, records where it is and closes that tag's rental", async () => {
    const cab = await onlineCabinet([ball(1, "T-W1"), ball(2, "T-W2")]);
    const a = await signup();
    const b = await signup();
    await rentAndTake(a, cab, "篮球");
    await rentAndTake(b, cab, "篮球");
    const r = await revert(a, cab);
    const { body } = await poll(cab);
    const cmd = body.commands.find((c: any) => c.command_id === r.operation_id);
    await report(cab, { command_id: r.operation_id, slot: cmd.slot, tag_inserted: "T-W2" });

    expect((await latest(a)).operation).toMatchObject({ kind: "revert", state: "failed", reason: "wrong item" });
    expect((await getJson(`/sports/user/status?${q(a)}`)).body.items).toHaveLength(1);
    expect((await getJson(`/sports/user/status?${q(b)}`)).body.items).toEqual([]);
    expect(await item("T-W2")).toMatchObject({ device_id: cab.deviceId, slot: cmd.slot });
  });

  it("a lost rent report is settled by the next poll snapshot", async () => {
    const cab = await onlineCabinet([ball(1, "T-LOST1"), ball(2, "T-LOST2")]);
    const s = await signup();
    await rent(s, cab, "篮球");
    await poll(cab, [
      { slot: 1, tag: null },
      { slot: 2, tag: "T-LOST2" },
    ]);
    expect((await latest(s)).operation).toMatchObject({ state: "succeeded", name: "篮球1" });
    expect((await rentalsOf(s.userid)).map((r: any) => r.tag)).toEqual(["T-LOST1"]);
  });

  it("a lost return report is settled by the next poll snapshot", async () => {
    const cab = await onlineCabinet([ball(1, "T-LR")], 2);
    const s = await signup();
    await rentAndTake(s, cab, "篮球");
    await ageSlots(cab.deviceId);
    await revert(s, cab);
    await poll(cab, [
      { slot: 1, tag: "T-LR" },
      { slot: 2, tag: null },
    ]);
    expect((await latest(s)).operation).toMatchObject({ kind: "revert", state: "succeeded" });
    expect((await rentalsOf(s.userid))[0].returned_at).not.toBeNull();
  });

  it("a return reported after the timeout still closes the rental", async () => {
    const cab = await onlineCabinet([ball(1, "T-LATE2")], 2);
    const s = await signup();
    await rentAndTake(s, cab, "篮球");
    const r = await revert(s, cab);
    await expireCommands(cab.deviceId);
    expect((await latest(s)).operation).toMatchObject({ state: "failed", reason: "timeout" });
    await report(cab, { command_id: r.operation_id, slot: 1, tag_inserted: "T-LATE2" });
    expect((await latest(s)).operation).toMatchObject({ state: "succeeded", reason: null });
    expect((await getJson(`/sports/user/status?${q(s)}`)).body.items).toEqual([]);
  });

  it("a late report of a failure replaces the timeout reason", async () => {
    const cab = await onlineCabinet([ball(1, "T-LJ")]);
    const s = await signup();
    const r = await rent(s, cab, "篮球");
    await expireCommands(cab.deviceId);
    await report(cab, { command_id: r.operation_id, door: "jammed", slot: 1 });
    expect((await latest(s)).operation).toMatchObject({ state: "failed", reason: "door jammed" });
  });

  it("a report sent twice changes nothing the second time", async () => {
    const cab = await onlineCabinet([ball(1, "T-TW")], 2);
    const s = await signup();
    const rented = await rentAndTake(s, cab, "篮球");
    expect((await report(cab, { command_id: rented.operationId, slot: 1, tag_removed: "T-TW" })).body).toEqual({ ok: true });
    expect(await rentalsOf(s.userid)).toHaveLength(1);

    const r = await revert(s, cab);
    await report(cab, { command_id: r.operation_id, slot: 1, tag_inserted: "T-TW" });
    const [closed] = await rentalsOf(s.userid);
    // A different, contradictory duplicate is ignored too: the first report stands.
    expect((await report(cab, { command_id: r.operation_id, slot: 1, door: "jammed" })).body).toEqual({ ok: true });
    expect(await rentalsOf(s.userid)).toEqual([closed]);
    expect(closed.return_operation_id).toBe(r.operation_id);
    expect((await latest(s)).operation).toMatchObject({ state: "succeeded" });
  });
});
