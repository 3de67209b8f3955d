import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ADMIN, getJson, postJson } from "./helpers";
import {
  currentCode,
  expireCommands,
  latest,
  onlineCabinet,
  poll,
  q,
  rent,
  rentAndTake,
  report,
  revert,
  rotateCodes,
  signup,
  silence,
  stub,
  uniq,
} from "./sports-helpers";

const ball = (slot: number, tag = uniq("T")) => ({ tag, name: `篮球${slot}`, type: "篮球", slot });

async function deviceEntry(deviceId: string) {
  const { body } = await getJson("/sports/device/list");
  expect(body.status).toBe("accepted");
  return body.devices.find((d: any) => d.device_id === deviceId);
}

describe("/sports/device/list", () => {
  it("lists cabinets without a session: online state, the codes shown and items available per type", async () => {
    const cab = await onlineCabinet([ball(1), ball(2), { tag: uniq("T"), name: "足球A", type: "足球", slot: 3 }]);
    const entry = await deviceEntry(cab.deviceId);
    expect(entry).toEqual({
      device_id: cab.deviceId,
      name: cab.name,
      location: "操场",
      online: true,
      verification_codes: cab.codes,
      items: [
        { type: "篮球", available: 2 },
        { type: "足球", available: 1 },
      ],
      // The original server's names for the same fields (test/sports-original-names.test.ts).
      deviceID: cab.deviceId,
      captchas: cab.codes,
      instruments: entry.items,
    });
    expect(cab.codes).toHaveLength(1);
    expect(cab.codes[0]).toMatch(/^\d{3}$/);
  });

  it("shows a cabinet that never polled, or stopped polling 60 s ago, as offline", async () => {
    const cab = await onlineCabinet([ball(1)]);
    await silence(cab.deviceId);
    const { body } = await poll(cab);
    expect(body.codes).toEqual(cab.codes);
    // The D1 copy of the last poll is refreshed at most every 10 s, so age it directly.
    await env.DB.prepare("UPDATE sports_devices SET last_seen_at = ? WHERE id = ?")
      .bind(Date.now() - 61_000, cab.deviceId)
      .run();
    expect((await deviceEntry(cab.deviceId)).online).toBe(false);
  });
});

describe("verification codes", () => {
  it("rotate on the alarm; the current and the previous code are accepted, older ones are not", async () => {
    const cab = await onlineCabinet([ball(1), ball(2), ball(3)]);
    const [first] = cab.codes;
    await rotateCodes(cab.deviceId);
    const { body } = await poll(cab);
    expect(body.codes).toHaveLength(2);
    expect(body.codes[1]).toBe(first);
    expect(body.codes[0]).not.toBe(first);
    expect((await deviceEntry(cab.deviceId)).verification_codes).toEqual(body.codes);

    expect((await rent(await signup(), cab, "篮球", first)).status).toBe("accepted");
    expect((await rent(await signup(), cab, "篮球", body.codes[0])).status).toBe("accepted");
    await rotateCodes(cab.deviceId);
    expect((await rent(await signup(), cab, "篮球", first)).status).toBe("error: invalid verification code");
  });
});

describe("renting", () => {
  it("queues a door-open, redelivers it on every poll, and turns the taken item into a rental on the report", async () => {
    const cab = await onlineCabinet([ball(1, "T-R1"), ball(2, "T-R2")]);
    const s = await signup();
    const r = await rent(s, cab, "篮球");
    expect(r).toEqual({ status: "accepted", operation_id: expect.any(String) });
    expect((await latest(s)).operation).toEqual({
      operation_id: r.operation_id,
      kind: "rent",
      state: "pending",
      reason: null,
      device: cab.name,
      name: null,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    // The reserved item no longer counts as available.
    expect((await deviceEntry(cab.deviceId)).items).toEqual([{ type: "篮球", available: 1 }]);

    const first = await poll(cab);
    const second = await poll(cab);
    expect(first.body.commands).toEqual([
      { command_id: r.operation_id, action: "open", slot: 1, purpose: "rent", expires_at: expect.stringMatching(/Z$/) },
    ]);
    expect(second.body.commands).toEqual(first.body.commands);
    expect(first.body.poll_after_ms).toBe(1000);

    expect((await report(cab, { command_id: r.operation_id, slot: 1, tag_removed: "T-R1" })).body).toEqual({ ok: true });
    expect((await latest(s)).operation).toMatchObject({ state: "succeeded", reason: null, name: "篮球1" });
    expect((await poll(cab)).body.commands).toEqual([]);

    const status = await getJson(`/sports/user/status?${q(s)}`);
    const held = [{ time_begin: expect.stringMatching(/Z$/), time_due: expect.stringMatching(/Z$/), name: "篮球1", device: cab.name }];
    // rented: the same items under the original server's name.
    expect(status.body).toEqual({ status: "accepted", items: held, rented: held });
    const { time_begin, time_due } = status.body.items[0];
    expect(Date.parse(time_due) - Date.parse(time_begin)).toBe(2 * 3_600_000);
    expect((await deviceEntry(cab.deviceId)).items).toEqual([{ type: "篮球", available: 1 }]);
  });

  it("schedules a due-soon and an overdue reminder for the rental, and cancels both on return", async () => {
    const cab = await onlineCabinet([ball(1, "T-REM")]);
    const s = await signup();
    await rentAndTake(s, cab, "篮球");
    const rental = await env.DB.prepare("SELECT id, due_at FROM sports_rentals WHERE user_id = ?").bind(s.userid).first<any>();
    const keys = [`sports:rental:${rental.id}:due-soon`, `sports:rental:${rental.id}:overdue`];
    const reminders = (
      await env.DB.prepare(
        "SELECT dedupe_key, template_id, send_at, state, data, appid FROM reminders WHERE dedupe_key IN (?, ?) ORDER BY send_at",
      )
        .bind(...keys)
        .all<any>()
    ).results;
    expect(reminders.map((r) => [r.dedupe_key, r.template_id, r.send_at, r.state, r.appid])).toEqual([
      [`sports:rental:${rental.id}:due-soon`, "tmpl-sports-due-soon", rental.due_at - 15 * 60_000, "pending", "wx-sports-demo"],
      [`sports:rental:${rental.id}:overdue`, "tmpl-sports-overdue", rental.due_at, "pending", "wx-sports-demo"],
    ]);
    for (const r of reminders) {
      for (const [key, { value }] of Object.entries(JSON.parse(r.data) as Record<string, { value: string }>)) {
        if (key.startsWith("thing")) expect(Array.from(value).length).toBeLessThanOrEqual(20);
      }
    }

    const back = await revert(s, cab);
    expect(back.status).toBe("accepted");
    const { body } = await poll(cab);
    await report(cab, { command_id: body.commands[0].command_id, slot: body.commands[0].slot, tag_inserted: "T-REM" });
    const states = await env.DB.prepare("SELECT state FROM reminders WHERE dedupe_key IN (?, ?)")
      .bind(...keys)
      .all<any>();
    expect(states.results.map((r) => r.state)).toEqual(["cancelled", "cancelled"]);
  });

  it("accepts the verification code sent as a JSON number", async () => {
    const cab = await onlineCabinet([ball(1)]);
    const s = await signup();
    const code = await currentCode(cab);
    const { body } = await postJson("/sports/device/try_to_rent/", {
      ...s,
      device_id: cab.deviceId,
      type: "篮球",
      verification_code: Number(code),
    });
    expect(body.status).toBe("accepted");
  });

  it("answers every documented refusal", async () => {
    const cab = await onlineCabinet([ball(1)]);
    const s = await signup();
    const code = await currentCode(cab);
    const wrong = String((Number(code) + 500) % 1000).padStart(3, "0");
    expect(await rent(s, { ...cab, deviceId: "no-such-cabinet" }, "篮球", code)).toEqual({ status: "error: invalid device_id" });
    expect(await rent(s, cab, "篮球", wrong)).toEqual({ status: "error: invalid verification code" });
    expect(await rent(s, cab, "足球", code)).toEqual({ status: "error: no item available" });
    const nophone = await signup(uniq("wx"), {});
    expect(await rent(nophone, cab, "篮球", code)).toEqual({ status: "error: phone required" });
    const missing = await getJson(`/sports/device/try_to_rent?${q(s, { device_id: cab.deviceId })}`);
    expect(missing.body).toEqual({ status: "error: invalid request" });

    const first = await rent(s, cab, "篮球", code);
    expect(first.status).toBe("accepted");
    expect(await rent(s, cab, "篮球", code)).toEqual({ status: "error: already renting" });

    await silence(cab.deviceId);
    expect(await rent(await signup(), cab, "篮球", code)).toEqual({ status: "error: device offline" });
  });

  it("refuses a second item while the first is out, and an overdue renter until the item is back", async () => {
    const cab = await onlineCabinet([ball(1, "T-OD1"), ball(2, "T-OD2")]);
    const s = await signup();
    await rentAndTake(s, cab, "篮球");
    expect(await rent(s, cab, "篮球")).toEqual({ status: "error: already renting" });
    await env.DB.prepare("UPDATE sports_rentals SET due_at = ? WHERE user_id = ?")
      .bind(Date.now() - 60_000, s.userid)
      .run();
    const overdue = await getJson("/admin/sports/rentals?state=overdue", ADMIN);
    expect(overdue.body.rentals.map((r: any) => r.userid)).toContain(s.userid);
    expect(await rent(s, cab, "篮球")).toEqual({ status: "error: already renting" });

    expect((await revert(s, cab)).status).toBe("accepted");
    const { body } = await poll(cab);
    await report(cab, { command_id: body.commands[0].command_id, slot: body.commands[0].slot, tag_inserted: "T-OD1" });
    expect((await rent(s, cab, "篮球")).status).toBe("accepted");
  });

  it("uses the per-type rental time when configured", async () => {
    const { rentalHours } = await import("../src/surfaces/sports/ledger");
    expect(rentalHours({ ...env, SPORTS_RENTAL_HOURS_BY_TYPE: '{"足球": 0.5}' } as any, "足球")).toBe(0.5);
    expect(rentalHours({ ...env, SPORTS_RENTAL_HOURS_BY_TYPE: '{"足球": 0.5}' } as any, "篮球")).toBe(2);
    expect(rentalHours({ ...env, SPORTS_RENTAL_HOURS: "3" } as any, "篮球")).toBe(3);
  });
});

describe("returning", () => {
  it("opens an empty slot, closes the rental on the renter's tag, and shows it in the history", async () => {
    const cab = await onlineCabinet([ball(1, "T-RET")], 2);
    const s = await signup();
    expect(await revert(s, cab)).toEqual({ status: "error: not renting" });
    await rentAndTake(s, cab, "篮球");

    const r = await revert(s, cab);
    expect(r).toEqual({ status: "accepted", operation_id: expect.any(String) });
    expect((await latest(s)).operation).toMatchObject({ kind: "revert", state: "pending", name: "篮球1" });
    expect((await revert(s, cab)).status).toBe("error: operation pending");
    const { body } = await poll(cab);
    expect(body.commands).toEqual([expect.objectContaining({ command_id: r.operation_id, slot: 1, purpose: "revert" })]);
    await report(cab, { command_id: r.operation_id, slot: 1, tag_inserted: "T-RET" });

    expect((await latest(s)).operation).toMatchObject({ kind: "revert", state: "succeeded", reason: null });
    expect((await getJson(`/sports/user/status?${q(s)}`)).body.items).toEqual([]);
    const history = await getJson(`/sports/user/history/page_length/5/page_id/0/?${q(s)}`);
    expect(history.body.items).toEqual([{ time_begin: expect.any(String), time_end: expect.any(String), name: "篮球1", device: cab.name }]);
    expect((await getJson(`/sports/user/history/page_length/5/page_id/1?${q(s)}`)).body.items).toEqual([]);
    expect((await deviceEntry(cab.deviceId)).items).toEqual([{ type: "篮球", available: 1 }]);
  });

  it("takes an item back at another cabinet than the one it came from", async () => {
    const from = await onlineCabinet([ball(1, "T-X")], 2);
    const to = await onlineCabinet([], 2);
    const s = await signup();
    await rentAndTake(s, from, "篮球");
    const r = await revert(s, to);
    expect(r.status).toBe("accepted");
    const { body } = await poll(to);
    await report(to, { command_id: r.operation_id, slot: body.commands[0].slot, tag_inserted: "T-X" });
    expect((await latest(s)).operation).toMatchObject({ kind: "revert", state: "succeeded", device: to.name });
    expect((await getJson(`/sports/user/history/page_length/5/page_id/0?${q(s)}`)).body.items).toEqual([
      { time_begin: expect.any(String), time_end: expect.any(String), name: "篮球1", device: from.name },
    ]);
    expect((await deviceEntry(to.deviceId)).items).toEqual([{ type: "篮球", available: 1 }]);
    expect((await deviceEntry(from.deviceId)).items).toEqual([]);
  });

  it("refuses a return when every slot is full", async () => {
    const cab = await onlineCabinet([ball(1, "T-F1"), ball(2, "T-F2")], 2);
    const other = await onlineCabinet([ball(1, "T-F3")], 1);
    const s = await signup();
    await rentAndTake(s, other, "篮球");
    expect(await revert(s, cab)).toEqual({ status: "error: no empty slot" });
  });

  it("pages the history newest first with a bounded page length", async () => {
    const cab = await onlineCabinet([ball(1, "T-H1")], 2);
    const s = await signup();
    for (let i = 0; i < 3; i++) {
      await rentAndTake(s, cab, "篮球");
      await revert(s, cab);
      const { body } = await poll(cab);
      await report(cab, { command_id: body.commands[0].command_id, slot: body.commands[0].slot, tag_inserted: "T-H1" });
    }
    const page = async (n: number, k: number) => (await getJson(`/sports/user/history/page_length/${n}/page_id/${k}?${q(s)}`)).body.items;
    expect(await page(2, 0)).toHaveLength(2);
    expect(await page(2, 1)).toHaveLength(1);
    expect(await page(2, 7)).toEqual([]);
    expect(await page(1000, 0)).toHaveLength(3);
    const all = await page(10, 0);
    expect(all.map((i: any) => i.time_begin)).toEqual([...all.map((i: any) => i.time_begin)].sort().reverse());
  });
});

describe("timeouts", () => {
  it("fail an unconfirmed rent after the deadline; the door command is no longer delivered; a late report still wins", async () => {
    const cab = await onlineCabinet([ball(1, "T-LATE")]);
    const s = await signup();
    const r = await rent(s, cab, "篮球");
    await expireCommands(cab.deviceId);
    expect((await latest(s)).operation).toMatchObject({ state: "failed", reason: "timeout" });
    expect((await poll(cab)).body.commands).toEqual([]);
    expect((await deviceEntry(cab.deviceId)).items).toEqual([{ type: "篮球", available: 1 }]);

    expect((await report(cab, { command_id: r.operation_id, slot: 1, tag_removed: "T-LATE" })).body).toEqual({ ok: true });
    expect((await latest(s)).operation).toMatchObject({ state: "succeeded", reason: null, name: "篮球1" });
    expect((await getJson(`/sports/user/status?${q(s)}`)).body.items).toHaveLength(1);
  });

  it("expire a claim left behind by an interrupted request, freeing the slot and the person", async () => {
    const cab = await onlineCabinet([ball(1, "T-STUCK")]);
    const s = await signup();
    const id = crypto.randomUUID();
    const now = Date.now();
    await env.DB.prepare(
      "INSERT INTO sports_operations (id, user_id, device_id, kind, state, slot, tag, created_at, updated_at, expires_at) VALUES (?, ?, ?, 'rent', 'pending', 1, 'T-STUCK', ?, ?, ?)",
    )
      .bind(id, s.userid, cab.deviceId, now, now, now)
      .run();
    await runInDurableObject(stub(cab.deviceId), async (_instance, state) => {
      state.storage.sql.exec(
        "INSERT INTO commands (id, kind, slot, user_id, tag, rental_id, state, created_at, expires_at) VALUES (?, 'rent', 1, ?, 'T-STUCK', NULL, 'claiming', ?, ?)",
        id,
        s.userid,
        now,
        now - 1,
      );
    });
    expect(await rent(await signup(), cab, "篮球")).toEqual({ status: "error: no item available" });
    // The person asking again sweeps the stale claim first.
    expect((await rent(s, cab, "篮球")).status).toBe("accepted");
    const stale = await env.DB.prepare("SELECT state, reason FROM sports_operations WHERE id = ?").bind(id).first();
    expect(stale).toEqual({ state: "failed", reason: "timeout" });
  });

  it("time out an operation whose alarm runs late as soon as the person asks again", async () => {
    const cab = await onlineCabinet([ball(1, "T-SW")]);
    const s = await signup();
    const r = await rent(s, cab, "篮球");
    const past = Date.now() - 1;
    await runInDurableObject(stub(cab.deviceId), async (_instance, state) => {
      state.storage.sql.exec("UPDATE commands SET expires_at = ?", past);
    });
    await env.DB.prepare("UPDATE sports_operations SET expires_at = ? WHERE id = ?").bind(past, r.operation_id).run();
    expect((await rent(s, cab, "篮球")).status).toBe("accepted");
    const first = await env.DB.prepare("SELECT state, reason FROM sports_operations WHERE id = ?").bind(r.operation_id).first();
    expect(first).toEqual({ state: "failed", reason: "timeout" });
  });
});
