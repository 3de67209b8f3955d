import { env } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import { code2session } from "../src/platform/wechat/client";
import { WechatError } from "../src/platform/wechat/errors";
import { getJson, simJson, wxCode } from "./helpers";
import { account, api, student } from "./jh-helpers";
import { lib, libraryUser } from "./library-helpers";
import { get as summerGet } from "./summer-helpers";

/**
 * Upstreams that answer their headers and then trickle the body, or stream without end: every upstream call
 * gives up within its timeout, reads no more than its cap, and answers with the surface's own error.
 */
const jhFault = (target: "passport" | "zf", kind: "trickle" | "huge") => simJson("/jh/faults", { target, kind, count: 1 });
const alephFault = (op: string, kind: "trickle" | "huge") => simJson("/aleph/faults", { op, kind, count: 1 });
const wechatFault = (kind: "trickle" | "huge") => simJson("/wechat/faults", { path: "/sns/jscode2session", kind, errcode: -1, count: 1 });

async function timed<T>(call: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await call();
  return { value, ms: Date.now() - started };
}

describe("an upstream that trickles or will not stop", () => {
  // An unexpected fault is logged as "unhandled error" (and answered as the surface's internal error).
  let logged: MockInstance<typeof console.error>;
  beforeEach(() => {
    logged = vi.spyOn(console, "error");
  });
  afterEach(() => {
    const unhandled = logged.mock.calls.filter((args) => String(args[0]).includes("unhandled error"));
    logged.mockRestore();
    expect(unhandled).toEqual([]);
  });

  it("精弘 bind: a trickling passport is its 403 timeout message, an endless one its 403 down message; nothing bound", async () => {
    await student("201806061901", "trickle-pw");
    const me = await account("trickled");
    const bind = () => api("bind", { credit: me.credit, bindname: "jh", pid: "201806061901", password: "trickle-pw" });
    await jhFault("passport", "trickle");
    const slow = await timed(bind);
    expect(slow.value.body).toEqual({ code: 403, msg: "精弘用户中心服务器响应超时,请稍后再试", data: null });
    expect(slow.ms).toBeLessThan(2500);
    await jhFault("passport", "huge");
    expect((await bind()).body).toEqual({ code: 403, msg: "精弘用户中心服务器暂时无法访问,请稍后再试", data: null });
    const info = await api("getinfo", { credit: me.credit, type: "bind" });
    expect(info.body.data[0]).toEqual({ bindname: "jh", pid: null, state: 0 });
    expect((await bind()).body.msg).toBe("绑定精弘账号成功");
  });

  it("the library system: trickling or endless replies are status 3", async () => {
    const u = await libraryUser("lib-trickle", 21);
    for (const kind of ["trickle", "huge"] as const) {
      await alephFault("bor-info", kind);
      const { value, ms } = await timed(() => lib("/libuser/borrow_info", { session: u.session }));
      expect(value.body, kind).toEqual({ status: 3, err_msg: "SERVER_NETWORK_ERROR", session: expect.any(String) });
      expect(ms).toBeLessThan(2500);
    }
    expect((await lib("/libuser/borrow_info", { session: u.session })).body.status).toBe(0);
  });

  // WeChat's calls have the platform's 8 s timeout: this test waits for it once.
  it("WeChat: the client throws its own network WechatError, whatever the body does", async () => {
    const app = { appid: "wx-trickle-test", secret: "secret" };
    for (const kind of ["huge", "trickle"] as const) {
      await wechatFault(kind);
      const failure = await code2session(env, app, "any-code").then(
        () => null,
        (err: unknown) => err,
      );
      expect(failure, kind).toBeInstanceOf(WechatError);
      expect(failure).toMatchObject({ errcode: -1, network: true });
    }
  });

  it("WeChat answering 32 MiB: library login answers status 3 (WeChat unreachable), summer login and sports signup their upstream errors, not a 500", async () => {
    await wechatFault("huge");
    expect((await lib("/user/login", { code: await wxCode("lib-trickle-login") })).body).toEqual({
      status: 3,
      err_msg: "SERVER_NETWORK_ERROR",
    });
    await wechatFault("huge");
    const summer = await summerGet(`/auth/user/check_account/?code=${await wxCode("summer-trickle")}`);
    expect(summer.status).toBe(200);
    expect(summer.body.code).toBe(502);
    await wechatFault("huge");
    const sports = await getJson(`/sports/user/signup?code=${await wxCode("sports-trickle", "wx-sports-demo")}`);
    expect(sports.status).toBe(200);
    expect(JSON.stringify(sports.body)).not.toContain("internal");
  });
});
