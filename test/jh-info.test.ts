import { env, SELF } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import * as schema from "../src/db/schema";
import { jhUsers } from "../src/db/schema/jh";
import { BASE } from "./helpers";
import { account, api, md5 } from "./jh-helpers";

const db = drizzle(env.DB, { schema });
const refused = (msg: string, code = 403) => ({ code, msg, data: null });

const hex = (bytes: number[] | Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
/** A small "JPEG": its magic number and some bytes (the server checks the signature and the size). */
const jpeg = (size = 64) => hex([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: size - 4 }, (_, i) => i % 256)]);
const png = hex([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

describe("getinfo", () => {
  it("gives the base information with the document's defaults", async () => {
    const me = await account("base-user");
    const res = await api("getinfo", { credit: me.credit, type: "base" });
    expect(res).toEqual({
      status: 200,
      body: {
        code: 200,
        msg: "获取成功",
        data: {
          username: me.username,
          nickname: "base-user",
          usertype: "COMMON",
          portrait: "default::unset",
          email: "",
          phone: "",
          permission_msgboard: 0,
        },
      },
    });
  });

  it("refuses an unknown type, a bad credit and a missing field", async () => {
    const me = await account("type-user");
    expect((await api("getinfo", { credit: me.credit, type: "secret" })).body).toEqual(refused("不存在该类型信息"));
    expect((await api("getinfo", { credit: "ffffffffffffffffffffffffffffffff", type: "base" })).body).toEqual(
      refused("自动登录已失效,请重新登录"),
    );
    expect((await api("getinfo", { credit: "", type: "base" })).body).toEqual(refused("自动登录已失效,请重新登录"));
    expect((await api("getinfo", { credit: me.credit })).body).toEqual(refused("无效的访问。", 400));
  });
});

describe("setinfo", () => {
  it("handles every field sent: 2 changed, 0 not sent", async () => {
    const me = await account("set-user");
    const res = await api("setinfo", { credit: me.credit, email: "me@zjut.edu.cn", phone: "13800001111", portrait: jpeg() });
    expect(res.body).toEqual({ code: 200, msg: "修改信息成功", data: { e_email: 2, e_portrait: 2, e_phone: 2 } });
    const base = (await api("getinfo", { credit: me.credit, type: "base" })).body.data;
    expect(base).toMatchObject({ email: "me@zjut.edu.cn", phone: "13800001111", portrait: jpeg() });
    const only = await api("setinfo", { credit: me.credit, phone: "0571-88320000" });
    expect(only.body.data).toEqual({ e_email: 0, e_portrait: 0, e_phone: 2 });
    expect((await api("getinfo", { credit: me.credit, type: "base" })).body.data).toMatchObject({
      email: "me@zjut.edu.cn",
      phone: "0571-88320000",
    });
  });

  it("refuses malformed values with 1 and keeps the old ones", async () => {
    const me = await account("bad-set-user");
    await api("setinfo", { credit: me.credit, email: "ok@zjut.edu.cn", phone: "13800002222", portrait: png });
    for (const [email, phone, portrait] of [
      ["lalala@cht. com", "12", "ffd8"],
      ["no-at-sign", "phone!", hex([0x47, 0x49, 0x46, 0x38, 0x39, 0x61])],
      ["a@b", "+86 138", "not hex at all"],
      ["x@y.z", "1".repeat(30), jpeg(256 * 1024 + 1)],
    ]) {
      const res = await api("setinfo", { credit: me.credit, email, phone, portrait });
      expect(res.body, email).toEqual({
        code: 200,
        msg: "修改信息成功",
        data: { e_email: email === "x@y.z" ? 2 : 1, e_portrait: 1, e_phone: 1 },
      });
    }
    const base = (await api("getinfo", { credit: me.credit, type: "base" })).body.data;
    expect(base).toMatchObject({ email: "x@y.z", phone: "13800002222", portrait: png });
  });

  it("accepts a portrait of exactly 256 KiB, stores it in R2, and removes it on default::unset", async () => {
    const me = await account("portrait-user");
    const big = jpeg(256 * 1024);
    expect((await api("setinfo", { credit: me.credit, portrait: big.toUpperCase() })).body.data.e_portrait).toBe(2);
    const user = await db.query.jhUsers.findFirst({ where: eq(jhUsers.username, me.username) });
    const object = await env.FILES.get(`jh/portraits/${user!.id}`);
    expect(object?.size).toBe(256 * 1024);
    expect(object?.httpMetadata?.contentType).toBe("image/jpeg");
    expect((await api("getinfo", { credit: me.credit, type: "base" })).body.data.portrait).toBe(big);
    expect((await api("setinfo", { credit: me.credit, portrait: "default::unset", email: "" })).body.data).toEqual({
      e_email: 2,
      e_portrait: 2,
      e_phone: 0,
    });
    expect((await api("getinfo", { credit: me.credit, type: "base" })).body.data.portrait).toBe("default::unset");
    expect(await env.FILES.get(`jh/portraits/${user!.id}`)).toBeNull();
  });

  it("needs a valid credit", async () => {
    expect((await api("setinfo", { credit: "ffffffffffffffffffffffffffffffff", email: "a@b.cn" })).body).toEqual(
      refused("自动登录已失效,请重新登录"),
    );
  });
});

describe("shared", () => {
  it("gives the public information of known users in the query's order, skipping unknown ones", async () => {
    const a = await account("shared-a");
    const b = await account("shared-b");
    await api("setinfo", { credit: b.credit, portrait: png });
    const res = await api("shared", { type: "user", query: JSON.stringify([b.username, "no-such-user", a.username]) });
    expect(res.body).toEqual({
      code: 200,
      msg: "获取信息成功",
      data: [
        { username: b.username, nickname: "shared-b", usertype: "COMMON", portrait: png },
        { username: a.username, nickname: "shared-a", usertype: "COMMON", portrait: "default::unset" },
      ],
    });
    const quoted = await api("shared", { type: "user", query: `['${a.username}']` });
    expect(quoted.body.data.map((u: any) => u.username)).toEqual([a.username]);
  });

  it("reads a portrait from R2 once per version: the desktop client's poll repeats, a new portrait is read afresh", async () => {
    const me = await account("cached-portrait");
    const portraitIn = async () => (await api("shared", { type: "user", query: JSON.stringify([me.username]) })).body.data[0].portrait;
    await api("setinfo", { credit: me.credit, portrait: jpeg(96) });
    expect(await portraitIn()).toBe(jpeg(96));
    const [user] = await db.select().from(jhUsers).where(eq(jhUsers.username, me.username));
    // Gone from R2 behind the worker's back: the next polls are answered from what was read the first time.
    await env.FILES.delete(`jh/portraits/${user!.id}`);
    expect(await portraitIn()).toBe(jpeg(96));
    expect(await portraitIn()).toBe(jpeg(96));
    // A new portrait has a new version, so it is read from R2, not from the cache.
    await api("setinfo", { credit: me.credit, portrait: png });
    expect(await portraitIn()).toBe(png);
    await api("setinfo", { credit: me.credit, portrait: "" });
    expect(await portraitIn()).toBe("default::unset");
  });

  it("gives the MD5 of each user's compact public JSON, which changes when the information does", async () => {
    const me = await account("md5-user");
    const md5Of = async () => (await api("shared", { type: "usermd5", query: JSON.stringify([me.username]) })).body;
    const first = await md5Of();
    const expected = await md5(
      JSON.stringify({ username: me.username, nickname: "md5-user", usertype: "COMMON", portrait: "default::unset" }),
    );
    expect(first).toEqual({ code: 200, msg: "获取信息成功", data: [{ username: me.username, md5: expected }] });
    expect((await md5Of()).data[0].md5).toBe(expected);
    await api("user", { method: "changenickname", credit: me.credit, nickname: "改名了" });
    const renamed = await md5(
      JSON.stringify({ username: me.username, nickname: "改名了", usertype: "COMMON", portrait: "default::unset" }),
    );
    expect((await md5Of()).data[0].md5).toBe(renamed);
    await api("setinfo", { credit: me.credit, portrait: jpeg(32) });
    const pictured = await md5(JSON.stringify({ username: me.username, nickname: "改名了", usertype: "COMMON", portrait: jpeg(32) }));
    expect((await md5Of()).data[0].md5).toBe(pictured);
  });

  it("answers none known, an unknown type and an unreadable query", async () => {
    expect((await api("shared", { type: "user", query: '["nobody-1","nobody-2"]' })).body).toEqual(refused("不存在该用户"));
    expect((await api("shared", { type: "user", query: "[]" })).body).toEqual(refused("不存在该用户"));
    expect((await api("shared", { type: "friends", query: '["10086"]' })).body).toEqual(refused("无效的访问。", 400));
    expect((await api("shared", { type: "user", query: "10086" })).body).toEqual(refused("无效的访问。", 400));
    expect((await api("shared", { type: "user", query: "[{" })).body).toEqual(refused("无效的访问。", 400));
    expect((await api("shared", { type: "user" })).body).toEqual(refused("无效的访问。", 400));
  });

  /** /api/shared from one client address, as Cloudflare names it. */
  const sharedFrom = async (ip: string, form: Record<string, string>) => {
    const res = await SELF.fetch(`${BASE}/jh/api/shared`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "cf-connecting-ip": ip },
      body: new URLSearchParams(form).toString(),
    });
    const text = await res.text();
    return { bytes: text.length, body: JSON.parse(text) };
  };

  it("answers type=user for as many names as a board has authors (200), written one portrait at a time", async () => {
    const biggest = hex([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Uint8Array(256 * 1024 - 8)]);
    const users = [];
    for (let i = 0; i < 9; i++) {
      const u = await account(`big-portrait-${i}`);
      expect((await api("setinfo", { credit: u.credit, portrait: biggest })).body.code).toBe(200);
      users.push(u.username);
    }
    const unknown = Array.from({ length: 191 }, (_, i) => `nobody-${i}`);
    const nine = await sharedFrom("198.51.100.1", {
      type: "user",
      query: JSON.stringify([...unknown.slice(0, 95), ...users, ...unknown.slice(95)]),
    });
    expect(nine.body.code).toBe(200);
    expect(nine.body.data.map((u: any) => u.username)).toEqual(users);
    expect(nine.body.data.every((u: any) => u.portrait === biggest)).toBe(true);
    const tooMany = await sharedFrom("198.51.100.1", { type: "user", query: JSON.stringify([...users, ...unknown, "one-more"]) });
    expect(tooMany.body).toEqual(refused("无效的访问。", 400));
    const md5s = await sharedFrom("198.51.100.1", { type: "usermd5", query: JSON.stringify(users) });
    expect(md5s.body.data).toHaveLength(9);
  });

  it("sheds a flood of requests from one address, and serves the others", async () => {
    const me = await account("shared-flood");
    const query = JSON.stringify([me.username]);
    const answers = [];
    for (let i = 0; i < 70; i++) answers.push((await sharedFrom("203.0.113.7", { type: "usermd5", query })).body);
    expect(answers.slice(0, 60).every((b) => b.code === 200)).toBe(true);
    expect(answers.at(-1)).toEqual(refused("请求过于频繁,请稍后再试"));
    expect((await sharedFrom("203.0.113.8", { type: "usermd5", query })).body.code).toBe(200);
  });
});
