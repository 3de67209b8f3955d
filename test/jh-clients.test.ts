import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { parseClientTime } from "../src/surfaces/jh/board-time";
import { BASE } from "./helpers";
import { api, md5 } from "./jh-helpers";

/**
 * The desktop client (tty.board, tty.com/Com.cs) as it talks to /jh: each body built as Com.cs builds it (values
 * unencoded but for nicknames and contents, which go through Uri.EscapeDataString; passwords as upper-case hex
 * MD5; `query` as Newtonsoft's JSON; the portrait as lower-case hex of a JPEG), each reply read as its HttpUtil
 * reads it: HttpWebRequest.GetResponse throws on any status but 2xx, and the text has every `\uXXXX` replaced by
 * its character before Newtonsoft parses it.
 */
const unicode2String = (text: string) => text.replace(/\\u([0-9A-F]{4})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));

let address = 0;
async function desktop(endpoint: string, body: string) {
  const res = await SELF.fetch(`${BASE}/jh/api/${endpoint}`, {
    method: "POST",
    // /api/shared is limited per client address; each call here comes from its own.
    headers: { "content-type": "application/x-www-form-urlencoded", "cf-connecting-ip": `203.0.113.${++address % 250}` },
    body,
  });
  expect(res.status, body).toBe(200);
  return JSON.parse(unicode2String(await res.text()));
}

const escapeDataString = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
const jpegHex = (size: number) =>
  [0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: size - 4 }, (_, i) => (i * 7) % 256)]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
const base64OfHex = (hex: string) => btoa(String.fromCharCode(...(hex.match(/../g) ?? []).map((h) => Number.parseInt(h, 16))));

/** RegisterAsync then LoginAsync, with devicetype=pc. */
async function signUp(nickname: string, password = `pw-${nickname}`) {
  const reg = await desktop("user", `method=register2&nickname=${escapeDataString(nickname)}&password=${await md5(password)}`);
  expect(reg.code).toBe(200);
  const username: string = reg.data.username;
  const login = await desktop("user", `method=login&username=${username}&password=${await md5(password)}&devicetype=pc`);
  expect(login.code).toBe(200);
  expect(login.data).toMatchObject({ username, nickname });
  expect(login.data.credit).toMatch(/^[0-9a-f]{32}$/);
  return { username, password, credit: login.data.credit as string };
}

describe("the desktop client, call by call", () => {
  it("signs up, reads and sets its info, posts, polls, reads its authors, renews its credit and changes its password", async () => {
    const me = await signUp("桌面客户端");

    // UpdateUserInfoAsync: nickname, portrait, email, phone.
    const base = await desktop("getinfo", `type=base&credit=${me.credit}`);
    expect(base).toMatchObject({ code: 200, data: { nickname: "桌面客户端", portrait: "default::unset", email: "", phone: "" } });

    // ChangePortraitAsync: lower-case hex of the JPEG encoder's bytes; read back as the same hex.
    const portrait = jpegHex(30_000);
    expect((await desktop("setinfo", `credit=${me.credit}&portrait=${portrait}`)).code).toBe(200);
    expect((await desktop("getinfo", `type=base&credit=${me.credit}`)).data.portrait).toBe(portrait);

    // ChangeNickNameAsync.
    const renamed = await desktop("user", `method=changenickname&credit=${me.credit}&nickname=${escapeDataString("新 名字+1")}`);
    expect(renamed).toMatchObject({ code: 200, msg: "修改昵称成功" });

    // AddMsgAsync (no picture) and the first UpdateMsgAsync, from DateTime.MinValue.
    const text = "路径 C:\\users\\u4e2d 和 \\\\u0041 原样";
    const added = await desktop("msgboard", `method=add&credit=${me.credit}&content=${escapeDataString(text)}`);
    expect(added).toMatchObject({ code: 200, msg: "添加成功", data: { username: me.username, content: text, mark: 0, pic: null } });
    const first = await desktop("msgboard", `method=update&credit=${me.credit}&time=0001/1/1 0:00:00`);
    expect(first).toMatchObject({ code: 200, msg: "获取留言成功" });
    expect(first.data.time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(first.data.content.find((p: { id: number }) => p.id === added.data.id)?.content).toBe(text);

    // GetSharedUserInfoAsync / UpdateSharedInfoAsync: Newtonsoft's array, unencoded in the form.
    const users = await desktop("shared", `type=user&query=${JSON.stringify([me.username])}`);
    expect(users).toEqual({
      code: 200,
      msg: "获取信息成功",
      data: [{ username: me.username, nickname: "新 名字+1", usertype: "COMMON", portrait }],
    });
    const md5s = await desktop("shared", `type=usermd5&query=${JSON.stringify([me.username])}`);
    expect(md5s.data).toEqual([{ username: me.username, md5: expect.stringMatching(/^[0-9A-F]{32}$/) }]);

    // AutoLoginAsync at the next start: a new credit; the old one is refused in the board's words.
    const auto = await desktop("user", `method=autologin&credit=${me.credit}`);
    expect(auto).toMatchObject({ code: 200, msg: "自动登录成功", data: { username: me.username, nickname: "新 名字+1" } });
    expect(auto.data.credit).not.toBe(me.credit);
    expect(await desktop("msgboard", `method=delete&credit=${me.credit}&id=${added.data.id}`)).toEqual({
      code: 403,
      msg: "无效的凭证",
      data: null,
    });

    // RemoveMsgAsync with the new credit, then ChangePwAsync, after which the credit is dropped.
    expect(await desktop("msgboard", `method=delete&credit=${auto.data.credit}&id=${added.data.id}`)).toEqual({
      code: 200,
      msg: "删除留言成功",
      data: null,
    });
    const changed = await desktop(
      "user",
      `method=changepw&username=${me.username}&password=${await md5(me.password)}&newpassword=${await md5("新的密码")}`,
    );
    expect(changed).toMatchObject({ code: 200, msg: "修改密码成功,请重新登录" });
    expect((await desktop("getinfo", `type=base&credit=${auto.data.credit}`)).code).toBe(403);
  });

  it("reads the names of every author on its board, however many posted", async () => {
    const reader = await signUp("读者");
    const authors: string[] = [];
    for (let i = 0; i < 12; i++) {
      const author = await signUp(`作者${i}`);
      if (i % 3 === 0) expect((await desktop("setinfo", `credit=${author.credit}&portrait=${jpegHex(2000 + i)}`)).code).toBe(200);
      expect((await desktop("msgboard", `method=add&credit=${author.credit}&content=${escapeDataString(`第${i}条`)}`)).code).toBe(200);
      authors.push(author.username);
    }
    // Com.cs asks type=user for every author it has not loaded, all at once, every poll.
    const res = await desktop("shared", `type=user&query=${JSON.stringify([...authors, reader.username])}`);
    expect(res.code).toBe(200);
    expect(res.data.map((u: { username: string }) => u.username)).toEqual([...authors, reader.username]);
    expect(res.data[3]).toEqual({ username: authors[3], nickname: "作者3", usertype: "COMMON", portrait: jpegHex(2003) });
    expect(res.data[4].portrait).toBe("default::unset");
  });

  it("keeps a nickname with a backslash-u readable", async () => {
    const odd = await signUp("\\u0022名");
    const res = await desktop("shared", `type=user&query=${JSON.stringify([odd.username])}`);
    expect(res.data[0].nickname).toBe("\\u0022名");
  });

  it("gets a picture posted as hex back as the byte[] it deserializes (base64)", async () => {
    const me = await signUp("发图的人");
    const pic = jpegHex(5000);
    const added = await desktop("msgboard", `method=add&credit=${me.credit}&content=${escapeDataString("看图")}&pic=${pic}`);
    expect(added.data.pic).toBe(base64OfHex(pic));
    const page = await desktop("msgboard", `method=update&credit=${me.credit}&time=${escapeDataString(added.data.time)}`);
    expect(page.data.content.find((p: { id: number }) => p.id === added.data.id).pic).toBe(base64OfHex(pic));
  });

  it("reads a reply time sent back as a Windows culture with dots writes it: day first", async () => {
    const me = await signUp("德语系统");
    const added = await desktop("msgboard", `method=add&credit=${me.credit}&content=x`);
    const [y, mo, d, h, mi, s] = (added.data.time as string).split(/[- :]/);
    const dotted = `${d}.${mo}.${y} ${h}:${mi}:${s}`;
    const page = await desktop("msgboard", `method=update&credit=${me.credit}&time=${dotted}`);
    expect(page.code).toBe(200);
    expect(page.data.content.map((p: { id: number }) => p.id)).toContain(added.data.id);
    expect(parseClientTime("07.09.2026 08:05:09", "+08:00")).toBe(Date.parse("2026-09-07T08:05:09+08:00"));
    expect(parseClientTime("07/09/2026 08:05:09", "+08:00")).toBe(Date.parse("2026-07-09T08:05:09+08:00"));
  });
});

describe("the Android client (MyDay_Android), call by call", () => {
  it("logs in with devicetype=mobile and reads code, msg, data.username, nickname, credit; autologin answers a code", async () => {
    const password = await md5("安卓密码");
    const reg = await api("user", { method: "register2", password, nickname: "安卓用户" });
    const login = await desktop("user", `method=login&username=${reg.body.data.username}&password=${password}&devicetype=mobile`);
    expect(login).toMatchObject({ code: 200, msg: "登录成功", data: { username: reg.body.data.username, nickname: "安卓用户" } });
    expect(typeof login.data.credit).toBe("string");
    const auto = await desktop("user", `method=autologin&credit=${login.data.credit}`);
    expect(auto.code).toBe(200);
    // UserUtil keeps the credit it had: autologin replaced it, so the next one is refused, still at HTTP 200.
    expect((await desktop("user", `method=autologin&credit=${login.data.credit}`)).code).toBe(403);
  });
});
