import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { applyPlan } from "../tools/import/apply";
import { putFiles } from "../tools/import/files";
import { decryptOriginal, planJh } from "../tools/import/jh";
import { InputError } from "../tools/import/plan";
import dump from "./fixtures/import/ttyplatform.sql?raw";
import { BASE } from "./helpers";
import { db, rowsIn } from "./import-helpers";
import { api, md5 } from "./jh-helpers";

/**
 * The original's msgboard folder: post 2's picture (a JPEG), and post 5's, a GIF the board does not take.
 * Post 1 has none.
 */
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);
const GIF = new TextEncoder().encode("GIF89a\x01\x00\x01\x00;");
const media = (name: string) => ({ "2_content": JPEG, "5_content": GIF })[name] ?? null;
const board = { media, offset: "+08:00" };

async function importAll() {
  const plan = await planJh("ttyplatform.sql", dump, Date.now(), board);
  await putFiles(env.FILES, plan.files);
  await applyPlan(db, plan);
  const next = await plan.next?.(db, env);
  if (next) await applyPlan(db, next);
  return { plan, next };
}

const login = async (username: string, password: string) =>
  api("user", { method: "login", username, password: await md5(password), devicetype: "mobile" });

describe("004: a mysqldump of tty.platform.aspserver", () => {
  it("decrypts what the original kept with the key in its source, and keeps what it could not", () => {
    expect(decryptOriginal("6SdZ0FYCc1rR97GZVG8VWw==")).toBe("张三");
    expect(decryptOriginal("not-encrypted")).toBe("not-encrypted");
    expect(decryptOriginal("")).toBe("");
  });

  it("plans the accounts and the message board, and says which rows stay behind and why", async () => {
    const plan = await planJh("ttyplatform.sql", dump, Date.now(), board);
    expect(plan.units.map((u) => u.entity)).toEqual([
      "user",
      "user",
      "user",
      "username counter",
      "post",
      "comment",
      "comment",
      "post",
      "comment",
      "post",
      "post",
    ]);
    expect(plan.rejects.map((r) => `${r.entity} ${r.legacyId}: ${r.reason}`)).toEqual([
      "user ZhangSan: the same username as an earlier one but for case: Campus Edge tells names apart without regard to case",
      "user tester: unknown usertype ADMIN",
      "comment 1/2: its author ghost is not imported",
      "post 4: its author ZhangSan is not imported",
    ]);
    expect(plan.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^1 posts were pinned or locked in the original .* ordinary posts \(1\)$/),
        "pictures: 1 to R2",
        "picture of post 5: 图片格式不正确,只支持JPEG或PNG: not carried (the post comes over without it)",
      ]),
    );
    expect(plan.files.map((f) => f.key)).toEqual(["jh/board/ttyplatform-2"]);
    // Without the folder the dump alone still brings the posts, and says where their pictures are.
    const bare = await planJh("ttyplatform.sql", dump);
    expect(bare.files).toEqual([]);
    expect(bare.notes.join("\n")).toMatch(/pictures are files beside the original server .* give --media/);
    // What is written holds no password of the original: only Campus Edge's hash.
    await applyPlan(db, plan);
    const stored = await env.DB.prepare("SELECT password_hash AS h FROM jh_users WHERE username = 'zhangsan'").first<{ h: string }>();
    expect(stored?.h).toMatch(/^pbkdf2-sha256\$100000\$/);
    const everything = JSON.stringify((await env.DB.prepare("SELECT * FROM jh_users").all()).results);
    expect(everything).not.toContain(await md5("Zs@123456"));
    expect(everything).not.toContain("Zs@123456");
  });

  it("stops on a dump cut short, naming the file and line, before writing", async () => {
    const cut = dump.slice(0, dump.indexOf("INSERT INTO `userinfo`") + 80);
    await expect(planJh("cut.sql", cut)).rejects.toThrow(InputError);
    await expect(planJh("cut.sql", cut)).rejects.toThrow(/^cut\.sql:\d+: the dump is cut short/);
  });

  it("after the import, a user logs in with the old password and finds their profile and bindings", async () => {
    const { next } = await importAll();
    expect(next?.units.map((u) => u.entity)).toEqual(["binding", "binding", "binding"]);
    const res = await login("zhangsan", "Zs@123456");
    expect(res.body).toMatchObject({
      code: 200,
      data: { username: "zhangsan", nickname: "张三", usertype: "COMMON", credit: expect.stringMatching(/^[0-9a-f]{32}$/) },
    });
    const credit = res.body.data.credit;
    const base = await api("getinfo", { credit, type: "base" });
    expect(base.body.data).toMatchObject({
      username: "zhangsan",
      email: "zhangsan@zjut.edu.cn",
      phone: "13800000001",
      permission_msgboard: 1,
    });
    const bind = await api("getinfo", { credit, type: "bind" });
    expect(bind.body.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ bindname: "jh", pid: "201806061201", state: 2 }),
        expect.objectContaining({ bindname: "zfedu", state: 2 }),
      ]),
    );
    // The wrong password is still wrong; a password stored before the MD5 days works as today's clients send it.
    expect((await login("zhangsan", "Zs@1234567")).body.code).toBe(403);
    expect((await login("lisi", "lisi-2018")).body).toMatchObject({ code: 200, data: { usertype: "WEJH" } });
  });

  it("runs again without duplicates, and register2 goes on after the original's numbers", async () => {
    await importAll();
    expect([await rowsIn("jh_users"), await rowsIn("jh_bindings")]).toEqual([3, 3]);
    const reg = await api("user", { method: "register2", password: await md5("new"), nickname: "新同学" });
    expect(reg.body.data.username).toBe("10087");
  });

  it("after the import, the desktop client's update poll brings the old posts with their comments and pictures", async () => {
    await importAll();
    const me = (await api("user", { method: "login", username: "zhangsan", password: await md5("Zs@123456"), devicetype: "pc" })).body.data
      .credit;
    // tty.board polls from 0001/1/1 on, its body unencoded (tty.com/Com.cs).
    const res = await desktopPoll(me, "0001/1/1 0:00:00");
    expect(res).toMatchObject({ code: 200, msg: "获取留言成功" });
    const posts = res.data.content;
    expect(posts.map((p: { username: string; time: string; mark: number }) => [p.username, p.time, p.mark])).toEqual([
      ["zhangsan", "2019-01-10 12:00:00", 0],
      ["lisi", "2019-01-11 09:30:00", 0],
      ["zhangsan", "2019-01-12 20:15:00", 2],
      ["10086", "2019-01-14 20:45:10", 0],
    ]);
    const [first, second, deleted, last] = posts;
    expect(first).toEqual({
      id: first.id,
      username: "zhangsan",
      time: "2019-01-10 12:00:00",
      istop: 0,
      islocked: 0,
      content: "开学第一帖：精弘网络招新啦！",
      mark: 0,
      pic: null,
      comments: [
        { id: 1, username: "lisi", time: "2019-01-10 12:30:00", content: "沙发，图书馆三楼有空位" },
        { id: 4, username: "zhangsan", time: "2019-01-10 13:05:00", content: '谢谢"学长"' },
      ],
    });
    expect(second).toMatchObject({
      content: "屏峰的雪",
      pic: btoa(String.fromCharCode(...JPEG)),
      comments: [{ id: 1, username: "zhangsan", time: "2019-01-11 10:02:03", content: "拍得好" }],
    });
    // A post deleted in the original stays deleted: the client drops it.
    expect(deleted).toMatchObject({ content: "", pic: null, comments: [] });
    expect(last).toMatchObject({ content: "期末加油", pic: null, comments: [] });
    // The next poll, from the time it was given, has nothing new (at most the last second's changes again).
    for (const p of (await desktopPoll(me, dotnet(res.data.time))).data.content) expect(posts).toContainEqual(p);

    // The board goes on: comments are numbered after the original's last, and the new comment is the next change.
    const lisi = (await api("user", { method: "login", username: "lisi", password: await md5("lisi-2018"), devicetype: "mobile" })).body
      .data.credit;
    const added = await api("msgboard", { method: "addcomment", credit: lisi, id: String(first.id), content: "报名了" });
    expect(added.body.data.comments.map((c: { id: number }) => c.id)).toEqual([1, 4, 5]);
    const changed = (await desktopPoll(me, dotnet(res.data.time))).data.content;
    expect(changed.find((p: { id: number }) => p.id === first.id).comments.map((c: { content: string }) => c.content)).toEqual([
      "沙发，图书馆三楼有空位",
      '谢谢"学长"',
      "报名了",
    ]);
    // Imported authors keep their rights: lisi may not delete zhangsan's post; zhangsan, a board admin, may delete 10086's.
    expect((await api("msgboard", { method: "delete", credit: lisi, id: String(first.id) })).body).toMatchObject({ msg: "用户权限不够" });
    expect((await api("msgboard", { method: "delete", credit: me, id: String(last.id) })).body).toMatchObject({ msg: "删除留言成功" });
  });

  it("running the board's import again duplicates nothing and brings back nothing changed since", async () => {
    await importAll();
    const me = (await api("user", { method: "login", username: "zhangsan", password: await md5("Zs@123456"), devicetype: "pc" })).body.data
      .credit;
    const first = (await desktopPoll(me, "0001/1/1 0:00:00")).data.content.find(
      (p: { content: string }) => p.content === "开学第一帖：精弘网络招新啦！",
    );
    expect((await api("msgboard", { method: "deletecomment", credit: me, id: String(first.id), subid: "4" })).body.msg).toBe(
      "删除评论成功",
    );
    expect((await api("msgboard", { method: "change", credit: me, id: String(first.id), content: "改过的第一帖" })).body.msg).toBe(
      "修改留言成功",
    );
    const rows = async () => [await rowsIn("jh_board_posts"), await rowsIn("jh_board_comments"), await rowsIn("legacy_ids")];
    const before = await rows();
    await importAll();
    expect(await rows()).toEqual(before);
    const again = (await desktopPoll(me, "0001/1/1 0:00:00")).data.content;
    const mine = again.find((p: { id: number }) => p.id === first.id);
    expect(mine.content).toBe("改过的第一帖");
    expect(mine.comments.map((c: { id: number }) => c.id)).not.toContain(4);
  });
});

/** One `update` poll of the desktop client (tty.board), its form body unencoded as Com.cs builds it. */
async function desktopPoll(credit: string, time: string) {
  const res = await SELF.fetch(`${BASE}/jh/api/msgboard`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `method=update&credit=${credit}&time=${time}`,
  });
  return (await res.json()) as any;
}

/** The reply's time as the desktop client sends it back: .NET's DateTime.ToString() in zh-CN. */
function dotnet(time: string) {
  const [y, mo, d, h, mi, s] = time.split(/[- :]/).map(Number);
  return `${y}/${mo}/${d} ${h}:${String(mi).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}
