import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { ADMIN, BASE, getJson, postForm, postJson, wxCode } from "./helpers";

const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

async function handleFor(openid: string): Promise<string> {
  const { body } = await postForm("/service/user/getOpenid", { js_code: await wxCode(openid) });
  expect(body.code).toBe(0);
  return body.data.openid;
}

async function registered(openid: string, phone = "13800000000") {
  const handle = await handleFor(openid);
  const { body } = await postForm("/service/user/login", { openid: handle, phone, qq: "10001", cardno: "201901010101" });
  expect(body.code).toBe(0);
  return handle;
}

describe("getOpenid", () => {
  it("exchanges a wx.login code for an opaque handle, not the openid", async () => {
    const { status, body } = await postForm("/service/user/getOpenid", { js_code: await wxCode("o-getopenid-1") });
    expect(status).toBe(200);
    expect(body).toEqual({ code: 0, msg: "success", data: { openid: expect.any(String) } });
    expect(body.data.openid).not.toContain("o-getopenid-1");
    expect(body.data.openid.split(".")).toHaveLength(3);
  });

  it("answers -2 for a code WeChat refuses, including a code used twice", async () => {
    const code = await wxCode("o-getopenid-2");
    expect((await postForm("/service/user/getOpenid", { js_code: code })).body.code).toBe(0);
    const again = await postForm("/service/user/getOpenid", { js_code: code });
    expect(again.body.code).toBe(-2);
    expect(again.body.msg).toContain("40029");
    expect((await postForm("/service/user/getOpenid", { js_code: "made-up" })).body.code).toBe(-2);
  });

  it("hands out handles with a finite life (SERVICE_HANDLE_TTL_DAYS, 180 days by default); an expired one is -1", async () => {
    const DAY = 86_400_000;
    const expiryOf = async (handle: string) => {
      const sid = JSON.parse(atob(handle.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).sid;
      const row = await env.DB.prepare("SELECT expires_at FROM sessions WHERE id = ?").bind(sid).first<{ expires_at: number | null }>();
      return { sid, expiresAt: row?.expires_at ?? null };
    };
    const handle = await handleFor("o-handle-ttl");
    const { sid, expiresAt } = await expiryOf(handle);
    expect(expiresAt).not.toBeNull();
    expect(Math.abs((expiresAt ?? 0) - (Date.now() + 180 * DAY))).toBeLessThan(60_000);
    await postForm("/service/user/login", { openid: handle, phone: "13800000009", qq: "9", cardno: "T9" });
    await env.DB.prepare("UPDATE sessions SET expires_at = ? WHERE id = ?")
      .bind(Date.now() - 1, sid)
      .run();
    expect((await postForm("/service/user/get", { openid: handle })).body.code).toBe(-1);
    // A getOpenid issues a fresh handle that works.
    const fresh = await handleFor("o-handle-ttl");
    expect(fresh).not.toBe(handle);
    expect((await postForm("/service/user/get", { openid: fresh })).body).toMatchObject({ code: 0, data: { phone: "13800000009" } });
    // Configurable.
    const init = {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ js_code: await wxCode("o-handle-ttl-2") }),
    };
    const res = await createApp().fetch(new Request(`${BASE}/service/user/getOpenid`, init), { ...env, SERVICE_HANDLE_TTL_DAYS: "2" });
    const short = ((await res.json()) as any).data.openid as string;
    expect(Math.abs(((await expiryOf(short)).expiresAt ?? 0) - (Date.now() + 2 * DAY))).toBeLessThan(60_000);
  });

  it("answers -1 for a missing or unknown parameter", async () => {
    expect((await postForm("/service/user/getOpenid", {})).body).toMatchObject({ code: -1, data: [] });
    expect((await postForm("/service/user/getOpenid", { js_code: "x", extra: "1" })).body.code).toBe(-1);
  });
});

describe("login and loginByOpenid", () => {
  it("registers with the documented fields and returns the handle in openid", async () => {
    const handle = await handleFor("o-login-1");
    const { body } = await postForm("/service/user/login", {
      openid: handle,
      phone: "12345678912",
      qq: "张三",
      cardno: "0111111111111",
      wxid: "weixin_id123",
    });
    expect(body).toEqual({
      code: 0,
      msg: "success",
      data: {
        id: expect.any(Number),
        openid: handle,
        phone: "12345678912",
        qq: "张三",
        cardno: "0111111111111",
        wxid: "weixin_id123",
        created_at: expect.stringMatching(DATETIME),
        modified_at: expect.stringMatching(DATETIME),
      },
    });
  });

  it("loginByOpenid answers -2 before login and the record after", async () => {
    const handle = await handleFor("o-login-2");
    expect((await postForm("/service/user/loginByOpenid", { openid: handle })).body.code).toBe(-2);
    await postForm("/service/user/login", { openid: handle, phone: "13900000000", qq: "1", cardno: "A1" });
    const { body } = await postForm("/service/user/loginByOpenid", { openid: handle });
    expect(body.code).toBe(0);
    expect(body.data).toMatchObject({ phone: "13900000000", cardno: "A1", wxid: null });
  });

  it("logging in again refreshes the profile instead of duplicating the user", async () => {
    const handle = await registered("o-login-3", "13000000001");
    const first = (await postForm("/service/user/get", { openid: handle })).body.data;
    await postForm("/service/user/login", { openid: handle, phone: "13000000002", qq: "1", cardno: "B2" });
    const second = (await postForm("/service/user/get", { openid: handle })).body.data;
    expect(second.id).toBe(first.id);
    expect(second.phone).toBe("13000000002");
  });

  it("answers -1 for missing or malformed fields and changes nothing", async () => {
    const handle = await handleFor("o-login-4");
    expect((await postForm("/service/user/login", { openid: handle, qq: "1", cardno: "1" })).body.code).toBe(-1);
    expect((await postForm("/service/user/login", { openid: handle, phone: "not a phone", qq: "1", cardno: "1" })).body.code).toBe(-1);
    expect((await postForm("/service/user/loginByOpenid", { openid: handle })).body.code).toBe(-2);
  });

  it("accepts JSON and query parameters as well as forms", async () => {
    const handle = await handleFor("o-login-5");
    const json = await postJson("/service/user/login", { openid: handle, phone: "13100000000", qq: "2", cardno: "C3" });
    expect(json.body.code).toBe(0);
    const res = await fetchQuery(`/service/user/get?openid=${encodeURIComponent(handle)}`);
    expect(res.code).toBe(0);
    expect(res.data.phone).toBe("13100000000");
  });

  it("reads digits JSON clients send as numbers, and update sent as an object", async () => {
    const handle = await handleFor("o-login-6");
    const login = await postJson("/service/user/login", { openid: handle, phone: 13800000006, qq: 10006, cardno: 2019006 });
    expect(login.body.code).toBe(0);
    expect(login.body.data).toMatchObject({ phone: "13800000006", qq: "10006", cardno: "2019006" });
    const update = await postJson("/service/user/update", { openid: handle, update: { phone: 13900000006 } });
    expect(update.body.code).toBe(0);
    expect((await postForm("/service/user/get", { openid: handle })).body.data.phone).toBe("13900000006");
    expect((await postJson("/service/user/update", { openid: handle, update: { phone: true } })).body.code).toBe(-4);
  });

  it("answers a malformed JSON body with -1, not a 500", async () => {
    const res = await SELF.fetch(`${BASE}/service/user/get`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{oops",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ code: -1 });
  });
});

async function fetchQuery(path: string) {
  const res = await SELF.fetch(`${BASE}${path}`, { method: "POST" });
  return (await res.json()) as any;
}

describe("the handle as credential", () => {
  it("rejects a forged or altered handle with -1", async () => {
    const handle = await registered("o-handle-1");
    const [h, p, sig] = handle.split(".");
    const altered = `${h}.${p}.${sig.slice(0, -2)}${sig.endsWith("AA") ? "BB" : "AA"}`;
    expect((await postForm("/service/user/get", { openid: altered })).body.code).toBe(-1);
    const forgedPayload = btoa(JSON.stringify({ sid: "x", aud: "service" })).replace(/=+$/, "");
    expect((await postForm("/service/user/get", { openid: `${h}.${forgedPayload}.${sig}` })).body.code).toBe(-1);
    expect((await postForm("/service/user/get", { openid: "o-handle-1" })).body.code).toBe(-1);
  });

  it("never lets one user's handle read or change another's record or history", async () => {
    const alice = await registered("o-alice", "13311111111");
    const bob = await registered("o-bob", "13322222222");
    await postForm("/service/user/addHistory", { openid: alice, hist: "alice's search" });
    await postForm("/service/user/update", { openid: bob, update: JSON.stringify({ phone: "13399999999" }) });
    await postForm("/service/user/cleanHistory", { openid: bob });

    const a = (await postForm("/service/user/get", { openid: alice })).body.data;
    expect(a.phone).toBe("13311111111");
    expect((await postForm("/service/user/getHistory", { openid: alice })).body.data).toEqual(["alice's search"]);
    expect((await postForm("/service/user/getHistory", { openid: bob })).body.data).toEqual([]);
    expect((await postForm("/service/user/get", { openid: bob })).body.data.phone).toBe("13399999999");
  });

  it("lets operators list users, and nobody else", async () => {
    await registered("o-listed", "13377777777");
    const listed = await getJson("/admin/service/users?limit=100", ADMIN);
    expect(listed.status).toBe(200);
    expect(listed.body.total).toBeGreaterThan(0);
    expect(listed.body.users).toContainEqual(expect.objectContaining({ openid: "o-listed", phone: "13377777777" }));
    expect(listed.body.users[0].history).toBeUndefined();
    const denied = await getJson("/admin/service/users", { authorization: "Bearer wrong" });
    expect(denied.status).toBe(401);
  });

  it("stops working once an operator revokes the user's handles", async () => {
    const handle = await registered("o-revoked");
    const res = await postJson("/admin/service/users/revoke", { openid: "o-revoked" }, ADMIN);
    expect(res.body).toEqual({ revoked: true });
    expect((await postForm("/service/user/get", { openid: handle })).body.code).toBe(-1);
  });

  it("accepts raw openids only where the deployment turns that on", async () => {
    const app = createApp();
    const call = async (path: string, form: Record<string, string>, vars: Record<string, string>) => {
      const init = { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form) };
      const res = await app.fetch(new Request(`${BASE}${path}`, init), { ...env, ...vars });
      return (await res.json()) as any;
    };
    const form = { openid: "o-cloudfn-user", phone: "13500000000", qq: "3", cardno: "D4" };
    expect((await call("/service/user/login", form, {})).code).toBe(-1);
    const on = await call("/service/user/login", form, { SERVICE_ACCEPT_RAW_OPENID: "on" });
    expect(on.code).toBe(0);
    expect(on.data.openid).not.toBe("o-cloudfn-user");
    const viaHandle = await call("/service/user/get", { openid: on.data.openid }, {});
    expect(viaHandle.data.phone).toBe("13500000000");
  });
});

describe("get and update", () => {
  it("get answers -4 for a valid handle whose user never registered", async () => {
    const handle = await handleFor("o-get-1");
    expect((await postForm("/service/user/get", { openid: handle })).body).toMatchObject({ code: -4, data: [] });
  });

  it("updates the listed fields and moves modified_at, not created_at", async () => {
    const handle = await registered("o-update-1");
    const before = (await postForm("/service/user/get", { openid: handle })).body.data;
    const res = await postForm("/service/user/update", { openid: handle, update: '{"phone":"13333333333","wxid":"new-wx"}' });
    expect(res.body).toEqual({ code: 0, msg: "success", data: [] });
    const after = (await postForm("/service/user/get", { openid: handle })).body.data;
    expect(after).toMatchObject({ phone: "13333333333", wxid: "new-wx", created_at: before.created_at });
  });

  it("answers -3 for update that is not JSON and -4 for JSON it cannot apply", async () => {
    const handle = await registered("o-update-2", "13344444444");
    expect((await postForm("/service/user/update", { openid: handle, update: "{phone:" })).body.code).toBe(-3);
    expect((await postForm("/service/user/update", { openid: handle, update: '["phone"]' })).body.code).toBe(-4);
    expect((await postForm("/service/user/update", { openid: handle, update: '{"openid":"o-other"}' })).body.code).toBe(-4);
    expect((await postForm("/service/user/update", { openid: handle, update: '{"phone":"x"}' })).body.code).toBe(-4);
    expect((await postForm("/service/user/update", { openid: handle, update: "{}" })).body.code).toBe(-4);
    expect((await postForm("/service/user/update", { openid: handle })).body.code).toBe(-1);
    expect((await postForm("/service/user/get", { openid: handle })).body.data.phone).toBe("13344444444");
  });

  it("answers -2 when the user to update does not exist", async () => {
    const handle = await handleFor("o-update-3");
    expect((await postForm("/service/user/update", { openid: handle, update: '{"qq":"5"}' })).body.code).toBe(-2);
  });
});

describe("search history", () => {
  it("keeps at most six entries, newest first, without duplicates", async () => {
    const handle = await registered("o-hist-1");
    for (const h of ["a", "b", "c", "d", "e", "f", "g", "c"]) {
      await postForm("/service/user/addHistory", { openid: handle, hist: h });
    }
    const expected = ["c", "g", "f", "e", "d", "b"];
    const got = await postForm("/service/user/getHistory", { openid: handle });
    expect(got.body).toEqual({ code: 0, msg: "success", data: expected });
  });

  it("returns the history from addHistory and empties it on cleanHistory", async () => {
    const handle = await registered("o-hist-2");
    const added = await postForm("/service/user/addHistory", { openid: handle, hist: "高等数学" });
    expect(added.body.data).toEqual(["高等数学"]);
    expect((await postForm("/service/user/cleanHistory", { openid: handle })).body).toEqual({ code: 0, msg: "success", data: [] });
    expect((await postForm("/service/user/getHistory", { openid: handle })).body.data).toEqual([]);
  });

  it("loses no entry when additions race", async () => {
    const handle = await registered("o-hist-3");
    const words = ["w1", "w2", "w3", "w4", "w5", "w6"];
    await Promise.all(words.map((hist) => postForm("/service/user/addHistory", { openid: handle, hist })));
    const { body } = await postForm("/service/user/getHistory", { openid: handle });
    expect([...body.data].sort()).toEqual(words);
  });

  it("answers -1 for an empty entry and -2 for an unregistered user", async () => {
    const handle = await registered("o-hist-4");
    expect((await postForm("/service/user/addHistory", { openid: handle, hist: "" })).body.code).toBe(-1);
    const stranger = await handleFor("o-hist-5");
    expect((await postForm("/service/user/getHistory", { openid: stranger })).body.code).toBe(-2);
    expect((await postForm("/service/user/addHistory", { openid: stranger, hist: "x" })).body.code).toBe(-2);
  });
});

describe("routing", () => {
  it("answers an unknown 002 path in the 002 envelope", async () => {
    const { status, body } = await getJson("/service/user/nothing");
    expect(status).toBe(404);
    expect(body).toMatchObject({ code: -1, data: [] });
  });
});
