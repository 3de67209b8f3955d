import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import * as schema from "../src/db/schema";
import { sign, verifyCabinet } from "../src/surfaces/sports/signature";
import { ADMIN, getJson, postForm, wxCode } from "./helpers";
import {
  ageSlots,
  createDevice,
  latest,
  onlineCabinet,
  poll,
  q,
  rent,
  rentAndTake,
  report,
  revert,
  type Student,
  signup,
  uniq,
} from "./sports-helpers";

/** Checks of document 003 and the original server's routes as their clients call them, and of the cabinets' clock window. */

const db = drizzle(env.DB, { schema });
const ball = (slot: number, tag = uniq("T")) => ({ tag, name: `篮球${slot}`, type: "篮球", slot });

/** The original server's credentials: `uuid` where the document says `userid`. */
const original = (s: Student, extra: Record<string, string> = {}) =>
  new URLSearchParams({ uuid: s.userid, client_session_id: s.client_session_id, ...extra }).toString();

describe("the cabinets' clock window", () => {
  it("lets in a timestamp exactly 300 s early or late, whatever the millisecond, and refuses 301 s", async () => {
    const cab = await createDevice();
    const second = Math.floor(Date.now() / 1000);
    const path = "/sports/cabinet/poll";
    const body = "{}";
    const check = async (ts: number, now: number) => {
      const signature = await sign(cab.secret, String(ts), "POST", path, body);
      return verifyCabinet(db, { deviceId: cab.deviceId, timestamp: String(ts), signature }, "POST", path, body, now).then(
        (d) => d.id,
        (err: Error) => err.message,
      );
    };
    for (const ms of [0, 999]) {
      expect(await check(second - 300, second * 1000 + ms)).toBe(cab.deviceId);
      expect(await check(second + 300, second * 1000 + ms)).toBe(cab.deviceId);
      expect(await check(second - 301, second * 1000 + ms)).toBe("timestamp outside the accepted window");
      expect(await check(second + 301, second * 1000 + ms)).toBe("timestamp outside the accepted window");
    }
  });
});

describe("the original server's /user/... routes, called as its clients call them", () => {
  it("signup, login and weixin_signup answer uuid beside userid", async () => {
    const s = await signup();
    const openid = uniq("wx");
    const viaAlias = await getJson(`/sports/user/weixin_signup?code=${await wxCode(openid, "wx-sports-demo")}`);
    expect(viaAlias.body).toEqual({
      status: "accepted",
      userid: expect.any(String),
      uuid: viaAlias.body.userid,
      client_session_id: expect.any(String),
    });
    const again = await getJson(`/sports/user/weixin_signup?code=${await wxCode(openid, "wx-sports-demo")}`);
    expect(again.body).toEqual({ status: "error: already signed up" });
    const login = await getJson(`/sports/user/login?code=${await wxCode(openid, "wx-sports-demo")}`);
    expect(login.body).toEqual({
      status: "accepted",
      userid: viaAlias.body.userid,
      uuid: viaAlias.body.userid,
      client_session_id: expect.any(String),
    });
    expect(s.userid).not.toBe(viaAlias.body.userid);
  });

  it("/user/uuid, /user/profile, /user/status take uuid in place of userid", async () => {
    const s = await signup(undefined, { phone: "+86 18888888888", region: "浙江, 杭州" });
    expect((await getJson(`/sports/user/uuid?${original(s)}`)).body).toEqual({ status: "accepted", userid: s.userid, uuid: s.userid });
    expect((await getJson(`/sports/user/profile?${original(s)}`)).body).toEqual({
      status: "accepted",
      userid: s.userid,
      region: "浙江, 杭州",
      phone: "+86 18888888888",
      email: "",
      profile: { uuid: s.userid, region: "浙江, 杭州", phone: "+86 18888888888", email: "" },
    });
    expect((await getJson(`/sports/user/status?${original(s)}`)).body).toEqual({ status: "accepted", items: [], rented: [] });
    const other = await signup();
    const foreign = new URLSearchParams({ uuid: s.userid, client_session_id: other.client_session_id }).toString();
    for (const p of ["/user/uuid", "/user/profile", "/user/status", "/user/history?skip=0&limit=5"]) {
      expect((await getJson(`/sports${p}${p.includes("?") ? "&" : "?"}${foreign}`)).body).toEqual({ status: "error: invalid session_id" });
    }
  });

  it("POST /user/profile with fields updates them, as the original did; GET never changes anything", async () => {
    const s = await signup();
    const posted = await postForm(`/sports/user/profile?${original(s, { region: "北京" })}`, { email: "a@b.cn" });
    expect(posted.body).toMatchObject({ status: "accepted", region: "北京", email: "a@b.cn", phone: "+86 18888888888" });
    const got = await getJson(`/sports/user/profile?${q(s, { region: "上海" })}`);
    expect(got.body).toMatchObject({ status: "accepted", region: "北京", profile: { region: "北京", email: "a@b.cn" } });
    expect((await postForm(`/sports/user/profile`, { ...s, email: "not-an-email" })).body).toEqual({ status: "error: invalid request" });
    expect((await getJson(`/sports/user/profile?${q(s)}`)).body.email).toBe("a@b.cn");
  });

  it("/user/history takes skip and limit and answers the rentals under items and history, newest first", async () => {
    const cab = await onlineCabinet([ball(1), ball(2), ball(3)], 4);
    const s = await signup();
    const names: string[] = [];
    for (let i = 0; i < 2; i++) {
      const taken = await rentAndTake(s, cab, "篮球");
      names.unshift(`篮球${taken.slot}`);
      const r = await revert(s, cab);
      const cmd = (await poll(cab)).body.commands.find((c: any) => c.command_id === r.operation_id);
      expect((await report(cab, { command_id: r.operation_id, slot: cmd.slot, tag_inserted: taken.tag })).body).toEqual({ ok: true });
    }
    const all = await getJson(`/sports/user/history?${original(s, { skip: "0", limit: "10" })}`);
    expect(all.body.status).toBe("accepted");
    expect(all.body.items.map((i: any) => i.name)).toEqual(names);
    expect(all.body.history).toEqual(all.body.items);
    expect(all.body.items[0]).toEqual({
      time_begin: expect.stringMatching(/Z$/),
      time_end: expect.stringMatching(/Z$/),
      name: names[0],
      device: cab.name,
    });
    const second = await getJson(`/sports/user/history?${q(s, { skip: "1", limit: "1" })}`);
    expect(second.body.items.map((i: any) => i.name)).toEqual([names[1]]);
    expect((await getJson(`/sports/user/history?${q(s, { skip: "5", limit: "1" })}`)).body).toEqual({
      status: "accepted",
      items: [],
      history: [],
    });
    expect((await getJson(`/sports/user/history?${q(s, { skip: "x", limit: "1" })}`)).body).toEqual({ status: "error: invalid request" });
    expect((await getJson(`/sports/user/history?${q(s)}`)).body).toEqual({ status: "error: invalid request" });
  });

  it("latest_renting_or_reverting_status in the original's words: unstarted, waiting, succeeded, failed", async () => {
    const cab = await onlineCabinet([ball(1, uniq("T")), ball(2)]);
    const s = await signup();
    const word = async () => {
      const { body } = await getJson(`/sports/user/latest_renting_or_reverting_status?${original(s)}`);
      const alias = await getJson(`/sports/user/renting_or_reverting?${original(s)}`);
      expect(alias.body).toEqual(body);
      return [body.latest_renting_or_reverting_status, body.renting_or_reverting, body.operation?.state ?? null];
    };
    expect(await word()).toEqual(["unstarted", false, null]);
    const r = await rent(s, cab, "篮球");
    expect(await word()).toEqual(["waiting", true, "pending"]);
    expect((await report(cab, { command_id: r.operation_id, door: "jammed", slot: 1 })).body).toEqual({ ok: true });
    expect(await word()).toEqual(["failed", false, "failed"]);
    const taken = await rentAndTake(s, cab, "篮球");
    expect(await word()).toEqual(["succeeded", false, "succeeded"]);
    expect((await latest(s)).operation).toMatchObject({ kind: "rent", state: "succeeded", name: `篮球${taken.slot}` });
  });
});

describe("a snapshot that contradicts itself", () => {
  it("is answered, its contradictory entries left out and kept as an anomaly; the rest applied", async () => {
    const cab = await onlineCabinet([ball(1, uniq("T")), ball(2, uniq("T")), ball(3, uniq("T"))]);
    const before = (await getJson(`/admin/sports/devices/${cab.deviceId}`, ADMIN)).body.slots;
    const [t1, t2, t3] = before.slice(0, 3).map((x: any) => x.tag);
    await ageSlots(cab.deviceId);
    // Slot 1 named twice (held and empty), tag 2 seen in slots 2 and 4; slot 3 honestly emptied.
    const answered = await poll(cab, [
      { slot: 1, tag: t1 },
      { slot: 1, tag: null },
      { slot: 2, tag: t2 },
      { slot: 4, tag: t2 },
      { slot: 3, tag: null },
    ]);
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual({ codes: expect.any(Array), commands: [], poll_after_ms: 1000 });
    const slots = (await getJson(`/admin/sports/devices/${cab.deviceId}`, ADMIN)).body.slots;
    expect(slots.map((x: any) => x.tag)).toEqual([t1, t2, null, null]);
    const entry = (await getJson("/sports/device/list")).body.devices.find((d: any) => d.device_id === cab.deviceId);
    expect(entry.items).toEqual([{ type: "篮球", available: 2 }]);
    const { body } = await getJson(`/admin/sports/anomalies?device_id=${cab.deviceId}`, ADMIN);
    const kinds = body.anomalies.map((a: any) => a.kind);
    expect(kinds).toContain("contradictory snapshot");
    expect(t3).toBeTruthy();
  });
});
