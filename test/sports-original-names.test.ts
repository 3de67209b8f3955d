import { describe, expect, it } from "vitest";
import { getJson, postForm } from "./helpers";
import { currentCode, latest, onlineCabinet, poll, q, rent, rentAndTake, report, type Student, signup, uniq } from "./sports-helpers";

/**
 * Where document 003 stops, the original server (wayhoww/inshare.ts at
 * 34342d6) named things its own way; its clients still call those names.
 * Each is answered as the documented one is.
 */

const ball = (slot: number, tag = uniq("T")) => ({ tag, name: `篮球${slot}`, type: "篮球", slot });

/** The original server's credentials: `uuid` where the document says `userid`. */
const original = (s: Student, extra: Record<string, string> = {}) =>
  new URLSearchParams({ uuid: s.userid, client_session_id: s.client_session_id, ...extra }).toString();

describe("/sports/device/list under the original server's names too", () => {
  it("carries deviceID, location, captchas and instruments beside the documented fields", async () => {
    const cab = await onlineCabinet([ball(1), ball(2), { tag: uniq("T"), name: "足球A", type: "足球", slot: 3 }]);
    const { body } = await getJson("/sports/device/list");
    expect(body.status).toBe("accepted");
    const entry = body.devices.find((d: any) => d.device_id === cab.deviceId);
    expect(entry).toMatchObject({ device_id: cab.deviceId, location: "操场", verification_codes: cab.codes });
    expect(entry.deviceID).toBe(entry.device_id);
    expect(entry.captchas).toEqual(entry.verification_codes);
    expect(entry.instruments).toEqual(entry.items);
    expect(entry.instruments).toEqual([
      { type: "篮球", available: 2 },
      { type: "足球", available: 1 },
    ]);
  });
});

describe("renting at the original server's /user/... paths", () => {
  it("/user/try_to_rent takes uuid and type_id and queues the door as /device/try_to_rent does", async () => {
    const cab = await onlineCabinet([ball(1, "T-OR1"), ball(2, "T-OR2")]);
    const s = await signup();
    const code = await currentCode(cab);
    const { body } = await getJson(
      `/sports/user/try_to_rent?${original(s, { device_id: cab.deviceId, type_id: "篮球", verification_code: code })}`,
    );
    expect(body).toEqual({ status: "accepted", operation_id: expect.any(String) });
    expect((await latest(s)).operation).toMatchObject({ operation_id: body.operation_id, kind: "rent", state: "pending" });
    const { body: polled } = await poll(cab);
    expect(polled.commands).toEqual([expect.objectContaining({ command_id: body.operation_id, purpose: "rent" })]);
  });

  it("/user/try_to_rent also takes the documented names, over GET and form POST", async () => {
    const cab = await onlineCabinet([ball(1), ball(2)]);
    const s = await signup();
    const code = await currentCode(cab);
    const viaGet = await getJson(`/sports/user/try_to_rent/?${q(s, { device_id: cab.deviceId, type: "篮球", verification_code: code })}`);
    expect(viaGet.body).toEqual({ status: "accepted", operation_id: expect.any(String) });
    const other = await signup();
    const viaPost = await postForm("/sports/user/try_to_rent", {
      userid: other.userid,
      client_session_id: other.client_session_id,
      device_id: cab.deviceId,
      type_id: "篮球",
      verification_code: code,
    });
    expect(viaPost.body).toEqual({ status: "accepted", operation_id: expect.any(String) });
  });

  it("/user/try_to_rent answers the documented refusals in the document's words", async () => {
    const cab = await onlineCabinet([ball(1)]);
    const s = await signup();
    const code = await currentCode(cab);
    const wrong = String((Number(code) + 500) % 1000).padStart(3, "0");
    const at = async (extra: Record<string, string>, who = s) => (await getJson(`/sports/user/try_to_rent?${original(who, extra)}`)).body;
    expect(await at({ device_id: "no-such-cabinet", type_id: "篮球", verification_code: code })).toEqual({
      status: "error: invalid device_id",
    });
    expect(await at({ device_id: cab.deviceId, type_id: "篮球", verification_code: wrong })).toEqual({
      status: "error: invalid verification code",
    });
    expect(await at({ device_id: cab.deviceId, type_id: "足球", verification_code: code })).toEqual({ status: "error: no item available" });
    expect(await at({ device_id: cab.deviceId, verification_code: code })).toEqual({ status: "error: invalid request" });
    expect((await getJson(`/sports/user/try_to_rent?device_id=${cab.deviceId}&type_id=1&verification_code=${code}`)).body).toEqual({
      status: "error: invalid request",
    });
    const stranger = { userid: crypto.randomUUID(), client_session_id: s.client_session_id };
    expect(await at({ device_id: cab.deviceId, type_id: "篮球", verification_code: code }, stranger)).toEqual({
      status: "error: invalid userid",
    });
    const nophone = await signup(uniq("wx"), {});
    expect(await at({ device_id: cab.deviceId, type_id: "篮球", verification_code: code }, nophone)).toEqual({
      status: "error: phone required",
    });
    expect((await at({ device_id: cab.deviceId, type_id: "篮球", verification_code: code })).status).toBe("accepted");
    expect(await at({ device_id: cab.deviceId, type_id: "篮球", verification_code: code })).toEqual({ status: "error: already renting" });
    expect(await rent(s, cab, "篮球", code)).toEqual({ status: "error: already renting" });
  });

  it("/user/try_to_revert returns the item as /device/try_to_revert does (rent_item_uuid is not needed)", async () => {
    const cab = await onlineCabinet([ball(1, "T-ORV")], 2);
    const s = await signup();
    const code = await currentCode(cab);
    const back = (extra: Record<string, string> = {}) =>
      getJson(`/sports/user/try_to_revert?${original(s, { device_id: cab.deviceId, verification_code: code, ...extra })}`);
    expect((await back()).body).toEqual({ status: "error: not renting" });
    await rentAndTake(s, cab, "篮球");
    const r = await back({ rent_item_uuid: "whatever-the-old-client-sends" });
    expect(r.body).toEqual({ status: "accepted", operation_id: expect.any(String) });
    expect((await back()).body).toEqual({ status: "error: operation pending" });
    const { body } = await poll(cab);
    expect(body.commands).toEqual([expect.objectContaining({ command_id: r.body.operation_id, purpose: "revert" })]);
    await report(cab, { command_id: r.body.operation_id, slot: body.commands[0].slot, tag_inserted: "T-ORV" });
    expect((await latest(s)).operation).toMatchObject({ kind: "revert", state: "succeeded" });
  });

  it("/user/latest_renting_or_reverting_status and /user/renting_or_reverting answer as /device/latest_renting_or_reverting_status, under the original's names too", async () => {
    const cab = await onlineCabinet([ball(1, "T-OL")]);
    const s = await signup();
    const documented = async () => (await getJson(`/sports/device/latest_renting_or_reverting_status?${q(s)}`)).body;
    const aliases = async () =>
      Promise.all(
        ["latest_renting_or_reverting_status", "renting_or_reverting"].map(
          async (path) => (await getJson(`/sports/user/${path}?${original(s)}`)).body,
        ),
      );
    // The original's latest_renting_or_reverting_status was a word: unstarted, waiting, succeeded or failed.
    const withNames = (body: any, pending: boolean) => ({
      ...body,
      latest_renting_or_reverting_status: body.operation === null ? "unstarted" : pending ? "waiting" : body.operation.state,
      renting_or_reverting: pending,
    });

    const none = await documented();
    expect(none).toEqual({ status: "accepted", operation: null });
    expect(await aliases()).toEqual([withNames(none, false), withNames(none, false)]);

    const r = await rent(s, cab, "篮球");
    const pending = await documented();
    expect(pending.operation).toMatchObject({ operation_id: r.operation_id, state: "pending" });
    expect(await aliases()).toEqual([withNames(pending, true), withNames(pending, true)]);

    const { body } = await poll(cab);
    await report(cab, { command_id: r.operation_id, slot: body.commands[0].slot, tag_removed: "T-OL" });
    const done = await documented();
    expect(done.operation).toMatchObject({ state: "succeeded" });
    expect(await aliases()).toEqual([withNames(done, false), withNames(done, false)]);
  });

  it("/user/rented answers as /user/status, the items also under `rented` on both", async () => {
    const cab = await onlineCabinet([ball(1, "T-ORS")]);
    const s = await signup();
    expect((await getJson(`/sports/user/status?${q(s)}`)).body).toEqual({ status: "accepted", items: [], rented: [] });
    expect((await getJson(`/sports/user/rented?${original(s)}`)).body).toEqual({ status: "accepted", items: [], rented: [] });
    await rentAndTake(s, cab, "篮球");
    const status = (await getJson(`/sports/user/status?${q(s)}`)).body;
    expect(status.items).toEqual([expect.objectContaining({ name: "篮球1", device: cab.name })]);
    const rented = { ...status, rented: status.items };
    expect(status).toEqual(rented);
    expect((await getJson(`/sports/user/rented/?${original(s)}`)).body).toEqual(rented);
    expect((await getJson(`/sports/user/rented?${q(s)}`)).body).toEqual(rented);
  });

  it("the aliases check the session as the documented paths do", async () => {
    const s = await signup();
    const forged = { ...s, client_session_id: "forged" };
    for (const path of ["try_to_rent", "try_to_revert", "latest_renting_or_reverting_status", "renting_or_reverting", "rented"]) {
      const extra = { device_id: "x", type_id: "篮球", verification_code: "000" };
      expect((await getJson(`/sports/user/${path}?${original(forged, extra)}`)).body, path).toEqual({
        status: "error: invalid session_id",
      });
      expect((await getJson(`/sports/user/${path}?${new URLSearchParams(extra)}`)).body, path).toEqual({
        status: "error: invalid request",
      });
    }
  });
});

describe("/openapi.json", () => {
  it("lists the original server's paths, each marked as an alias of the documented one", async () => {
    const { body } = await getJson("/openapi.json");
    const aliases: Record<string, string> = {
      "/sports/user/try_to_rent": "/device/try_to_rent",
      "/sports/user/try_to_revert": "/device/try_to_revert",
      "/sports/user/latest_renting_or_reverting_status": "/device/latest_renting_or_reverting_status",
      "/sports/user/renting_or_reverting": "/device/latest_renting_or_reverting_status",
      "/sports/user/rented": "/user/status",
    };
    for (const [path, of] of Object.entries(aliases)) {
      const op = body.paths[path]?.get;
      expect(op, path).toBeDefined();
      expect(`${op.summary}\n${op.description}`, path).toContain(`Alias of ${of}`);
      expect(body.paths[path].post, path).toBeDefined();
    }
    const rent = body.paths["/sports/user/try_to_rent"].get.parameters.map((p: any) => p.name);
    expect(rent).toEqual(expect.arrayContaining(["uuid", "userid", "type_id", "type", "device_id", "verification_code"]));
    const documented = body.paths["/sports/device/try_to_rent"].get.parameters.map((p: any) => p.name);
    expect(documented).not.toContain("type_id");
    expect(documented).not.toContain("uuid");
  });
});
