import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import * as schema from "../src/db/schema";
import { jhBindings, jhUsers } from "../src/db/schema/jh";
import { unseal } from "../src/surfaces/jh/vault";
import { simJson } from "./helpers";
import { account, api, student, upstreamFault } from "./jh-helpers";

const db = drizzle(env.DB, { schema });
const refused = (msg: string, code = 403) => ({ code, msg, data: null });

async function bindState(credit: string) {
  const { body } = await api("getinfo", { credit, type: "bind" });
  return Object.fromEntries(body.data.map((b: any) => [b.bindname, [b.pid, b.state]]));
}
const rowsOf = async (username: string) => {
  const user = await db.query.jhUsers.findFirst({ where: eq(jhUsers.username, username) });
  return db.select().from(jhBindings).where(eq(jhBindings.userId, user!.id));
};

describe("bind jh", () => {
  it("binds the 精弘 passport and lists the bindings in the document's order", async () => {
    await student("201806061201", "jh-pass-1");
    const me = await account("binder");
    const initial = await api("getinfo", { credit: me.credit, type: "bind" });
    expect(initial.body).toEqual({
      code: 200,
      msg: "获取成功",
      data: ["jh", "lib", "zfedu", "ycedu", "card"].map((bindname) => ({ bindname, pid: null, state: 0 })),
    });
    const res = await api("bind", { credit: me.credit, bindname: "jh", pid: "201806061201", password: "jh-pass-1" });
    expect(res).toEqual({
      status: 200,
      body: { code: 200, msg: "绑定精弘账号成功", data: { pid: "201806061201", email: "201806061201@zjut.edu.cn", type: "学生" } },
    });
    const info = await api("getinfo", { credit: me.credit, type: "bind" });
    expect(info.body.data[0]).toEqual({ bindname: "jh", pid: "201806061201", state: 2 });
    expect(info.body.data.slice(1).every((b: any) => b.pid === null && b.state === 0)).toBe(true);
  });

  it("seals the password at rest, bound to its owner, and never returns it", async () => {
    await student("201806061202", "sealed-secret-pw");
    const me = await account("sealer");
    const res = await api("bind", { credit: me.credit, bindname: "jh", pid: "201806061202", password: "sealed-secret-pw" });
    expect(JSON.stringify(res.body)).not.toContain("sealed-secret-pw");
    const [row] = await rowsOf(me.username);
    expect(row.sealedPassword).toMatch(/^v1\./);
    expect(row.sealedPassword).not.toContain("sealed-secret-pw");
    expect(await unseal(env, { userId: row.userId, bindname: "jh", pid: row.pid }, row.sealedPassword)).toBe("sealed-secret-pw");
    expect(await unseal(env, { userId: row.userId + 1, bindname: "jh", pid: row.pid }, row.sealedPassword)).toBeNull();
    expect(await unseal(env, { userId: row.userId, bindname: "zfedu", pid: row.pid }, row.sealedPassword)).toBeNull();
    const base = await api("getinfo", { credit: me.credit, type: "base" });
    expect(JSON.stringify(base.body)).not.toContain("sealed-secret-pw");
  });

  it("sends parameters URL-encoded", async () => {
    await student("201806061203", "p&ss+w=rd 1%");
    const me = await account("encoder");
    const res = await api("bind", { credit: me.credit, bindname: "jh", pid: "201806061203", password: "p&ss+w=rd 1%" });
    expect(res.body.msg).toBe("绑定精弘账号成功");
  });

  it("answers the passport's refusals, and a failed attempt leaves an existing binding as it was", async () => {
    await student("201806061204", "right-pw");
    const me = await account("refused-binder");
    const bind = (form: Record<string, string>) => api("bind", { credit: me.credit, bindname: "jh", ...form });
    expect((await bind({ pid: "201806061204", password: "wrong-pw" })).body).toEqual(refused("绑定精弘账号失败"));
    expect((await bind({ pid: "209999999999", password: "x" })).body).toEqual(refused("绑定精弘账号失败"));
    expect((await bind({ pid: "", password: "x" })).body).toEqual(refused("学号或密码为空"));
    expect((await bind({ pid: "201806061204", password: "" })).body).toEqual(refused("学号或密码为空"));
    expect((await bind({ pid: "201806061204" })).body).toEqual(refused("无效的访问。", 400));
    expect((await bindState(me.credit)).jh).toEqual([null, 0]);

    expect((await bind({ pid: "201806061204", password: "right-pw" })).body.code).toBe(200);
    const before = await rowsOf(me.username);
    expect((await bind({ pid: "201806061204", password: "wrong-pw" })).body).toEqual(refused("绑定精弘账号失败"));
    expect((await bind({ pid: "209999999999", password: "x" })).body).toEqual(refused("绑定精弘账号失败"));
    expect(await rowsOf(me.username)).toEqual(before);
    expect((await bindState(me.credit)).jh).toEqual(["201806061204", 2]);
  });

  it("answers a slow, broken or garbled passport with 403 and a clear message, never hanging", async () => {
    await student("201806061205", "fault-pw");
    const me = await account("fault-binder");
    const bind = () => api("bind", { credit: me.credit, bindname: "jh", pid: "201806061205", password: "fault-pw" });
    await upstreamFault("passport", "timeout", 1, 3000);
    const started = Date.now();
    expect((await bind()).body).toEqual(refused("精弘用户中心服务器响应超时,请稍后再试"));
    expect(Date.now() - started).toBeLessThan(2500);
    await upstreamFault("passport", "http500");
    expect((await bind()).body).toEqual(refused("精弘用户中心服务器暂时无法访问,请稍后再试"));
    await upstreamFault("passport", "garbage");
    expect((await bind()).body).toEqual(refused("精弘用户中心服务器暂时无法访问,请稍后再试"));
    expect((await bindState(me.credit)).jh).toEqual([null, 0]);
    // A slow answer within the timeout is still an answer.
    await upstreamFault("passport", "timeout", 1, 50);
    expect((await bind()).body.msg).toBe("绑定精弘账号成功");
  });

  it("refuses a bad credit, the bindnames in development and unknown ones", async () => {
    const me = await account("other-binder");
    expect((await api("bind", { credit: "0123456789abcdef0123456789abcdef", bindname: "jh", pid: "1", password: "x" })).body).toEqual(
      refused("自动登录已失效,请重新登录"),
    );
    for (const bindname of ["lib", "card", "ycedu"]) {
      expect((await api("bind", { credit: me.credit, bindname, password: "x" })).body).toEqual(refused("绑定正在开发"));
    }
    expect((await api("bind", { credit: me.credit, bindname: "qq", password: "x" })).body).toEqual(refused("绑定类型错误", 402));
    expect((await api("bind", { credit: me.credit })).body).toEqual(refused("无效的访问。", 400));
  });
});

describe("bind jh: guessing", () => {
  const LOCKED = refused("密码错误次数过多,请15分钟后再试");
  const guess = async (pid: string, password: string, credit?: string) =>
    (await api("bind", { credit: credit ?? (await account("guesser")).credit, bindname: "jh", pid, password })).body;

  it("lets no more than five guesses at one student number reach the passport, from any number of accounts at once", async () => {
    await student("201806061501", "victim-pw");
    const accounts = await Promise.all(Array.from({ length: 12 }, (_, i) => account(`thief-${i}`)));
    const answers = await Promise.all(accounts.map((a, i) => guess("201806061501", `guess-${i}`, a.credit)));
    const wrong = answers.filter((b) => b.msg === "绑定精弘账号失败");
    expect(wrong.length).toBeLessThanOrEqual(5);
    expect(answers.filter((b) => b.msg === LOCKED.msg).length).toBe(answers.length - wrong.length);
    // Locked: even the right password is not tried, and nothing of the student's comes back.
    const hit = await guess("201806061501", "victim-pw", accounts[0].credit);
    expect(hit).toEqual(LOCKED);
    expect(JSON.stringify(hit)).not.toContain("@zjut.edu.cn");
    const rows = await db.select().from(jhBindings).where(eq(jhBindings.pid, "201806061501"));
    expect(rows).toEqual([]);
  });

  it("counts a student number however it is written", async () => {
    await student("201806061502", "victim-pw-2");
    const answers = [];
    for (const pid of ["201806061502", " 201806061502", "２０１８０６０６１５０２", "201806061502 ", "201806061502", "201806061502"])
      answers.push(await guess(pid, "wrong"));
    expect(answers.at(-1)).toEqual(LOCKED);
  });

  it("lets one account make no more than five bind attempts in the window, whatever student numbers it tries", async () => {
    const me = await account("sprayer");
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await guess(`20180606160${i}`, "123456", me.credit));
    expect(answers.slice(0, 5).every((b) => b.msg === "绑定精弘账号失败")).toBe(true);
    expect(answers.slice(5)).toEqual([LOCKED, LOCKED]);
    await student("201806061609", "own-pw");
    expect(await guess("201806061609", "own-pw", me.credit)).toEqual(LOCKED);
  });

  it("answers an unknown student number and a wrong password alike", async () => {
    await student("201806061701", "known-pw");
    expect(await guess("201806061701", "wrong")).toEqual(await guess("209999999998", "wrong"));
  });

  it("moves a student number to the account that proves its password; the other account must bind again", async () => {
    await student("201806061801", "jh-801", "zf-801");
    const first = await account("first-owner");
    const second = await account("second-owner");
    expect((await guess("201806061801", "jh-801", first.credit)).msg).toBe("绑定精弘账号成功");
    expect((await api("bind", { credit: first.credit, bindname: "zfedu", password: "zf-801" })).body.msg).toBe("绑定正方成功");
    expect((await guess("201806061801", "jh-801", second.credit)).msg).toBe("绑定精弘账号成功");
    expect(await bindState(second.credit)).toMatchObject({ jh: ["201806061801", 2] });
    expect(await bindState(first.credit)).toMatchObject({ jh: ["201806061801", 1], zfedu: [null, 1] });
    // The first account keeps no usable copy of the password: 正方 asks it to bind jh again.
    expect((await api("bind", { credit: first.credit, bindname: "zfedu", password: "zf-801" })).body).toEqual(
      refused("请重新绑定精弘账号"),
    );
    expect(await bindState(first.credit)).toMatchObject({ jh: ["201806061801", 1] });
    const valid = await db.select().from(jhBindings).where(eq(jhBindings.pid, "201806061801"));
    expect(valid.filter((r) => r.bindname === "jh" && r.state === 2).map((r) => r.userId)).toHaveLength(1);
  });
});

describe("bind zfedu", () => {
  it("needs a jh binding, then binds 正方 with the student number", async () => {
    await student("201806061301", "jh-301", "zf-301");
    const me = await account("zf-binder");
    const zf = (password: string) => api("bind", { credit: me.credit, bindname: "zfedu", password });
    expect((await zf("zf-301")).body).toEqual(refused("你还没有绑定精弘账号"));
    await api("bind", { credit: me.credit, bindname: "jh", pid: "201806061301", password: "jh-301" });
    expect((await zf("")).body).toEqual(refused("密码为空"));
    expect((await api("bind", { credit: me.credit, bindname: "zfedu" })).body).toEqual(refused("无效的访问。", 400));
    expect((await zf("wrong")).body).toEqual(refused("绑定正方失败"));
    expect((await bindState(me.credit)).zfedu).toEqual([null, 0]);
    expect((await zf("zf-301")).body).toEqual({ code: 200, msg: "绑定正方成功", data: null });
    expect(await bindState(me.credit)).toMatchObject({ jh: ["201806061301", 2], zfedu: [null, 2] });
    // A failed attempt leaves the 正方 binding as it was.
    expect((await zf("wrong")).body).toEqual(refused("绑定正方失败"));
    expect((await bindState(me.credit)).zfedu).toEqual([null, 2]);
    const zfRow = (await rowsOf(me.username)).find((r) => r.bindname === "zfedu")!;
    expect(await unseal(env, { userId: zfRow.userId, bindname: "zfedu", pid: "201806061301" }, zfRow.sealedPassword)).toBe("zf-301");
  });

  it("re-checks the jh binding: a refused re-check makes it state 1 and asks to bind again", async () => {
    await student("201806061302", "jh-302", "zf-302");
    const me = await account("rechecker");
    await api("bind", { credit: me.credit, bindname: "jh", pid: "201806061302", password: "jh-302" });
    await student("201806061302", "changed-302", "zf-302");
    expect((await api("bind", { credit: me.credit, bindname: "zfedu", password: "zf-302" })).body).toEqual(refused("请重新绑定精弘账号"));
    expect((await bindState(me.credit)).jh).toEqual(["201806061302", 1]);
    expect((await bindState(me.credit)).zfedu).toEqual([null, 0]);
    await api("bind", { credit: me.credit, bindname: "jh", pid: "201806061302", password: "changed-302" });
    expect((await api("bind", { credit: me.credit, bindname: "zfedu", password: "zf-302" })).body.code).toBe(200);
  });

  it("marks 正方 no longer valid when jh is bound to another student number", async () => {
    await student("201806061303", "jh-303", "zf-303");
    await student("201806061304", "jh-304", "zf-304");
    const me = await account("switcher");
    await api("bind", { credit: me.credit, bindname: "jh", pid: "201806061303", password: "jh-303" });
    await api("bind", { credit: me.credit, bindname: "zfedu", password: "zf-303" });
    await api("bind", { credit: me.credit, bindname: "jh", pid: "201806061304", password: "jh-304" });
    expect(await bindState(me.credit)).toMatchObject({ jh: ["201806061304", 2], zfedu: [null, 1] });
  });

  it("answers a slow or broken upstream with 403 and changes nothing", async () => {
    await student("201806061305", "jh-305", "zf-305");
    const me = await account("zf-faults");
    await api("bind", { credit: me.credit, bindname: "jh", pid: "201806061305", password: "jh-305" });
    const zf = () => api("bind", { credit: me.credit, bindname: "zfedu", password: "zf-305" });
    await upstreamFault("zf", "timeout");
    expect((await zf()).body).toEqual(refused("正方教务服务器响应超时,请稍后再试"));
    await upstreamFault("zf", "http500");
    expect((await zf()).body).toEqual(refused("正方教务服务器暂时无法访问,请稍后再试"));
    await upstreamFault("zf", "garbage");
    expect((await zf()).body).toEqual(refused("正方教务服务器暂时无法访问,请稍后再试"));
    await upstreamFault("passport", "timeout");
    expect((await zf()).body).toEqual(refused("精弘用户中心服务器响应超时,请稍后再试"));
    expect(await bindState(me.credit)).toMatchObject({ jh: ["201806061305", 2], zfedu: [null, 0] });
    expect((await zf()).body.code).toBe(200);
  });
});

describe("the upstream simulator", () => {
  it("speaks the passport's and 正方's own replies", async () => {
    await student("201806061401", "sim-pw", "sim-zf");
    const login = (query: string) => simJson(`/jh/passport/api.php?${query}`);
    expect((await login("app=passport&action=login&passport=201806061401&password=sim-pw")).body).toEqual({
      state: "success",
      info: "登录成功",
      data: { pid: "201806061401", email: "201806061401@zjut.edu.cn", type: "学生" },
    });
    expect((await login("app=passport&action=login&passport=201806061401&password=x")).body).toMatchObject({
      state: "error",
      info: "密码不正确",
    });
    expect((await login("app=passport&action=login&passport=1&password=x")).body).toMatchObject({ state: "error", info: "用户不存在" });
    const zf = await simJson("/jh/zf/student/classZf.php?username=201806061401&password=sim-zf&year=2026&term=3");
    expect(zf.body.status).toBe("success");
    expect(zf.body.msg[0].kcmc).toBeTruthy();
    const bad = await simJson("/jh/zf/student/classZf.php?username=201806061401&password=x&year=2026&term=3");
    expect(bad.body).toEqual({ status: "error", msg: "用户名或密码错误" });
  });
});
