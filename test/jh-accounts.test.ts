import { env, SELF } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import * as schema from "../src/db/schema";
import { jhCredits, jhUsers } from "../src/db/schema/jh";
import { BASE } from "./helpers";
import { account, admin, api, md5 } from "./jh-helpers";

const db = drizzle(env.DB, { schema });
const refused = (msg: string, code = 403) => ({ code, msg, data: null });
const INVALID = refused("无效的访问。", 400);
const CREDIT_INVALID = refused("自动登录已失效,请重新登录");

describe("register2", () => {
  it("hands out numeric usernames from 10086 upward", async () => {
    const password = await md5("123456");
    const first = await api("user", { method: "register2", password, nickname: "first" });
    expect(first).toEqual({
      status: 200,
      body: { code: 200, msg: "注册账户成功", data: { username: "10086", nickname: "first", usertype: "COMMON" } },
    });
    const second = await api("user", { method: "register2", password, nickname: "second" });
    expect(second.body.data.username).toBe("10087");
  });

  it("never gives two concurrent registrations the same name", async () => {
    const password = await md5("concurrent");
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) => api("user", { method: "register2", password, nickname: `racer${i}` })),
    );
    expect(replies.map((r) => r.body.code)).toEqual(Array(12).fill(200));
    const names = replies.map((r) => Number(r.body.data.username));
    expect(new Set(names).size).toBe(12);
    const sorted = [...names].sort((a, b) => a - b);
    expect(sorted.at(-1)! - sorted[0]).toBe(11);
  });

  it("answers each documented refusal", async () => {
    const password = await md5("123456");
    expect((await api("user", { method: "register2", password: "", nickname: "abc" })).body).toEqual(refused("密码/昵称为空"));
    expect((await api("user", { method: "register2", password, nickname: "" })).body).toEqual(refused("密码/昵称为空"));
    expect((await api("user", { method: "register2", password: "123456", nickname: "abc" })).body).toEqual(refused("密码需要经过加密"));
    expect((await api("user", { method: "register2", password, nickname: "x" })).body).toEqual(refused("昵称太长或太短"));
    expect((await api("user", { method: "register2", password, nickname: "一二三四五六七八九十一二三四五六" })).body).toEqual(
      refused("昵称太长或太短"),
    );
    expect((await api("user", { method: "register2", nickname: "abc" })).body).toEqual(INVALID);
  });
});

describe("register", () => {
  it("registers a chosen username, unique without regard to case", async () => {
    const password = await md5("hunter2");
    const ok = await api("user", { method: "register", username: "Alice一", password, nickname: "爱丽丝" });
    expect(ok).toEqual({ status: 200, body: { code: 200, msg: "注册账号成功。", data: null } });
    expect((await api("user", { method: "register", username: "alice一", password, nickname: "another" })).body).toEqual(
      refused("该账号已存在。"),
    );
    const login = await api("user", { method: "login", username: "ALICE一", password, devicetype: "pc" });
    expect(login.body.data).toMatchObject({ username: "Alice一", nickname: "爱丽丝", usertype: "COMMON" });
  });

  it("matches usernames exactly: no wildcards", async () => {
    const password = await md5("hunter2");
    expect((await api("user", { method: "login", username: "Ali%", password, devicetype: "pc" })).body).toEqual(refused("该用户不存在"));
  });

  it("answers each documented refusal", async () => {
    const password = await md5("hunter2");
    const reg = (username: string, pw: string, nickname: string) => api("user", { method: "register", username, password: pw, nickname });
    expect((await reg("", password, "nick")).body).toEqual(refused("用户名,密码,或者昵称为空。"));
    expect((await reg("bob", "", "nick")).body).toEqual(refused("用户名,密码,或者昵称为空。"));
    const rule = refused("用户名不符合命名规则,用户名应不包含英文特殊字符,长度在2~10位,且不能为纯数字。");
    for (const bad of ["b", "abcdefghijk", "bo_b", "bo b", "12345", "bob!", "a'b"])
      expect((await reg(bad, password, "nick")).body, bad).toEqual(rule);
    expect((await reg("bob", "123456", "nick")).body).toEqual(refused("密码太长或太短。"));
    expect((await reg("bob", `${password}00`, "nick")).body).toEqual(refused("密码太长或太短。"));
    expect((await reg("bob", password, "n")).body).toEqual(refused("昵称不符合命名规则,昵称长度应该在2~12位。"));
    expect((await api("user", { method: "register", username: "bob", password })).body).toEqual(INVALID);
  });
});

describe("lookalike names", () => {
  const USERNAME_RULE = refused("用户名不符合命名规则,用户名应不包含英文特殊字符,长度在2~10位,且不能为纯数字。");

  it("refuses control and format characters in a username", async () => {
    const password = await md5("hunter2");
    for (const bad of ["ab\u200bcd", "ab\u200dcd", "\u202eadmin", "ab\ufeffcd", "ab\u0085cd", "ab\u00adcd", "ab\u2060cd"]) {
      const res = await api("user", { method: "register", username: bad, password, nickname: "昵称" });
      expect(res.body, JSON.stringify(bad)).toEqual(USERNAME_RULE);
    }
    expect(await db.query.jhUsers.findFirst({ where: eq(jhUsers.usernameKey, "abcd") })).toBeUndefined();
  });

  it("stores a username in NFKC, so a full-width or compatibility lookalike is the same name", async () => {
    const password = await md5("hunter2");
    expect((await api("user", { method: "register", username: "Ｋelvin", password, nickname: "开尔文" })).body.code).toBe(200);
    const row = await db.query.jhUsers.findFirst({ where: eq(jhUsers.usernameKey, "kelvin") });
    expect(row?.username).toBe("Kelvin");
    for (const lookalike of ["kelvin", "\u212aelvin", "ＫＥＬＶＩＮ"]) {
      expect((await api("user", { method: "register", username: lookalike, password, nickname: "开尔文" })).body, lookalike).toEqual(
        refused("该账号已存在。"),
      );
    }
    const login = await api("user", { method: "login", username: "ｋelvin", password, devicetype: "pc" });
    expect(login.body.data).toMatchObject({ username: "Kelvin" });
  });

  it("refuses control and format characters in a nickname, with each method's message, and stores nicknames in NFKC", async () => {
    const password = await md5("hunter2");
    for (const bad of ["\u202e好人", "好\u200b人", "好\u0007人", "\u2066好人\u2069"]) {
      expect((await api("user", { method: "register", username: "nickcheck", password, nickname: bad })).body).toEqual(
        refused("昵称不符合命名规则,昵称长度应该在2~12位。"),
      );
      expect((await api("user", { method: "register2", password, nickname: bad })).body).toEqual(refused("昵称太长或太短"));
    }
    const me = await account("plain-nick");
    for (const bad of ["\u202e好人", "好\u200b人"]) {
      expect((await api("user", { method: "changenickname", credit: me.credit, nickname: bad })).body).toEqual(refused("昵称太长或太短"));
    }
    expect((await api("getinfo", { credit: me.credit, type: "base" })).body.data.nickname).toBe("plain-nick");
    expect((await api("user", { method: "changenickname", credit: me.credit, nickname: "Ａｌｉｃｅ" })).body.code).toBe(200);
    expect((await api("getinfo", { credit: me.credit, type: "base" })).body.data.nickname).toBe("Alice");
    const reg2 = await api("user", { method: "register2", password, nickname: "ｆｕｌｌ" });
    expect(reg2.body.data.nickname).toBe("full");
  });
});

describe("login", () => {
  it("gives a 32-hex credit per device type; a new login replaces that device's credit only", async () => {
    const me = await account("device-user");
    expect(me.credit).toMatch(/^[0-9a-f]{32}$/);
    const pc = await api("user", { method: "login", username: me.username, password: me.password, devicetype: "pc" });
    expect(pc.body).toMatchObject({
      code: 200,
      msg: "登录成功",
      data: { username: me.username, nickname: "device-user", usertype: "COMMON" },
    });
    const again = await api("user", { method: "login", username: me.username, password: me.password.toLowerCase(), devicetype: "mobile" });
    expect(again.body.code).toBe(200);
    expect((await api("getinfo", { credit: me.credit, type: "base" })).body).toEqual(CREDIT_INVALID);
    expect((await api("getinfo", { credit: pc.body.data.credit, type: "base" })).body.code).toBe(200);
    expect((await api("getinfo", { credit: again.body.data.credit, type: "base" })).body.code).toBe(200);
  });

  it("keeps credits and passwords only hashed", async () => {
    const me = await account("hashed-user");
    const user = await db.query.jhUsers.findFirst({ where: eq(jhUsers.username, me.username) });
    expect(user!.passwordHash).toMatch(/^pbkdf2-sha256\$/);
    expect(user!.passwordHash).not.toContain(me.password);
    const credits = await db.select().from(jhCredits).where(eq(jhCredits.userId, user!.id));
    expect(credits).toHaveLength(1);
    expect(JSON.stringify(credits)).not.toContain(me.credit);
  });

  it("answers each documented refusal; web is not open", async () => {
    const me = await account("refused-user");
    const login = (form: Record<string, string>) => api("user", { method: "login", ...form });
    expect((await login({ username: me.username, password: me.password, devicetype: "web" })).body).toEqual(refused("设备类型不符合"));
    expect((await login({ username: me.username, password: me.password, devicetype: "tablet" })).body).toEqual(refused("设备类型不符合"));
    expect((await login({ username: "", password: me.password, devicetype: "pc" })).body).toEqual(refused("用户名或密码为空"));
    expect((await login({ username: "nobody", password: me.password, devicetype: "pc" })).body).toEqual(refused("该用户不存在"));
    expect((await login({ username: me.username, password: await md5("wrong"), devicetype: "pc" })).body).toEqual(refused("用户密码错误"));
    expect((await login({ username: me.username, password: me.password })).body).toEqual(INVALID);
  });
});

describe("lockout", () => {
  const LOCKED = refused("密码错误次数过多,请15分钟后再试");

  it("locks a username's logins for 15 minutes after five wrong passwords", async () => {
    const me = await account("locked-user");
    const wrong = await md5("wrong");
    const attempt = (password: string) => api("user", { method: "login", username: me.username, password, devicetype: "pc" });
    for (let i = 0; i < 4; i++) expect((await attempt(wrong)).body).toEqual(refused("用户密码错误"));
    expect((await attempt(wrong)).body).toEqual(LOCKED);
    expect((await attempt(me.password)).body).toEqual(LOCKED);
    expect(
      (await api("user", { method: "changepw", username: me.username, password: me.password, newpassword: me.password })).body,
    ).toEqual(LOCKED);
    // Fifteen minutes later.
    await db
      .update(jhUsers)
      .set({ lockedUntil: Date.now() - 1000 })
      .where(eq(jhUsers.username, me.username));
    expect((await attempt(me.password)).body.code).toBe(200);
    expect((await attempt(wrong)).body).toEqual(refused("用户密码错误"));
  });

  it("counts a changepw attempt only when its password decides: not with an unhashed new password, not for WEJH", async () => {
    const me = await account("changepw-count");
    const wrong = await md5("wrong");
    const change = (newpassword: string) => api("user", { method: "changepw", username: me.username, password: wrong, newpassword });
    for (let i = 0; i < 6; i++) expect((await change("plain")).body).toEqual(refused("密码需要经过加密"));
    const [row] = await db.select({ failed: jhUsers.failedLogins }).from(jhUsers).where(eq(jhUsers.username, me.username));
    expect(row.failed).toBe(0);
    expect((await change(await md5("next"))).body).toEqual(refused("密码错误"));
    const [after] = await db.select({ failed: jhUsers.failedLogins }).from(jhUsers).where(eq(jhUsers.username, me.username));
    expect(after.failed).toBe(1);

    await admin("/users/import", {
      users: [{ username: "201806061998", nickname: "wejh", password_md5: await md5("wejh"), usertype: "WEJH" }],
    });
    const wejh = () => api("user", { method: "changepw", username: "201806061998", password: wrong, newpassword: me.password });
    for (let i = 0; i < 6; i++) expect((await wejh()).body).toEqual(refused("微精弘用户不能修改密码"));
    const login = await api("user", { method: "login", username: "201806061998", password: await md5("wejh"), devicetype: "pc" });
    expect(login.body.code).toBe(200);
  });

  it("counts only the failures of the last 15 minutes, and a right password clears them", async () => {
    const me = await account("window-user");
    const wrong = await md5("wrong");
    const attempt = (password: string) => api("user", { method: "login", username: me.username, password, devicetype: "pc" });
    for (let i = 0; i < 4; i++) await attempt(wrong);
    await db
      .update(jhUsers)
      .set({ failedSince: Date.now() - 16 * 60_000 })
      .where(eq(jhUsers.username, me.username));
    for (let i = 0; i < 4; i++) expect((await attempt(wrong)).body).toEqual(refused("用户密码错误"));
    expect((await attempt(me.password)).body.code).toBe(200);
    for (let i = 0; i < 4; i++) expect((await attempt(wrong)).body).toEqual(refused("用户密码错误"));
  });

  it("lets no more than five guesses through when they arrive together", async () => {
    const me = await account("parallel-user");
    const wrong = await md5("wrong");
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => api("user", { method: "login", username: me.username, password: wrong, devicetype: "pc" })),
    );
    const msgs = replies.map((r) => r.body.msg);
    expect(msgs.filter((m) => m === "用户密码错误")).toHaveLength(4);
    expect(msgs.filter((m) => m === LOCKED.msg)).toHaveLength(6);
  });
});

describe("autologin", () => {
  it("returns a new credit and the old one stops working at once", async () => {
    const me = await account("auto-user");
    const res = await api("user", { method: "autologin", credit: me.credit });
    expect(res.body).toMatchObject({
      code: 200,
      msg: "自动登录成功",
      data: { username: me.username, nickname: "auto-user", usertype: "COMMON", devicetype: "mobile" },
    });
    expect(res.body.data.credit).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body.data.credit).not.toBe(me.credit);
    expect((await api("user", { method: "autologin", credit: me.credit })).body).toEqual(CREDIT_INVALID);
    expect((await api("getinfo", { credit: res.body.data.credit, type: "base" })).body.code).toBe(200);
  });

  it("lets exactly one of two racing autologins with the same credit succeed", async () => {
    for (let round = 0; round < 3; round++) {
      const me = await account(`race-user${round}`);
      const [a, b] = await Promise.all([
        api("user", { method: "autologin", credit: me.credit }),
        api("user", { method: "autologin", credit: me.credit }),
      ]);
      const codes = [a.body.code, b.body.code].sort();
      expect(codes[0]).toBe(200);
      expect([402, 403]).toContain(codes[1]);
      const loser = a.body.code === 200 ? b.body : a.body;
      expect(loser).toEqual(loser.code === 402 ? refused("自动登录失败。", 402) : CREDIT_INVALID);
      const winner = a.body.code === 200 ? a.body : b.body;
      expect((await api("getinfo", { credit: winner.data.credit, type: "base" })).body.code).toBe(200);
    }
  });

  it("expires a credit unused for 90 days", async () => {
    const me = await account("idle-user");
    const user = await db.query.jhUsers.findFirst({ where: eq(jhUsers.username, me.username) });
    await db
      .update(jhCredits)
      .set({ lastUsedAt: Date.now() - 91 * 86_400_000 })
      .where(eq(jhCredits.userId, user!.id));
    expect((await api("user", { method: "autologin", credit: me.credit })).body).toEqual(CREDIT_INVALID);
    expect((await api("getinfo", { credit: me.credit, type: "base" })).body).toEqual(CREDIT_INVALID);
  });

  it("keeps a credit used within 90 days alive", async () => {
    const me = await account("active-user");
    const user = await db.query.jhUsers.findFirst({ where: eq(jhUsers.username, me.username) });
    await db
      .update(jhCredits)
      .set({ lastUsedAt: Date.now() - 89 * 86_400_000 })
      .where(eq(jhCredits.userId, user!.id));
    expect((await api("getinfo", { credit: me.credit, type: "base" })).body.code).toBe(200);
    const [row] = await db.select().from(jhCredits).where(eq(jhCredits.userId, user!.id));
    expect(Date.now() - row.lastUsedAt).toBeLessThan(60_000);
  });

  it("answers each documented refusal", async () => {
    expect((await api("user", { method: "autologin", credit: "" })).body).toEqual(refused("用户凭证为空"));
    expect((await api("user", { method: "autologin", credit: "0123456789abcdef0123456789abcdef" })).body).toEqual(CREDIT_INVALID);
    expect((await api("user", { method: "autologin", credit: "not-a-credit" })).body).toEqual(CREDIT_INVALID);
    expect((await api("user", { method: "autologin" })).body).toEqual(INVALID);
  });
});

describe("changepw", () => {
  it("changes the password and ends every credit (also as changpw, the document's spelling)", async () => {
    for (const method of ["changepw", "changpw"]) {
      const me = await account(`pw-${method}`);
      const pc = await api("user", { method: "login", username: me.username, password: me.password, devicetype: "pc" });
      const newpassword = await md5(`new-${method}`);
      const res = await api("user", { method, username: me.username, password: me.password, newpassword });
      expect(res).toEqual({ status: 200, body: { code: 200, msg: "修改密码成功,请重新登录", data: null } });
      expect((await api("getinfo", { credit: me.credit, type: "base" })).body).toEqual(CREDIT_INVALID);
      expect((await api("getinfo", { credit: pc.body.data.credit, type: "base" })).body).toEqual(CREDIT_INVALID);
      expect((await api("user", { method: "login", username: me.username, password: me.password, devicetype: "pc" })).body).toEqual(
        refused("用户密码错误"),
      );
      expect((await api("user", { method: "login", username: me.username, password: newpassword, devicetype: "pc" })).body.code).toBe(200);
    }
  });

  it("answers each documented refusal", async () => {
    const me = await account("pw-refusals");
    const change = (form: Record<string, string>) => api("user", { method: "changepw", ...form });
    const newpassword = await md5("next");
    expect((await change({ username: me.username, password: "", newpassword })).body).toEqual(refused("用户名,旧密码或新密码为空"));
    expect((await change({ username: "nobody", password: me.password, newpassword })).body).toEqual(refused("该用户不存在"));
    expect((await change({ username: me.username, password: await md5("wrong"), newpassword })).body).toEqual(refused("密码错误"));
    expect((await change({ username: me.username, password: me.password, newpassword: "plain" })).body).toEqual(
      refused("密码需要经过加密"),
    );
    expect((await change({ username: me.username, password: me.password })).body).toEqual(INVALID);
    await admin("/users/import", {
      users: [{ username: "201806061999", nickname: "wejh", password_md5: await md5("wejh"), usertype: "WEJH" }],
    });
    expect((await change({ username: "201806061999", password: await md5("wejh"), newpassword })).body).toEqual(
      refused("微精弘用户不能修改密码"),
    );
  });
});

describe("changenickname and wejhlogin", () => {
  it("changes the nickname under a valid credit", async () => {
    const me = await account("old-nick");
    const res = await api("user", { method: "changenickname", credit: me.credit, nickname: "新昵称" });
    expect(res.body).toEqual({ code: 200, msg: "修改昵称成功", data: null });
    expect((await api("getinfo", { credit: me.credit, type: "base" })).body.data.nickname).toBe("新昵称");
    expect((await api("user", { method: "changenickname", credit: "", nickname: "abc" })).body).toEqual(refused("用户凭证或昵称为空"));
    expect((await api("user", { method: "changenickname", credit: me.credit, nickname: "" })).body).toEqual(refused("用户凭证或昵称为空"));
    expect((await api("user", { method: "changenickname", credit: me.credit, nickname: "x" })).body).toEqual(refused("昵称太长或太短"));
    expect((await api("user", { method: "changenickname", credit: "0123456789abcdef0123456789abcdef", nickname: "abc" })).body).toEqual(
      CREDIT_INVALID,
    );
  });

  it("answers wejhlogin as retired", async () => {
    const res = await api("user", { method: "wejhlogin", username: "201806061201", password: await md5("x"), devicetype: "pc" });
    expect(res).toEqual({ status: 200, body: refused("已弃用") });
  });
});

describe("wire format", () => {
  it("refuses GET on the POST endpoints with HTTP 200 and code 405", async () => {
    for (const path of ["user", "bind", "getinfo", "shared", "setinfo"]) {
      const res = await SELF.fetch(`${BASE}/jh/api/${path}?method=login`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ code: 405, msg: "Get方法已禁止。", data: null });
    }
  });

  it("answers an unknown or missing method with 400 无效的访问。", async () => {
    expect(await api("user", { method: "delete" })).toEqual({ status: 200, body: INVALID });
    expect(await api("user", {})).toEqual({ status: 200, body: INVALID });
  });

  it("reads JSON bodies, query parameters, parameter names in any case, and a trailing slash", async () => {
    const password = await md5("json");
    const json = await SELF.fetch(`${BASE}/jh/api/user`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ method: "register2", password, nickname: "json-user" }),
    });
    const { data } = (await json.json()) as any;
    const query = new URLSearchParams({ Method: "login", UserName: data.username, PassWord: password, DeviceType: "pc" });
    const res = await SELF.fetch(`${BASE}/jh/api/user/?${query}`, { method: "POST" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).msg).toBe("登录成功");
  });

  it("answers a malformed body in the envelope", async () => {
    const res = await SELF.fetch(`${BASE}/jh/api/user`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(INVALID);
  });
});

describe("operators", () => {
  it("import users with their password MD5s, who then log in with their old passwords", async () => {
    const res = await admin("/users/import", {
      users: [
        { username: "Carol", nickname: "卡罗尔", password_md5: (await md5("carol-pw")).toLowerCase(), permission_msgboard: 1 },
        { username: "30000", nickname: "numbered", password_md5: await md5("n-pw") },
        { username: "carol", nickname: "dup", password_md5: await md5("x") },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.imported).toEqual(["Carol", "30000"]);
    expect(res.body.skipped).toEqual([{ username: "carol", reason: "repeated in this request" }]);
    const again = await admin("/users/import", { users: [{ username: "CAROL", nickname: "x", password_md5: await md5("x") }] });
    expect(again.body).toEqual({ imported: [], skipped: [{ username: "CAROL", reason: "exists" }] });

    const login = await api("user", { method: "login", username: "carol", password: await md5("carol-pw"), devicetype: "mobile" });
    expect(login.body.data).toMatchObject({ username: "Carol", nickname: "卡罗尔" });
    const base = await api("getinfo", { credit: login.body.data.credit, type: "base" });
    expect(base.body.data.permission_msgboard).toBe(1);
    // register2 goes on past imported numeric usernames.
    const next = await api("user", { method: "register2", password: await md5("x"), nickname: "after-import" });
    expect(next.body.data.username).toBe("30001");
  });

  it("set permission_msgboard and usertype", async () => {
    const me = await account("promoted");
    const res = await admin(`/users/${me.username}`, { permission_msgboard: 2, usertype: "TEST" }, "PATCH");
    expect(res.body).toMatchObject({ username: me.username, permission_msgboard: 2, usertype: "TEST" });
    const base = await api("getinfo", { credit: me.credit, type: "base" });
    expect(base.body.data).toMatchObject({ permission_msgboard: 2, usertype: "TEST" });
    expect((await admin(`/users/${me.username}`, { permission_msgboard: 3 }, "PATCH")).status).toBe(400);
    expect((await admin("/users/nobody-here", { permission_msgboard: 1 }, "PATCH")).status).toBe(404);
    const anonymous = await SELF.fetch(`${BASE}/admin/jh/users/${me.username}`);
    expect(anonymous.status).toBe(401);
  });
});
