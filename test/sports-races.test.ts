import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ADMIN, getJson } from "./helpers";
import {
  currentCode,
  latest,
  onlineCabinet,
  poll,
  q,
  rentAndTake,
  report,
  revert,
  sealed,
  send,
  signup,
  stub,
  uniq,
} from "./sports-helpers";

const ball = (slot: number, tag = uniq("T")) => ({ tag, name: `篮球${slot}`, type: "篮球", slot });

const tryRent = async (s: { userid: string; client_session_id: string }, deviceId: string, code: string) =>
  (await getJson(`/sports/device/try_to_rent?${q(s, { device_id: deviceId, type: "篮球", verification_code: code })}`)).body.status;

describe("races", () => {
  it("one item per person: two cabinets asked at the same instant accept exactly one", async () => {
    const bj1 = await onlineCabinet([ball(1), ball(2)]);
    const bj2 = await onlineCabinet([ball(1), ball(2)]);
    const [c1, c2] = [await currentCode(bj1), await currentCode(bj2)];
    for (let round = 0; round < 5; round++) {
      const s = await signup();
      const results = await Promise.all([tryRent(s, bj1.deviceId, c1), tryRent(s, bj2.deviceId, c2)]);
      expect(results.filter((r) => r === "accepted")).toHaveLength(1);
      expect(results.filter((r) => r === "error: already renting")).toHaveLength(1);
      const pending = await env.DB.prepare("SELECT count(*) AS n FROM sports_operations WHERE user_id = ? AND state = 'pending'")
        .bind(s.userid)
        .first<number>("n");
      expect(pending).toBe(1);
      // Free the cabinets for the next round.
      const op = (await latest(s)).operation;
      const cab = op.device === bj1.name ? bj1 : bj2;
      const { body } = await poll(cab);
      await report(cab, { command_id: op.operation_id, door: "jammed", slot: body.commands[0].slot });
    }
  });

  it("the last item of a type goes to exactly one of many racing users", async () => {
    const cab = await onlineCabinet([ball(1, "T-LAST")]);
    const code = await currentCode(cab);
    const students = await Promise.all(Array.from({ length: 8 }, () => signup()));
    const results = await Promise.all(students.map((s) => tryRent(s, cab.deviceId, code)));
    expect(results.filter((r) => r === "accepted")).toHaveLength(1);
    expect(results.filter((r) => r === "error: no item available")).toHaveLength(7);
    const { body } = await poll(cab);
    expect(body.commands).toHaveLength(1);
  });

  it("three items among twenty racing users: exactly three accepted, each on its own slot", async () => {
    const cab = await onlineCabinet([ball(1), ball(2), ball(3)]);
    const code = await currentCode(cab);
    const students = await Promise.all(Array.from({ length: 20 }, () => signup()));
    const results = await Promise.all(students.map((s) => tryRent(s, cab.deviceId, code)));
    expect(results.filter((r) => r === "accepted")).toHaveLength(3);
    const { body } = await poll(cab);
    expect(body.commands.map((c: any) => c.slot).sort()).toEqual([1, 2, 3]);
  });

  it("a rent reported many times at once makes exactly one rental", async () => {
    const cab = await onlineCabinet([ball(1, "T-MANY")]);
    const s = await signup();
    const r = (
      await getJson(
        `/sports/device/try_to_rent?${q(s, { device_id: cab.deviceId, type: "篮球", verification_code: await currentCode(cab) })}`,
      )
    ).body;
    const same = { command_id: r.operation_id, slot: 1, tag_removed: "T-MANY" };
    const replies = await Promise.all([
      ...Array.from({ length: 5 }, () => report(cab, same)),
      poll(cab, [
        { slot: 1, tag: null },
        { slot: 2, tag: null },
      ]),
    ]);
    expect(replies.every((x) => x.status === 200)).toBe(true);
    const rentals = await env.DB.prepare("SELECT id FROM sports_rentals WHERE user_id = ?").bind(s.userid).all();
    expect(rentals.results).toHaveLength(1);
  });

  it("a revert closes the right rental exactly once, however often the report arrives", async () => {
    const cab = await onlineCabinet([ball(1, "T-RV1"), ball(2, "T-RV2")], 3);
    const a = await signup();
    const b = await signup();
    await rentAndTake(a, cab, "篮球");
    await rentAndTake(b, cab, "篮球");
    const r = await revert(a, cab);
    const { body } = await poll(cab);
    const slot = body.commands[0].slot;
    const same = { command_id: r.operation_id, slot, tag_inserted: "T-RV1" };
    await Promise.all([
      ...Array.from({ length: 6 }, () => report(cab, same)),
      poll(cab, [
        { slot: 1, tag: slot === 1 ? "T-RV1" : null },
        { slot: 2, tag: slot === 2 ? "T-RV1" : null },
        { slot: 3, tag: slot === 3 ? "T-RV1" : null },
      ]),
    ]);
    const rows = await env.DB.prepare("SELECT user_id, tag, returned_at, return_operation_id FROM sports_rentals ORDER BY started_at")
      .all<any>()
      .then((x) => x.results.filter((row) => row.user_id === a.userid || row.user_id === b.userid));
    const mine = rows.filter((row) => row.user_id === a.userid);
    expect(mine).toHaveLength(1);
    expect(mine[0].returned_at).not.toBeNull();
    expect(rows.find((row) => row.user_id === b.userid).returned_at).toBeNull();
    expect((await latest(a)).operation).toMatchObject({ kind: "revert", state: "succeeded" });
    const states = await env.DB.prepare(
      "SELECT state FROM reminders WHERE dedupe_key LIKE 'sports:rental:%' AND openid IN (SELECT openid FROM sports_users WHERE id = ?)",
    )
      .bind(a.userid)
      .all<any>();
    expect(states.results.map((x) => x.state)).toEqual(["cancelled", "cancelled"]);
  });

  it("the same poll arriving many times at once: every copy answered alike, its snapshot applied once", async () => {
    const cab = await onlineCabinet([ball(1, "T-POLLS")], 2);
    const s = await signup();
    const code = await currentCode(cab);
    const r = await getJson(`/sports/device/try_to_rent?${q(s, { device_id: cab.deviceId, type: "篮球", verification_code: code })}`);
    expect(r.body.status).toBe("accepted");
    // Codes due: the first copy draws a fresh one once the snapshot is applied; every copy must show it.
    await runInDurableObject(stub(cab.deviceId), async (_instance, state) => {
      state.storage.sql.exec("UPDATE cabinet SET codes_at = ?", Date.now() - 61_000);
    });
    // The report was lost; the snapshot shows the ball gone, and the cabinet sends it again before the first reply arrives.
    const polled = await sealed(cab, "/sports/cabinet/poll", {
      slots: [
        { slot: 1, tag: null },
        { slot: 2, tag: null },
      ],
    });
    const replies = await Promise.all(Array.from({ length: 8 }, () => send(polled)));
    expect(replies.map((x) => x.status)).toEqual(Array(8).fill(200));
    const { codes } = (await getJson(`/admin/sports/devices/${cab.deviceId}`, ADMIN)).body;
    expect(codes).toEqual([expect.any(String), code]);
    for (const reply of replies) expect(reply.body).toEqual({ codes, commands: [], poll_after_ms: 1000 });
    const rentals = await env.DB.prepare("SELECT tag FROM sports_rentals WHERE user_id = ?").bind(s.userid).all();
    expect(rentals.results).toEqual([{ tag: "T-POLLS" }]);
    expect((await latest(s)).operation).toMatchObject({ kind: "rent", state: "succeeded" });
  });

  it("the same report arriving many times at once: every copy answered ok, one rental", async () => {
    const cab = await onlineCabinet([ball(1, "T-SAME")], 2);
    const s = await signup();
    const r = await getJson(
      `/sports/device/try_to_rent?${q(s, { device_id: cab.deviceId, type: "篮球", verification_code: await currentCode(cab) })}`,
    );
    const reported = await sealed(cab, "/sports/cabinet/report", {
      command_id: r.body.operation_id,
      door: "opened",
      slot: 1,
      tag_removed: "T-SAME",
      tag_inserted: null,
    });
    const replies = await Promise.all(Array.from({ length: 6 }, () => send(reported)));
    expect(replies).toEqual(Array(6).fill({ status: 200, body: { ok: true } }));
    const rentals = await env.DB.prepare("SELECT tag FROM sports_rentals WHERE user_id = ?").bind(s.userid).all();
    expect(rentals.results).toEqual([{ tag: "T-SAME" }]);
  });
});
