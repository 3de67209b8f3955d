import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ADMIN, getJson, postJson } from "./helpers";
import {
  createDevice,
  currentCode,
  onlineCabinet,
  placeItems,
  poll,
  q,
  rent,
  rentAndTake,
  report,
  revert,
  signup,
  uniq,
} from "./sports-helpers";

const ball = (slot: number, tag = uniq("T")) => ({ tag, name: `篮球${slot}`, type: "篮球", slot });

describe("/admin/sports/devices", () => {
  it("provisions a cabinet with a secret shown once, and refuses a duplicate or a missing token", async () => {
    const id = uniq("cab");
    const created = await postJson("/admin/sports/devices", { device_id: id, name: "北交1", location: "东操场" }, ADMIN);
    expect(created).toEqual({ status: 201, body: { device_id: id, secret: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect((await postJson("/admin/sports/devices", { device_id: id, name: "again" }, ADMIN)).status).toBe(409);
    expect((await postJson("/admin/sports/devices", { device_id: uniq("cab"), name: "x" })).status).toBe(401);
    expect((await postJson("/admin/sports/devices", { device_id: "bad id!", name: "x" }, ADMIN)).status).toBe(400);

    const list = await getJson("/admin/sports/devices", ADMIN);
    const entry = list.body.devices.find((d: any) => d.id === id);
    expect(entry).toMatchObject({ id, name: "北交1", location: "东操场", slots: 8, retired_at: null });
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
  });

  it("puts tagged items into slots, and refuses bad placements", async () => {
    const cab = await createDevice(uniq("cab"), "柜", 3);
    const placed = await placeItems(cab.deviceId, [ball(1, "T-A1"), ball(3, "T-A3")]);
    expect(placed).toEqual({ status: 200, body: { device_id: cab.deviceId, items: [ball(1, "T-A1"), ball(3, "T-A3")] } });
    const item = await env.DB.prepare("SELECT name, type, device_id, slot FROM sports_items WHERE tag = 'T-A3'").first();
    expect(item).toEqual({ name: "篮球3", type: "篮球", device_id: cab.deviceId, slot: 3 });

    expect((await placeItems(cab.deviceId, [ball(4)])).status).toBe(400);
    expect((await placeItems(cab.deviceId, [ball(2, "T-D"), ball(2)])).status).toBe(400);
    expect((await placeItems("no-such-cabinet", [ball(1)])).status).toBe(404);
    expect((await postJson(`/admin/sports/devices/${cab.deviceId}/items`, { items: [] }, ADMIN)).status).toBe(400);

    // Moving a tag to another slot empties the old one.
    await placeItems(cab.deviceId, [ball(2, "T-A1")]);
    const inspect = await getJson(`/admin/sports/devices/${cab.deviceId}`, ADMIN);
    expect(inspect.body.slots.map((s: any) => [s.slot, s.tag])).toEqual([
      [1, null],
      [2, "T-A1"],
      [3, "T-A3"],
    ]);
  });

  it("refuses to place a tag that is rented out, or into a slot with a door command in flight", async () => {
    const cab = await onlineCabinet([ball(1, "T-OUT"), ball(2, "T-BUSY")]);
    const s = await signup();
    await rentAndTake(s, cab, "篮球");
    expect((await placeItems(cab.deviceId, [ball(3, "T-OUT")])).status).toBe(409);
    await rent(await signup(), cab, "篮球");
    expect((await placeItems(cab.deviceId, [ball(2, uniq("T"))])).status).toBe(409);
  });

  it("retires a cabinet: it leaves the device list and students get error: invalid device_id", async () => {
    const cab = await onlineCabinet([ball(1)]);
    const s = await signup();
    const code = await currentCode(cab);
    expect((await postJson(`/admin/sports/devices/${cab.deviceId}/retire`, {}, ADMIN)).body).toEqual({
      device_id: cab.deviceId,
      retired: true,
    });
    expect((await postJson(`/admin/sports/devices/${cab.deviceId}/retire`, {}, ADMIN)).status).toBe(404);
    const list = await getJson("/sports/device/list");
    expect(list.body.devices.map((d: any) => d.device_id)).not.toContain(cab.deviceId);
    expect(await rent(s, cab, "篮球", code)).toEqual({ status: "error: invalid device_id" });
    expect((await postJson(`/admin/sports/devices/${cab.deviceId}/secret`, {}, ADMIN)).status).toBe(404);
  });
});

describe("/admin/sports/rentals", () => {
  it("lists active, overdue and returned rentals", async () => {
    const cab = await onlineCabinet([ball(1, "T-L1"), ball(2, "T-L2"), ball(3, "T-L3")]);
    const [a, b, c] = [await signup(), await signup(), await signup()];
    await rentAndTake(a, cab, "篮球");
    await rentAndTake(b, cab, "篮球");
    await rentAndTake(c, cab, "篮球");
    await env.DB.prepare("UPDATE sports_rentals SET due_at = ? WHERE user_id = ?")
      .bind(Date.now() - 1000, b.userid)
      .run();
    const r = await revert(c, cab);
    const { body } = await poll(cab);
    await report(cab, { command_id: r.operation_id, slot: body.commands[0].slot, tag_inserted: "T-L3" });

    const users = async (state: string) =>
      (await getJson(`/admin/sports/rentals?state=${state}&limit=100`, ADMIN)).body.rentals.map((x: any) => x.userid);
    expect(await users("active")).toContain(a.userid);
    expect(await users("active")).not.toContain(b.userid);
    expect(await users("overdue")).toContain(b.userid);
    expect(await users("overdue")).not.toContain(a.userid);
    expect(await users("returned")).toContain(c.userid);
    const returned = (await getJson("/admin/sports/rentals?state=returned", ADMIN)).body.rentals.find((x: any) => x.userid === c.userid);
    expect(returned).toMatchObject({ tag: "T-L3", name: "篮球3", type: "篮球", device_id: cab.deviceId, return_device_id: cab.deviceId });
    expect(returned.time_end).toMatch(/Z$/);
    expect((await getJson("/admin/sports/rentals?state=lost", ADMIN)).status).toBe(400);
    expect((await getJson(`/sports/user/status?${q(a)}`)).body.items).toHaveLength(1);
  });
});

describe("/openapi.json", () => {
  it("describes the student, cabinet and operator routes", async () => {
    const { body } = await getJson("/openapi.json");
    for (const path of [
      "/sports/user/signup",
      "/sports/user/login",
      "/sports/user/profile",
      "/sports/user/profile/update",
      "/sports/user/status",
      "/sports/user/history/page_length/{page_length}/page_id/{page_id}",
      "/sports/device/list",
      "/sports/device/try_to_rent",
      "/sports/device/try_to_revert",
      "/sports/device/latest_renting_or_reverting_status",
    ]) {
      expect(body.paths[path]?.get, path).toBeDefined();
      expect(body.paths[`${path}/`], `${path}/`).toBeUndefined();
    }
    for (const path of [
      "/sports/cabinet/poll",
      "/sports/cabinet/report",
      "/admin/sports/devices",
      "/admin/sports/devices/{device_id}/items",
    ]) {
      expect(body.paths[path]?.post, path).toBeDefined();
    }
    expect(body.paths["/admin/sports/rentals"].get.parameters.map((p: any) => p.name)).toContain("state");
    expect(body.paths["/sports/device/try_to_rent"].get.parameters.map((p: any) => p.name)).toEqual(
      expect.arrayContaining(["userid", "client_session_id", "device_id", "type", "verification_code"]),
    );
  });
});
