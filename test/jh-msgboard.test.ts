import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BASE, getJson } from "./helpers";
import { account, admin, api, md5 } from "./jh-helpers";

/**
 * The message board as its clients use it. tty.board (tty.com/Com.cs) posts its bodies as it builds them:
 * `method=update&credit=…&time={Msg.UpdateTime.ToString()}` unencoded, `content` through Uri.EscapeDataString,
 * and polls every 10 seconds; it reads code, msg, data.time (DateTime.Parse) and each post's id, username, time,
 * content, mark (0 pull, 2 remove), pic (byte[], base64) and comments {id, username, time, content}.
 */
const post = async (body: string, endpoint = "msgboard") => {
  const res = await SELF.fetch(`${BASE}/jh/api/${endpoint}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
};
const board = (form: Record<string, string>) => api("msgboard", form);
const refused = (msg: string, code = 403) => ({ code, msg, data: null });

const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const hex = (bytes: number[]) => bytes.map((b) => b.toString(16).padStart(2, "0")).join("");
const jpegBytes = [0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 60 }, (_, i) => i)];
const b64 = (bytes: number[]) => btoa(String.fromCharCode(...bytes));

/** .NET's DateTime.ToString() of a parsed reply time, as the desktop client sends it back (zh-CN, or en-US). */
function dotnet(time: string, culture: "zh-CN" | "en-US" = "zh-CN") {
  const [y, mo, d, h, mi, s] = time.split(/[- :]/).map(Number);
  const mm = String(mi).padStart(2, "0");
  const ss = String(s).padStart(2, "0");
  if (culture === "zh-CN") return `${y}/${mo}/${d} ${h}:${mm}:${ss}`;
  return `${mo}/${d}/${y} ${h % 12 || 12}:${mm}:${ss} ${h < 12 ? "AM" : "PM"}`;
}

/** Every field the desktop client reads from a post (MsgUni), with its type. */
function expectPostShape(p: any) {
  expect(Object.keys(p)).toEqual(["id", "username", "time", "istop", "islocked", "content", "mark", "pic", "comments"]);
  expect(typeof p.id).toBe("number");
  expect(typeof p.username).toBe("string");
  expect(p.time).toMatch(TIME);
  expect([p.istop, p.islocked]).toEqual([0, 0]);
  expect(typeof p.content).toBe("string");
  expect([0, 2]).toContain(p.mark);
  if (p.pic !== null) expect(p.pic).toMatch(/^[A-Za-z0-9+/]+=*$/);
  for (const c of p.comments) {
    expect(Object.keys(c)).toEqual(["id", "username", "time", "content"]);
    expect(c.time).toMatch(TIME);
  }
}

/** The desktop client: its credit, its board (Msg.Msgs, newest id first) and its UpdateTime, polled as Com.cs does. */
class Desktop {
  msgs: any[] = [];
  updateTime = "0001/1/1 0:00:00";
  constructor(readonly credit: string) {}

  static async login(nickname: string) {
    const me = await account(nickname, "pc");
    return Object.assign(new Desktop(me.credit), { username: me.username });
  }

  /** UpdateMsgAsync: one poll; pulls mark 0, removes mark 2. */
  async poll() {
    const res = await post(`method=update&credit=${this.credit}&time=${this.updateTime}`);
    expect(res.status).toBe(200);
    expect(res.body.code, JSON.stringify(res.body)).toBe(200);
    expect(res.body.msg).toBe("获取留言成功");
    expect(res.body.data.time).toMatch(TIME);
    this.updateTime = dotnet(res.body.data.time);
    for (const item of res.body.data.content) {
      expectPostShape(item);
      if (item.mark === 0) this.pull(item);
      else if (item.mark === 2) this.msgs = this.msgs.filter((m) => m.id !== item.id);
    }
    return res.body.data.content as any[];
  }

  /**
   * Polls until a reply changes nothing the client holds. (A poll within the second of the last change may bring
   * that change again: the reply time has whole seconds.)
   */
  async pollAll() {
    for (let i = 0; i < 100; i++) {
      const before = JSON.stringify(this.msgs);
      await this.poll();
      if (JSON.stringify(this.msgs) === before) return;
    }
    throw new Error("the board never settled");
  }

  pull(msg: any) {
    const at = this.msgs.findIndex((m) => m.id <= msg.id);
    if (at === -1) this.msgs.push(msg);
    else if (this.msgs[at].id === msg.id) this.msgs[at] = msg;
    else this.msgs.splice(at, 0, msg);
  }

  /** AddMsgAsync. */
  async add(content: string) {
    const res = await post(`method=add&credit=${this.credit}&content=${encodeURIComponent(content)}`);
    expect(res.status).toBe(200);
    if (res.body.code === 200) {
      expectPostShape(res.body.data);
      this.pull(res.body.data);
    }
    return res.body;
  }

  /** RemoveMsgAsync. */
  async remove(id: number) {
    const res = await post(`method=delete&credit=${this.credit}&id=${id}`);
    expect(res.status).toBe(200);
    if (res.body.code === 200) this.msgs = this.msgs.filter((m) => m.id !== id);
    return res.body;
  }
}

async function boardAdmin(nickname: string, permission: 1 | 2) {
  const me = await account(nickname, "pc");
  expect((await admin(`/users/${me.username}`, { permission_msgboard: permission }, "PATCH")).status).toBe(200);
  return me;
}

describe("the desktop client's board", () => {
  it("fills its window from nothing, posts, sees others' posts and comments, and drops deleted ones", async () => {
    const alice = await Desktop.login("board-alice");
    const bob = await Desktop.login("board-bob");
    await alice.pollAll();
    const before = alice.msgs.length;

    const added = await alice.add("你好,精弘 & friends +1 100%");
    expect(added).toMatchObject({ code: 200, msg: "添加成功" });
    expect(added.data).toMatchObject({
      username: alice.username,
      content: "你好,精弘 & friends +1 100%",
      mark: 0,
      pic: null,
      comments: [],
      istop: 0,
      islocked: 0,
    });
    const id = added.data.id;

    await bob.pollAll();
    expect(bob.msgs.find((m) => m.id === id)).toMatchObject({ content: "你好,精弘 & friends +1 100%", username: alice.username });

    const comment = await board({ method: "addcomment", credit: bob.credit, id: String(id), content: "赞" });
    expect(comment.body).toMatchObject({ code: 200, msg: "添加评论成功" });
    expect(comment.body.data.comments).toEqual([{ id: 1, username: bob.username, time: expect.stringMatching(TIME), content: "赞" }]);
    expectPostShape(comment.body.data);

    await alice.pollAll();
    expect(alice.msgs.find((m) => m.id === id).comments.map((c: any) => c.content)).toEqual(["赞"]);
    expect(alice.msgs.length).toBe(before + 1);

    expect(await alice.remove(id)).toEqual({ code: 200, msg: "删除留言成功", data: null });
    await bob.pollAll();
    expect(bob.msgs.find((m) => m.id === id)).toBeUndefined();
  });

  it("reads a time written the en-US way, or ISO with a zone, and refuses one that is no time", async () => {
    const me = await Desktop.login("board-times");
    const body = await me.add("时间");
    const created = body.data.time as string;
    for (const time of [dotnet(created, "en-US"), dotnet(created), `${created.replace(" ", "T")}+08:00`, "1/1/0001 12:00:00 AM"]) {
      const res = await board({ method: "update", credit: me.credit, time });
      expect(res.body.code, time).toBe(200);
      expect(
        res.body.data.content.map((p: any) => p.id),
        time,
      ).toContain(body.data.id);
    }
    for (const time of ["", "yesterday", "2026-13-01 00:00:00", "2026/2/30 0:00:00", "25:00"]) {
      expect((await board({ method: "update", credit: me.credit, time })).body, time).toEqual(refused("时间格式不正确"));
    }
  });

  it("answers what the desktop client tests for: 无效的凭证, and 凭证为空", async () => {
    expect((await post("method=update&credit=00000000000000000000000000000000&time=0001/1/1 0:00:00")).body).toEqual(refused("无效的凭证"));
    expect((await post("method=delete&credit=not-a-credit&id=1")).body).toEqual(refused("无效的凭证"));
    expect((await post("method=add&credit=&content=x")).body).toEqual(refused("凭证为空"));
    expect((await post("method=add&content=x")).body).toEqual(refused("无效的访问。", 400));
  });

  it("refuses GET as the other endpoints do", async () => {
    const res = await getJson("/jh/api/msgboard?method=update&time=0001/1/1");
    expect(res.status).toBe(200);
    expect(res.body).toEqual(refused("Get方法已禁止。", 405));
  });
});

describe("permissions", () => {
  it("lets authors delete their own, an admin delete a user's, never a user another's or an admin a peer's", async () => {
    const author = await account("perm-author", "pc");
    const other = await account("perm-other", "pc");
    const adminA = await boardAdmin("perm-admin-a", 1);
    const adminB = await boardAdmin("perm-admin-b", 1);
    const superAdmin = await boardAdmin("perm-super", 2);
    const postOf = async (who: { credit: string }, content: string) =>
      (await board({ method: "add", credit: who.credit, content })).body.data.id as number;

    const userPost = await postOf(author, "用户的留言");
    expect((await board({ method: "delete", credit: other.credit, id: String(userPost) })).body).toEqual(refused("用户权限不够"));
    expect((await board({ method: "change", credit: other.credit, id: String(userPost), content: "改" })).body).toEqual(
      refused("用户权限不够"),
    );
    expect((await board({ method: "delete", credit: adminA.credit, id: String(userPost) })).body).toEqual({
      code: 200,
      msg: "删除留言成功",
      data: null,
    });

    const adminPost = await postOf(adminA, "管理员的留言");
    expect((await board({ method: "delete", credit: adminB.credit, id: String(adminPost) })).body).toEqual(refused("用户权限不够"));
    expect((await board({ method: "delete", credit: author.credit, id: String(adminPost) })).body).toEqual(refused("用户权限不够"));
    expect((await board({ method: "delete", credit: superAdmin.credit, id: String(adminPost) })).body.code).toBe(200);

    const own = await postOf(author, "自己的");
    expect((await board({ method: "delete", credit: author.credit, id: String(own) })).body.code).toBe(200);
    // Deleted posts stay, marked: a second delete is answered as the original did; editing or commenting is refused.
    expect((await board({ method: "delete", credit: author.credit, id: String(own) })).body.code).toBe(200);
    expect((await board({ method: "change", credit: author.credit, id: String(own), content: "x" })).body).toEqual(refused("该留言已删除"));
    expect((await board({ method: "addcomment", credit: other.credit, id: String(own), content: "x" })).body).toEqual(
      refused("该留言已删除"),
    );
    const seen = await board({ method: "update", credit: other.credit, time: "2000-01-01 00:00:00" });
    const marked = seen.body.data.content.filter((p: any) => [userPost, adminPost, own].includes(p.id));
    expect(marked).toHaveLength(3);
    for (const p of marked) expect(p).toMatchObject({ mark: 2, content: "", pic: null, comments: [] });
    expect((await board({ method: "delete", credit: author.credit, id: "999999" })).body).toEqual(refused("该留言不存在"));
  });

  it("removes comments by their author or an admin above the commenter, and numbers them within the post", async () => {
    const author = await account("cmt-author", "pc");
    const commenter = await account("cmt-commenter", "pc");
    const moderator = await boardAdmin("cmt-moderator", 1);
    const id = String((await board({ method: "add", credit: author.credit, content: "求评论" })).body.data.id);
    for (const content of ["一", "二", "三"]) {
      expect((await board({ method: "addcomment", credit: commenter.credit, id, content })).body.code).toBe(200);
    }
    expect((await board({ method: "deletecomment", credit: author.credit, id, subid: "1" })).body).toEqual(refused("用户权限不够"));
    const own = await board({ method: "deletecomment", credit: commenter.credit, id, subid: "1" });
    expect(own.body).toMatchObject({ code: 200, msg: "删除评论成功" });
    expect(own.body.data.comments.map((c: any) => [c.id, c.content])).toEqual([
      [2, "二"],
      [3, "三"],
    ]);
    const moderated = await board({ method: "deletecomment", credit: moderator.credit, id, subid: "3" });
    expect(moderated.body.data.comments.map((c: any) => c.id)).toEqual([2]);
    expect((await board({ method: "deletecomment", credit: moderator.credit, id, subid: "3" })).body).toEqual(refused("该评论不存在"));
    // Ids are never reused.
    const next = await board({ method: "addcomment", credit: author.credit, id, content: "四" });
    expect(next.body.data.comments.map((c: any) => [c.id, c.username])).toEqual([
      [2, commenter.username],
      [4, author.username],
    ]);
  });

  it("applies a permission taken away at once", async () => {
    const user = await account("revoke-user", "pc");
    const moderator = await boardAdmin("revoke-mod", 1);
    const id = String((await board({ method: "add", credit: user.credit, content: "留着" })).body.data.id);
    await admin(`/users/${moderator.username}`, { permission_msgboard: 0 }, "PATCH");
    expect((await board({ method: "delete", credit: moderator.credit, id })).body).toEqual(refused("用户权限不够"));
  });
});

describe("editing and pictures", () => {
  it("stores a picture sent as hex, returns it as the original's byte[] (base64), replaces and removes it", async () => {
    const me = await account("pic-user", "pc");
    const stored = async () => (await env.FILES.list({ prefix: "jh/board/" })).objects.length;
    const before = await stored();
    const withPic = await board({ method: "add", credit: me.credit, content: "有图", pic: hex(jpegBytes) });
    expect(withPic.body).toMatchObject({ code: 200, msg: "添加成功" });
    expect(withPic.body.data.pic).toBe(b64(jpegBytes));
    const id = String(withPic.body.data.id);
    const listed = await board({ method: "update", credit: me.credit, time: dotnet(withPic.body.data.time) });
    expect(listed.body.data.content.find((p: any) => p.id === Number(id)).pic).toBe(b64(jpegBytes));

    const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9];
    const changed = await board({ method: "change", credit: me.credit, id, content: "换了图", pic: hex(png).toUpperCase() });
    expect(changed.body).toMatchObject({ code: 200, msg: "修改留言成功", data: { content: "换了图", pic: b64(png) } });
    const kept = await board({ method: "change", credit: me.credit, id, content: "只改字" });
    expect(kept.body.data).toMatchObject({ content: "只改字", pic: b64(png) });
    const removed = await board({ method: "change", credit: me.credit, id, content: "去掉图", pic: "" });
    expect(removed.body.data).toMatchObject({ content: "去掉图", pic: null });
    // Each replaced or removed picture is deleted from R2.
    expect(await stored()).toBe(before);
  });

  it("refuses bad input with the board's messages and changes nothing", async () => {
    const me = await account("bad-input", "pc");
    const { body } = await board({ method: "add", credit: me.credit, content: "原文" });
    const id = String(body.data.id);
    const gif = hex([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 2]);
    const big = hex([...jpegBytes, ...new Array(256 * 1024).fill(1)]);
    const cases: Array<[Record<string, string>, unknown]> = [
      [{ method: "add", content: "" }, refused("留言内容为空")],
      [{ method: "add", content: "   " }, refused("留言内容为空")],
      [{ method: "add", content: "长".repeat(2001) }, refused("留言内容过长,最多2000个字")],
      [{ method: "add", content: "图", pic: gif }, refused("图片格式不正确,只支持JPEG或PNG")],
      [{ method: "add", content: "图", pic: "zz" }, refused("图片格式不正确,只支持JPEG或PNG")],
      [{ method: "add", content: "图", pic: big }, refused("图片过大,最大256KB")],
      [{ method: "change", id, content: "" }, refused("留言内容为空")],
      [{ method: "change", id, content: "改", pic: gif }, refused("图片格式不正确,只支持JPEG或PNG")],
      [{ method: "change", id: "424242", content: "改" }, refused("该留言不存在")],
      [{ method: "addcomment", id, content: "" }, refused("评论内容为空")],
      [{ method: "addcomment", id, content: "评".repeat(501) }, refused("评论内容过长,最多500个字")],
      [{ method: "addcomment", id: "424242", content: "评" }, refused("该留言不存在")],
      [{ method: "deletecomment", id, subid: "7" }, refused("该评论不存在")],
      [{ method: "deletecomment", id: "424242", subid: "1" }, refused("该留言不存在")],
      [{ method: "addcomment", id: "abc", content: "评" }, refused("无效的访问。", 400)],
      [{ method: "addcomment", content: "评" }, refused("无效的访问。", 400)],
      [{ method: "deletecomment", id }, refused("无效的访问。", 400)],
      [{ method: "update" }, refused("无效的访问。", 400)],
      [{ method: "publish", content: "x" }, refused("无效的访问。", 400)],
      [{ content: "x" }, refused("无效的访问。", 400)],
    ];
    const countBefore = (await board({ method: "update", credit: me.credit, time: "2000-01-01 00:00:00" })).body.data.content.length;
    for (const [form, answer] of cases) {
      const res = await board({ credit: me.credit, ...form });
      expect(res.status).toBe(200);
      expect(res.body, JSON.stringify(form).slice(0, 80)).toEqual(answer);
    }
    const after = await board({ method: "update", credit: me.credit, time: "2000-01-01 00:00:00" });
    expect(after.body.data.content.length).toBe(countBefore);
    expect(after.body.data.content.find((p: any) => p.id === Number(id))).toMatchObject({ content: "原文", comments: [], pic: null });
  });

  it("caps a post's comments", async () => {
    const me = await account("cap-user", "pc");
    const id = String((await board({ method: "add", credit: me.credit, content: "热门" })).body.data.id);
    const all = await Promise.all(
      Array.from({ length: 105 }, (_, i) => board({ method: "addcomment", credit: me.credit, id, content: `第${i}条` })),
    );
    expect(all.filter((r) => r.body.code === 200)).toHaveLength(100);
    expect(all.filter((r) => r.body.code === 403).map((r) => r.body.msg)).toEqual(new Array(5).fill("该留言的评论已满100条"));
    const { body } = await board({ method: "update", credit: me.credit, time: "2000-01-01 00:00:00" });
    const comments = body.data.content.find((p: any) => p.id === Number(id)).comments;
    expect(comments.map((c: any) => c.id)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });
});

describe("what changed since a time", () => {
  it("pages oldest change first and never loses a change made between two polls", async () => {
    const writer = await account("page-writer", "pc");
    const reader = await Desktop.login("page-reader");
    await reader.pollAll();
    const ids: number[] = [];
    for (let i = 0; i < 60; i++) ids.push((await board({ method: "add", credit: writer.credit, content: `第${i}帖` })).body.data.id);
    const first = await reader.poll();
    expect(first).toHaveLength(50);
    // Posts and a deletion made while the reader is paging.
    const late = (await board({ method: "add", credit: writer.credit, content: "迟到的" })).body.data.id;
    await board({ method: "delete", credit: writer.credit, id: String(ids[0]) });
    await reader.pollAll();
    const held = reader.msgs.map((m) => m.id);
    expect(held).toEqual(expect.arrayContaining([...ids.slice(1), late]));
    expect(held).not.toContain(ids[0]);
    // Newest id first, as the client keeps them.
    expect(held).toEqual([...held].sort((a, b) => b - a));
  });

  it("puts at most 12 pictures in a reply", async () => {
    const writer = await account("pics-writer", "pc");
    const reader = await Desktop.login("pics-reader");
    await reader.pollAll();
    for (let i = 0; i < 15; i++) await board({ method: "add", credit: writer.credit, content: `图${i}`, pic: hex(jpegBytes) });
    const first = await reader.poll();
    expect(first.filter((p) => p.pic !== null)).toHaveLength(12);
    await reader.pollAll();
    expect(reader.msgs.filter((m) => m.pic !== null).length).toBeGreaterThanOrEqual(15);
  });
});

describe("a mobile credit (the Android client logs in with devicetype=mobile; its API table names the board)", () => {
  it("reads the board with HttpURLConnection's default form body", async () => {
    const password = await md5("pw-android-board");
    const reg = await api("user", { method: "register2", password, nickname: "android-board" });
    const login = await post(`method=login&username=${reg.body.data.username}&password=${password}&devicetype=mobile`, "user");
    expect(login.body.code, JSON.stringify([reg.body, login.body])).toBe(200);
    const credit = login.body.data.credit;
    const res = await SELF.fetch(`${BASE}/jh/api/msgboard`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `method=update&credit=${credit}&time=2000-01-01 00:00:00`,
    });
    expect(res.status).toBe(200);
    const json = (await res.json()) as any;
    expect(json.code).toBe(200);
    expect(json.data.time).toMatch(TIME);
  });
});
