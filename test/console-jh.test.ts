import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import seed from "../tools/seed/jh.sql?raw";
import { type ConsoleBrowser, operatorBrowser, visibleText } from "./console-helpers";
import { recordD1 } from "./d1-recorder";
import { ADMIN, BASE } from "./helpers";
import { account, admin, api, md5 } from "./jh-helpers";

const DAY = 86_400_000;
/** The campus date `days` from today. */
const campusDay = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * DAY).toISOString().slice(0, 10);

async function importUsers(...users: Array<{ username: string; nickname?: string; permission_msgboard?: number; usertype?: string }>) {
  const res = await admin("/users/import", {
    users: await Promise.all(users.map(async (u) => ({ nickname: "同学", password_md5: await md5(`pw-${u.username}`), ...u }))),
  });
  expect(res.status).toBe(200);
  expect(res.body.imported).toHaveLength(users.length);
}

const apiUser = async (username: string) => {
  const res = await SELF.fetch(`${BASE}/admin/jh/users/${encodeURIComponent(username)}`, { headers: ADMIN });
  return { status: res.status, body: (await res.json()) as any };
};

const time = async () => ((await (await SELF.fetch(`${BASE}/jh/api/time`)).json()) as any).data;

async function clearTerms() {
  const { body } = await admin("/terms", {}, "GET");
  for (const t of body.terms) await admin(`/terms/${t.year}/${t.term}`, {}, "DELETE");
}

/** Follows a form's 303 and returns what the person then reads. */
async function landing(browser: ConsoleBrowser, res: { status: number; location: string | null }) {
  expect(res.status).toBe(303);
  const page = await browser.get(res.location ?? "");
  expect(page.status).toBe(200);
  return visibleText(page.html);
}

/** The href of the link with this rel on a page. */
const linkRel = (html: string, rel: string) =>
  [...html.matchAll(/<a class="button secondary" href="([^"]+)" rel="(\w+)"/g)].find((m) => m[2] === rel)?.[1].replace(/&amp;/g, "&");

describe("精弘 users in the console", () => {
  it("finds users by the start of their username, without regard to case, an exact name first", async () => {
    await importUsers({ username: "Alice", nickname: "爱丽丝" }, { username: "alina" }, { username: "al" }, { username: "bob" });
    const browser = await operatorBrowser("jh.search", ["jh"]);
    const page = await browser.get("/console/jh/users?q=AL");
    expect(page.status).toBe(200);
    const text = visibleText(page.html);
    expect(text).toContain("Alice 爱丽丝 普通账号 普通用户");
    expect(text).toContain("alina");
    expect(text).not.toContain("bob");
    expect(text).toContain("共 3 条");
    const names = [...page.html.matchAll(/<a href="\/console\/jh\/users\/([^"]+)">/g)].map((m) => decodeURIComponent(m[1]));
    expect(names).toEqual(["al", "Alice", "alina"]);
    const none = visibleText((await browser.get("/console/jh/users?q=zz-nobody")).html);
    expect(none).toContain("没有用户名以“zz-nobody”开头的用户");
  });

  it("pages through many matches by key, forwards and back", async () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ username: `pg${String(i).padStart(3, "0")}` }));
    await importUsers(...many);
    const browser = await operatorBrowser("jh.pages", ["jh"]);
    const first = await browser.get("/console/jh/users?q=pg");
    const listed = (html: string) => [...html.matchAll(/<a href="\/console\/jh\/users\/(pg\d+)">/g)].map((m) => m[1]);
    expect(listed(first.html)).toEqual(many.slice(0, 20).map((u) => u.username));
    expect(visibleText(first.html)).toContain("共 25 条");
    expect(linkRel(first.html, "prev")).toBeUndefined();
    const nextHref = linkRel(first.html, "next");
    expect(nextHref).toBe("/console/jh/users?q=pg&after=pg019");
    const second = await browser.get(nextHref ?? "");
    expect(listed(second.html)).toEqual(many.slice(20).map((u) => u.username));
    expect(linkRel(second.html, "next")).toBeUndefined();
    const back = await browser.get(linkRel(second.html, "prev") ?? "");
    expect(listed(back.html)).toEqual(many.slice(0, 20).map((u) => u.username));
    expect(linkRel(back.html, "prev")).toBeUndefined();
  });

  it("searches through the username index only, never reading the whole table", async () => {
    await importUsers({ username: "plan-user" });
    const browser = await operatorBrowser("jh.plans", ["jh"]);
    const recorder = recordD1(env.DB);
    try {
      for (const path of [
        "/console/jh/users?q=plan",
        "/console/jh/users?q=plan&after=plan-a",
        "/console/jh/users?before=zzz",
        "/console/jh/users",
      ])
        expect((await browser.get(path)).status).toBe(200);
    } finally {
      recorder.stop();
    }
    const statements = recorder.distinct().filter((s) => s.sql.includes('"jh_users"'));
    expect(statements.length).toBeGreaterThanOrEqual(4);
    for (const { sql, params } of statements) {
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ detail: string }>();
      const plan = results.map((r) => r.detail);
      expect(
        plan.filter((line) => /^SCAN jh_users\b/.test(line) && !/USING (COVERING )?INDEX/.test(line)),
        sql,
      ).toEqual([]);
      expect(
        plan.some((line) => line.includes("TEMP B-TREE")),
        sql,
      ).toBe(false);
    }
  });

  it("changes usertype and message-board permission, as the operators' API then shows", async () => {
    await importUsers({ username: "张三", nickname: "张同学" });
    const browser = await operatorBrowser("jh.editor", ["jh"]);
    const list = await browser.get(`/console/jh/users?q=${encodeURIComponent("张")}`);
    const href = /<a href="(\/console\/jh\/users\/[^"]+)">张三<\/a>/.exec(list.html)?.[1] ?? "";
    expect(href).toBe(`/console/jh/users/${encodeURIComponent("张三")}`);
    const page = await browser.get(href);
    expect(page.status).toBe(200);
    expect(visibleText(page.html)).toContain("用户名 张三 昵称 张同学 账号类型 普通账号 留言板权限 普通用户");
    expect(page.html).toContain("<label>留言板权限");
    const text = await landing(browser, await browser.post(href, { usertype: "TEST", permission_msgboard: "2" }));
    expect(text).toContain("已保存：张三 为测试账号，留言板超级管理员");
    expect(text).toContain("账号类型 测试账号 留言板权限 超级管理员");
    expect((await apiUser("张三")).body).toMatchObject({ username: "张三", usertype: "TEST", permission_msgboard: 2 });
    const login = await api("user", { method: "login", username: "张三", password: await md5("pw-张三"), devicetype: "pc" });
    const info = await api("getinfo", { credit: login.body.data.credit, type: "base" });
    expect(info.body.data).toMatchObject({ usertype: "TEST", permission_msgboard: 2 });
  });

  it("shows why invalid input was refused and changes nothing", async () => {
    await importUsers({ username: "steady", permission_msgboard: 1 });
    const browser = await operatorBrowser("jh.refused", ["jh"]);
    await browser.get("/console/jh/users/steady");
    const bad = await landing(browser, await browser.post("/console/jh/users/steady", { usertype: "COMMON", permission_msgboard: "5" }));
    expect(bad).toContain("留言板权限：请选择普通用户、管理员或超级管理员");
    const missing = await landing(browser, await browser.post("/console/jh/users/steady", { permission_msgboard: "0" }));
    expect(missing).toContain("请填写账号类型");
    const wrongType = await landing(
      browser,
      await browser.post("/console/jh/users/steady", { usertype: "ROOT", permission_msgboard: "0" }),
    );
    expect(wrongType).toContain("账号类型：请选择账号类型");
    expect((await apiUser("steady")).body).toMatchObject({ usertype: "COMMON", permission_msgboard: 1 });
    const missingUser = await browser.get("/console/jh/users/nobody-at-all");
    expect(missingUser.status).toBe(404);
    expect(visibleText(missingUser.html)).toContain("没有用户名为“nobody-at-all”的用户");
  });

  it("is not open to an operator without the jh scope", async () => {
    await importUsers({ username: "guarded", permission_msgboard: 0 });
    const browser = await operatorBrowser("jh.outsider", ["sports", "library"]);
    const home = visibleText((await browser.get("/console")).html);
    expect(home).not.toContain("精弘");
    for (const path of ["/console/jh", "/console/jh/users", "/console/jh/users/guarded", "/console/jh/terms"])
      expect((await browser.get(path)).status).toBe(403);
    await browser.get("/console");
    const res = await browser.post("/console/jh/users/guarded", { usertype: "TEST", permission_msgboard: "2" });
    expect(res.status).toBe(303);
    expect(visibleText((await browser.get(res.location ?? "")).html)).toContain("您没有访问此页面的权限");
    expect((await apiUser("guarded")).body).toMatchObject({ usertype: "COMMON", permission_msgboard: 0 });
    await browser.get("/console");
    await browser.post("/console/jh/terms", { year: "2026", term: "3", begin: campusDay(0), end: campusDay(30) });
    expect((await admin("/terms", {}, "GET")).body.terms).not.toContainEqual(expect.objectContaining({ begin: campusDay(0) }));
  });

  it("seeds demo accounts that log in with the README's passwords", async () => {
    const statements = seed
      .split(/;\s*\n/)
      .map((st) => st.replace(/^--.*$/gm, "").trim())
      .filter(Boolean);
    for (let round = 0; round < 2; round++) for (const statement of statements) await env.DB.prepare(statement).run();
    for (const [username, password] of [
      ["demo_jh", "jh-demo"],
      ["demo_board", "board-demo"],
      ["demo_wejh", "wejh-demo"],
    ]) {
      const login = await api("user", { method: "login", username, password: await md5(password), devicetype: "pc" });
      expect(login.body.code, username).toBe(200);
    }
    expect((await apiUser("demo_board")).body).toMatchObject({ permission_msgboard: 1 });
    const browser = await operatorBrowser("jh.demo", ["jh"]);
    const text = visibleText((await browser.get("/console/jh/users?q=demo_")).html);
    expect(text).toContain("demo_board 留言板管理员 普通账号 管理员");
    expect(text).toContain("demo_wejh 微精弘同学 微精弘账号 普通用户");
  });
});

describe("the term calendar in the console", () => {
  it("adds, edits and deletes terms, which /jh/api/time then serves", async () => {
    await clearTerms();
    const browser = await operatorBrowser("jh.terms", ["jh"]);
    const empty = await browser.get("/console/jh/terms");
    expect(visibleText(empty.html)).toContain(`今天（校园时间） ${campusDay(0)} 小程序显示 不在任何学期内`);
    expect(empty.html).toContain('<input type="date" name="begin"');

    const added = await landing(
      browser,
      await browser.post("/console/jh/terms", { year: "2026", term: "3", begin: campusDay(0), end: campusDay(7 * 18 - 1) }),
    );
    expect(added).toContain(`已保存2026-2027 学年第一学期：${campusDay(0)} 至 ${campusDay(125)}`);
    expect(added).toContain("小程序显示 2026-2027 学年第一学期 第 1 周");
    expect(added).toContain(`2026-2027 学年 第一学期 ${campusDay(0)} ${campusDay(125)} 18 进行中`);
    expect(await time()).toMatchObject({ year: 2026, term: 3, begin: campusDay(0), week: 1, weeklasting: 18 });

    const edit = await browser.get("/console/jh/terms/2026/3");
    expect(edit.status).toBe(200);
    expect(edit.html).toContain(`value="${campusDay(0)}"`);
    const edited = await landing(browser, await browser.post("/console/jh/terms/2026/3", { begin: campusDay(-7), end: campusDay(125) }));
    expect(edited).toContain("第 2 周");
    expect(await time()).toMatchObject({ year: 2026, term: 3, begin: campusDay(-7), week: 2, weeklasting: 19 });

    await browser.get("/console/jh/terms");
    const next = await landing(
      browser,
      await browser.post("/console/jh/terms", { year: "2026", term: "12", begin: campusDay(140), end: campusDay(250) }),
    );
    expect(next).toContain("2026-2027 学年 第二学期");
    expect(next).toContain("未开始");

    const deleted = await landing(browser, await browser.post("/console/jh/terms/2026/3/delete", {}));
    expect(deleted).toContain("已删除2026-2027 学年第一学期");
    expect(deleted).toContain("小程序显示 不在任何学期内");
    expect(await time()).toBeNull();
    expect((await admin("/terms", {}, "GET")).body.terms).toEqual([{ year: 2026, term: 12, begin: campusDay(140), end: campusDay(250) }]);
  });

  it("shows why a term was refused and changes nothing", async () => {
    await clearTerms();
    expect((await admin("/terms", { year: 2030, term: 3, begin: "2030-09-02", end: "2031-01-12" })).status).toBe(200);
    const before = (await admin("/terms", {}, "GET")).body.terms;
    const browser = await operatorBrowser("jh.terms.refused", ["jh"]);
    await browser.get("/console/jh/terms");
    const attempts: Array<[Record<string, string>, string]> = [
      [
        { year: "2030", term: "12", begin: "2031-01-12", end: "2031-06-30" },
        "与2030-2031 学年第一学期（2030-09-02 至 2031-01-12）的日期重叠，未保存",
      ],
      [{ year: "2030", term: "12", begin: "2031-02-30", end: "2031-06-30" }, "开始日期：请填写有效的日期，格式为 YYYY-MM-DD"],
      [{ year: "2030", term: "12", begin: "2031-06-30", end: "2031-02-24" }, "结束日期不能早于开始日期"],
      [{ year: "2030", term: "7", begin: "2031-02-24", end: "2031-06-30" }, "学期：请选择第一学期、第二学期或短学期"],
      [{ year: "30", term: "12", begin: "2031-02-24", end: "2031-06-30" }, "学年：请填写四位数的年份，如 2026"],
      [{ year: "2030", term: "12", begin: "", end: "2031-06-30" }, "请填写开始日期"],
    ];
    for (const [form, message] of attempts) {
      const res = await browser.post("/console/jh/terms", form);
      expect(res.location).toBe("/console/jh/terms");
      expect(await landing(browser, res)).toContain(message);
    }
    await browser.get("/console/jh/terms/2030/3");
    const backwards = await browser.post("/console/jh/terms/2030/3", { begin: "2031-01-12", end: "2030-09-02" });
    expect(backwards.location).toBe("/console/jh/terms/2030/3");
    expect(await landing(browser, backwards)).toContain("结束日期不能早于开始日期");
    expect((await admin("/terms", {}, "GET")).body.terms).toEqual(before);
    expect((await browser.get("/console/jh/terms/2030/12")).status).toBe(404);
    expect((await browser.get("/console/jh/terms/2030/7")).status).toBe(404);
    await browser.get("/console/jh/terms");
    const gone = await landing(browser, await browser.post("/console/jh/terms/2030/12/delete", {}));
    expect(gone).toContain("2030-2031 学年第二学期已不存在");
  });
});

describe("the term calendar under concurrent edits", () => {
  it("never lets two overlapping terms in, from the console and the API at once", async () => {
    await clearTerms();
    const browser = await operatorBrowser("jh.terms.race", ["jh"]);
    await browser.get("/console/jh/terms");
    for (let round = 0; round < 5; round++) {
      const year = 2040 + round;
      const [fromConsole, fromApi] = await Promise.all([
        browser.post("/console/jh/terms", { year: String(year), term: "3", begin: `${year}-09-01`, end: `${year + 1}-01-15` }),
        admin("/terms", { year, term: 12, begin: `${year}-12-01`, end: `${year + 1}-06-30` }),
      ]);
      const saved = (await admin("/terms", {}, "GET")).body.terms.filter((t: { year: number }) => t.year === year);
      expect(saved).toHaveLength(1);
      const consoleWon = saved[0].term === 3;
      expect(fromApi.status).toBe(consoleWon ? 409 : 200);
      const shown = await landing(browser, fromConsole);
      expect(shown).toContain(consoleWon ? "已保存" : "的日期重叠，未保存");
    }
  });
});

describe("the message board in the console", () => {
  const board = (form: Record<string, string>) => api("msgboard", form);
  const since = (credit: string) => board({ method: "update", credit, time: "2000-01-01 00:00:00" });

  it("lists recent posts newest first with their state, hides and restores one, and clients follow", async () => {
    const author = await account("cb-author");
    const reader = await account("cb-reader");
    const posted: number[] = [];
    for (const content of ["第一条", "第二条", "要隐藏的", "作者删了的"]) {
      posted.push((await board({ method: "add", credit: author.credit, content })).body.data.id as number);
    }
    await board({ method: "addcomment", credit: reader.credit, id: String(posted[1]), content: "沙发" });
    await board({ method: "delete", credit: author.credit, id: String(posted[3]) });

    const browser = await operatorBrowser("jh.board", ["jh"]);
    const page = await browser.get("/console/jh/board");
    expect(page.status).toBe(200);
    const text = visibleText(page.html);
    expect(text).toContain(`${posted[3]} ${author.username} 作者删了的`);
    expect(text).toContain("作者已删除");
    expect(text).toContain(`${posted[1]} ${author.username} 第二条 1`);
    const order = posted.map((id) => text.indexOf(`${id} ${author.username}`));
    expect(order).toEqual([...order].sort((a, b) => b - a));
    expect(page.html).not.toContain(`/console/jh/board/${posted[3]}/hide`);

    const hidden = await landing(browser, await browser.post(`/console/jh/board/${posted[2]}/hide`, {}));
    expect(hidden).toContain(`已隐藏留言 ${posted[2]}，客户端下次刷新时不再显示`);
    expect(hidden).toContain("已隐藏（jh.board）");
    const seen = (await since(reader.credit)).body.data.content.find((p: any) => p.id === posted[2]);
    expect(seen).toMatchObject({ mark: 2, content: "" });
    expect((await board({ method: "addcomment", credit: reader.credit, id: String(posted[2]), content: "?" })).body).toEqual({
      code: 403,
      msg: "该留言不存在",
      data: null,
    });
    const twice = await landing(browser, await browser.post(`/console/jh/board/${posted[2]}/hide`, {}));
    expect(twice).toContain(`留言 ${posted[2]} 不存在或已隐藏`);

    const restored = await landing(browser, await browser.post(`/console/jh/board/${posted[2]}/restore`, {}));
    expect(restored).toContain(`已恢复留言 ${posted[2]}`);
    const back = (await since(reader.credit)).body.data.content.find((p: any) => p.id === posted[2]);
    expect(back).toMatchObject({ mark: 0, content: "要隐藏的" });
    const deletedStays = await landing(browser, await browser.post(`/console/jh/board/${posted[3]}/restore`, {}));
    expect(deletedStays).toContain(`留言 ${posted[3]} 不存在或未被隐藏`);
    expect((await since(reader.credit)).body.data.content.find((p: any) => p.id === posted[3]).mark).toBe(2);
  });

  it("pages back through older posts and shows who may moderate", async () => {
    const writer = await account("cb-pager");
    const ids: number[] = [];
    for (let i = 0; i < 22; i++) ids.push((await board({ method: "add", credit: writer.credit, content: `翻页${i}` })).body.data.id);
    await importUsers(
      { username: "board-mod", nickname: "版主", permission_msgboard: 1 },
      { username: "board-super", permission_msgboard: 2 },
    );
    const browser = await operatorBrowser("jh.board.pages", ["jh"]);
    const first = await browser.get("/console/jh/board");
    const listed = (html: string) => [...html.matchAll(/<td>(\d+)<\/td><td><a href="\/console\/jh\/users\//g)].map((m) => Number(m[1]));
    expect(listed(first.html).slice(0, 20)).toEqual(ids.slice(-20).reverse());
    const older = linkRel(first.html, "next");
    expect(older).toBe(`/console/jh/board?before=${ids.at(-20)}`);
    const second = await browser.get(older ?? "");
    expect(listed(second.html).slice(0, 2)).toEqual([ids[1], ids[0]]);
    const text = visibleText(first.html);
    expect(text).toContain("谁可以管理留言板");
    expect(text).toContain("board-super 同学 超级管理员");
    expect(text).toContain("board-mod 版主 管理员");
    expect(text.indexOf("board-super")).toBeLessThan(text.indexOf("board-mod 版主"));
    await browser.post("/console/jh/users/board-mod", { usertype: "COMMON", permission_msgboard: "0" });
    expect(visibleText((await browser.get("/console/jh/board")).html)).not.toContain("board-mod 版主");
  });

  it("is not open to an operator without the jh scope, and changes nothing for one", async () => {
    const author = await account("cb-guarded");
    const id = (await board({ method: "add", credit: author.credit, content: "守住" })).body.data.id;
    const browser = await operatorBrowser("jh.board.outsider", ["sports"]);
    expect((await browser.get("/console/jh/board")).status).toBe(403);
    await browser.get("/console");
    await browser.post(`/console/jh/board/${id}/hide`, {});
    expect((await since(author.credit)).body.data.content.find((p: any) => p.id === id)).toMatchObject({ mark: 0, content: "守住" });
  });
});
