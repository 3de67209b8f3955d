import { env, SELF } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { summerUsers } from "../src/db/schema";
import { issueToken } from "../src/platform/tokens";
import { ADMIN, BASE, getJson, postJson, simJson, wxCode } from "./helpers";
import { advisor, api, db, get, post, staff, student } from "./summer-helpers";

beforeAll(async () => {
  await advisor("zhangsan");
  await advisor("lisi");
});

describe("student login (check_account)", () => {
  it("creates the student on first login, assigns an advisor and hands out a ticket as body and cookie", async () => {
    const code = await wxCode("o-auth-first");
    const res = await SELF.fetch(`${BASE}/summer/auth/user/check_account/?code=${code}`);
    const body = (await res.json()) as any;
    expect(res.status).toBe(200);
    expect(body).toMatchObject({
      code: 0,
      msg: "请求成功",
      field_name: "",
      data: { need_complete_student_info: true, valid_sales_man: false },
    });
    expect(body.data.user_id).toBeGreaterThan(0);
    expect(res.headers.get("set-cookie")).toContain(`ticket=${body.data.ticket}`);
    const [user] = await db.select().from(summerUsers).where(eq(summerUsers.id, body.data.user_id));
    expect(user.role).toBe("STUDENT");
    const info = await get(`/auth/user/info/${body.data.user_id}/`, body.data.ticket);
    expect(info.body.data.sales_man.name).toMatch(/zhangsan|lisi/);
  });

  it("finds the same student on the next login, with the same advisor", async () => {
    const first = await student("o-auth-again");
    const a = await get(`/auth/user/${first.id}/sales_man/`, first.ticket);
    const second = await student("o-auth-again");
    expect(second.id).toBe(first.id);
    expect(second.ticket).not.toBe(first.ticket);
    const b = await get(`/auth/user/${second.id}/sales_man/`, second.ticket);
    expect(b.body.data.id).toBe(a.body.data.id);
  });

  it("spreads new students over the advisors", async () => {
    const ids = [];
    for (const n of [1, 2, 3, 4]) {
      const s = await student(`o-spread-${n}`);
      ids.push((await get(`/auth/user/${s.id}/sales_man/`, s.ticket)).body.data.id);
    }
    expect(new Set(ids).size).toBe(2);
  });

  it("refuses a missing, unknown or used code", async () => {
    expect((await get("/auth/user/check_account/")).body).toEqual({ code: 400, msg: "该字段是必填项。", data: {}, field_name: "code" });
    expect((await get("/auth/user/check_account/?code=nope")).body).toMatchObject({
      code: 400,
      msg: "无效的code值, 微信网页认证失败",
      field_name: "code",
    });
    const code = await wxCode("o-auth-used");
    expect((await get(`/auth/user/check_account/?code=${code}`)).body.code).toBe(0);
    expect((await get(`/auth/user/check_account/?code=${code}`)).body.code).toBe(400);
  });

  it("answers WeChat being unreachable in the envelope", async () => {
    await simJson("/wechat/faults", { path: "/sns/jscode2session", errcode: -1, count: 1 });
    const code = await wxCode("o-auth-busy");
    const res = await get(`/auth/user/check_account/?code=${code}`);
    expect(res.status).toBe(200);
    expect(res.body.code).toBe(502);
  });

  it("takes Official Account web-OAuth codes when SUMMER_LOGIN_MODE=oauth", async () => {
    const app = createApp();
    const oauthEnv = { ...env, SUMMER_LOGIN_MODE: "oauth" };
    const mint = await simJson("/wechat/oauth/code").catch(() => null);
    expect(mint?.status).not.toBe(200); // minting is POST only
    const { body: minted } = await simJson("/wechat/oauth/code", {
      openid: "o-web-1",
      nickname: "小明",
      headimgurl: "https://img.test/a.png",
    });
    const res = await app.fetch(new Request(`${BASE}/summer/auth/user/check_account/?code=${minted.code}`), oauthEnv);
    const body = (await res.json()) as any;
    expect(body.code).toBe(0);
    const info = await get(`/auth/user/info/${body.data.user_id}/`, body.data.ticket);
    expect(info.body.data.headimgurl).toBe("https://img.test/a.png");
    // The code is single use (40163).
    const again = await app.fetch(new Request(`${BASE}/summer/auth/user/check_account/?code=${minted.code}`), oauthEnv);
    expect(((await again.json()) as any).msg).toBe("无效的code值, 微信网页认证失败");
  });
});

describe("check_account takes either kind of code, whatever SUMMER_LOGIN_MODE says", () => {
  const upstreamCalls = async () => (await simJson("/requests")).body.count as number;
  const oauthCode = async (openid: string, extra: Record<string, string> = {}) =>
    (await simJson("/wechat/oauth/code", { openid, ...extra })).body.code as string;
  const checkAccount = async (code: string, mode?: "oauth" | "miniprogram") => {
    const url = `${BASE}/summer/auth/user/check_account/?code=${code}`;
    const res = mode ? await createApp().fetch(new Request(url), { ...env, SUMMER_LOGIN_MODE: mode }) : await SELF.fetch(url);
    return (await res.json()) as any;
  };
  const REFUSED = { code: 400, msg: "无效的code值, 微信网页认证失败", data: {}, field_name: "code" };

  it("logs the original web client in with an Official Account code under the default (mini-program) mode", async () => {
    const code = await oauthCode("o-either-web", { nickname: "小红", headimgurl: "https://img.test/either.png" });
    const before = await upstreamCalls();
    const body = await checkAccount(code);
    // jscode2session refuses it as unknown (40029), then sns/oauth2/access_token and sns/userinfo.
    expect(await upstreamCalls()).toBe(before + 3);
    expect(body).toMatchObject({ code: 0, data: { need_complete_student_info: true, valid_sales_man: false } });
    const info = await get(`/auth/user/info/${body.data.user_id}/`, body.data.ticket);
    expect(info.body.data.headimgurl).toBe("https://img.test/either.png");
    // The same person by a mini-program code is the same student.
    expect((await checkAccount(await wxCode("o-either-web"))).data.user_id).toBe(body.data.user_id);
  });

  it("logs a mini-program client in under SUMMER_LOGIN_MODE=oauth", async () => {
    const first = await checkAccount(await wxCode("o-either-mini"));
    const before = await upstreamCalls();
    const body = await checkAccount(await wxCode("o-either-mini"), "oauth");
    expect(await upstreamCalls()).toBe(before + 2);
    expect(body).toMatchObject({ code: 0, data: { user_id: first.data.user_id } });
  });

  it("tries the configured kind first: a code of that kind costs one call", async () => {
    let before = await upstreamCalls();
    expect((await checkAccount(await wxCode("o-either-first"))).code).toBe(0);
    expect(await upstreamCalls()).toBe(before + 1);
    const code = await oauthCode("o-either-first-web");
    before = await upstreamCalls();
    expect((await checkAccount(code, "oauth")).code).toBe(0);
    expect(await upstreamCalls()).toBe(before + 2);
  });

  it("refuses a code neither kind knows after one extra call, and a used code without one", async () => {
    let before = await upstreamCalls();
    expect(await checkAccount("made-up-code")).toEqual(REFUSED);
    expect(await upstreamCalls()).toBe(before + 2);
    before = await upstreamCalls();
    expect(await checkAccount("made-up-code", "oauth")).toEqual(REFUSED);
    expect(await upstreamCalls()).toBe(before + 2);

    // An Official Account code already used is refused as such (40163): the other kind is not asked.
    const used = await oauthCode("o-either-used");
    expect((await checkAccount(used, "oauth")).code).toBe(0);
    before = await upstreamCalls();
    expect(await checkAccount(used, "oauth")).toEqual(REFUSED);
    expect(await upstreamCalls()).toBe(before + 1);
    before = await upstreamCalls();
    expect(await checkAccount(used)).toEqual(REFUSED);
    expect(await upstreamCalls()).toBe(before + 2);
  });

  it("does not try the other kind when WeChat is unreachable or refuses for another reason", async () => {
    await simJson("/wechat/faults", { path: "/sns/jscode2session", errcode: -1, count: 1 });
    let before = await upstreamCalls();
    expect((await checkAccount(await oauthCode("o-either-busy"))).code).toBe(502);
    expect(await upstreamCalls()).toBe(before + 1);
    await simJson("/wechat/faults", { path: "/sns/oauth2/access_token", errcode: 40013, count: 1 });
    before = await upstreamCalls();
    expect(await checkAccount(await wxCode("o-either-appid"), "oauth")).toEqual(REFUSED);
    expect(await upstreamCalls()).toBe(before + 1);
  });
});

describe("check_user_info", () => {
  it("answers need_complete_stu_info (the original server's name) beside need_complete_student_info", async () => {
    const s = await student("o-stu-info");
    const before = (await get("/auth/user/check_user_info/", s.ticket)).body.data;
    expect(before).toMatchObject({ need_complete_student_info: true, need_complete_stu_info: true });
    await api("PATCH", `/auth/user/info/${s.id}/`, s.ticket, {
      json: { name: "小刚", email: "xg@example.test", wechat: "xg-wx", wcountry: [], wcampus: [] },
    });
    const after = (await get("/auth/user/check_user_info/", s.ticket)).body.data;
    expect(after.need_complete_stu_info).toBe(after.need_complete_student_info);
  });
});

describe("the WeChat OAuth simulator", () => {
  it("speaks sns/oauth2/access_token and sns/userinfo with WeChat's errcodes", async () => {
    const { body: minted } = await simJson("/wechat/oauth/code", { openid: "o-sim-oauth", unionid: "u-1" });
    const q = `appid=wx-summer-demo&secret=s&code=${minted.code}&grant_type=authorization_code`;
    const token = (await simJson(`/wechat/sns/oauth2/access_token?${q}`)).body;
    expect(token).toMatchObject({ openid: "o-sim-oauth", scope: "snsapi_userinfo", expires_in: 7200, unionid: "u-1" });
    expect((await simJson(`/wechat/sns/oauth2/access_token?${q}`)).body.errcode).toBe(40163);
    expect((await simJson(`/wechat/sns/oauth2/access_token?${q.replace(minted.code, "zzz")}`)).body.errcode).toBe(40029);
    const info = (await simJson(`/wechat/sns/userinfo?access_token=${token.access_token}&openid=o-sim-oauth&lang=zh_CN`)).body;
    expect(info).toMatchObject({ openid: "o-sim-oauth", unionid: "u-1" });
    expect((await simJson(`/wechat/sns/userinfo?access_token=bad&openid=o-sim-oauth`)).body.errcode).toBe(40001);
    expect((await simJson(`/wechat/sns/userinfo?access_token=${token.access_token}&openid=other`)).body.errcode).toBe(40003);
  });
});

describe("tickets", () => {
  it("travel as Bearer, ?ticket= or the ticket cookie", async () => {
    const s = await student("o-ticket-ways");
    const path = `/summer/auth/user/check_user_info/`;
    const ways: { url: string; headers: Record<string, string> }[] = [
      { url: `${BASE}${path}`, headers: { authorization: `Bearer ${s.ticket}` } },
      { url: `${BASE}${path}?ticket=${s.ticket}`, headers: {} },
      { url: `${BASE}${path}`, headers: { cookie: `ticket=${s.ticket}` } },
    ];
    for (const init of ways) {
      const body = (await (await SELF.fetch(init.url, { headers: init.headers })).json()) as any;
      expect(body.data).toEqual({ need_complete_student_info: true, need_complete_stu_info: true, valid_sales_man: false, user_id: s.id });
    }
  });

  it("answer exactly {code: 401, msg: 未登陆} when missing, unknown or expired, over HTTP 200", async () => {
    const s = await student("o-ticket-expired");
    const expired = await issueToken(db, env.SESSION_SECRET as string, "summer", String(s.id), {
      ttlSeconds: 60,
      now: Date.now() - 120_000,
    });
    for (const ticket of [undefined, "TK-not-a-ticket", expired.token]) {
      const res = await get("/auth/user/check_user_info/", ticket);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ code: 401, msg: "未登陆" });
    }
    // A ticket of another surface is not a summer ticket.
    const other = await issueToken(db, env.SESSION_SECRET as string, "service", String(s.id), { ttlSeconds: 60 });
    expect((await get("/common/global_enums/", other.token)).body).toEqual({ code: 401, msg: "未登陆" });
  });

  it("stop working after logout", async () => {
    const s = await student("o-ticket-logout");
    const out = await api("PUT", "/auth/user/logout/", s.ticket);
    expect(out.body).toEqual({ code: 0, msg: "退出登录成功", data: {}, field_name: "" });
    expect((await get("/auth/user/check_user_info/", s.ticket)).body).toEqual({ code: 401, msg: "未登陆" });
    expect((await post("/auth/user/logout/", s.ticket, {})).body.code).toBe(401);
  });

  it("last 24 hours by default", async () => {
    const s = await student("o-ticket-ttl");
    const row = await db.query.sessions.findFirst({ where: (t, { and, eq }) => and(eq(t.surface, "summer"), eq(t.subject, String(s.id))) });
    expect(row!.expiresAt! - row!.createdAt).toBe(86_400_000);
  });
});

describe("staff login", () => {
  it("returns the ticket and role", async () => {
    const market = await staff("MARKET", "market-login");
    const res = await post("/auth/user/login/", null, { username: "market-login", password: "secret-pass" });
    expect(res.body).toMatchObject({ code: 0, msg: "登录成功", data: { user_id: market.id, role: "MARKET" } });
    expect(res.headers.get("set-cookie")).toContain("ticket=");
    expect((await get("/auth/user/check_user_info/", res.body.data.ticket)).body.data).toEqual({
      need_complete_student_info: false,
      need_complete_stu_info: false,
      valid_sales_man: false,
      user_id: market.id,
    });
  });

  it("refuses a wrong password or an unknown name alike, and short fields", async () => {
    await staff("PRODUCT", "product-login");
    const wrong = await post("/auth/user/login/", null, { username: "product-login", password: "wrong-pass" });
    expect(wrong.body).toEqual({ code: 400, msg: "用户名或密码错误", data: {}, field_name: "non_field_errors" });
    const unknown = await post("/auth/user/login/", null, { username: "nobody-here", password: "whatever1" });
    expect(unknown.body).toEqual(wrong.body);
    const short = await post("/auth/user/login/", null, { username: "abc", password: "whatever1" });
    expect(short.body).toMatchObject({ code: 400, field_name: "username" });
    // Form bodies work too.
    const form = await api("POST", "/auth/user/login/", null, { form: { username: "product-login", password: "secret-pass" } });
    expect(form.body.data.role).toBe("PRODUCT");
  });

  it("locks the account after repeated failures (SUMMER_LOGIN_MAX_FAILURES=3 in the tests)", async () => {
    await staff("FINANCE", "finance-lock");
    for (let i = 0; i < 3; i++)
      expect((await post("/auth/user/login/", null, { username: "finance-lock", password: "bad-pass" })).body.msg).toBe("用户名或密码错误");
    const locked = await post("/auth/user/login/", null, { username: "finance-lock", password: "secret-pass" });
    expect(locked.body.code).toBe(400);
    expect(locked.body.msg).toMatch(/^登录失败次数过多/);
    await db
      .update(summerUsers)
      .set({ lockedUntil: Date.now() - 1 })
      .where(eq(summerUsers.username, "finance-lock"));
    expect((await post("/auth/user/login/", null, { username: "finance-lock", password: "secret-pass" })).body.code).toBe(0);
  });

  it("refuses a disabled account, and its tickets stop working", async () => {
    const a = await staff("ADMIN", "admin-disabled");
    await db.update(summerUsers).set({ isActive: false }).where(eq(summerUsers.id, a.id));
    expect((await post("/auth/user/login/", null, { username: "admin-disabled", password: "secret-pass" })).body.msg).toBe(
      "该用户已被禁用",
    );
    expect((await get("/common/global_enums/", a.ticket)).body).toEqual({ code: 401, msg: "未登陆" });
  });

  it("is not open to students (they have no password)", async () => {
    const s = await student("o-student-login");
    const res = await post("/auth/user/login/", null, { username: s.openid, password: "anything1" });
    expect(res.body.msg).toBe("用户名或密码错误");
  });
});

describe("operators create staff", () => {
  it("with the operators' token, PBKDF2 hashed, names unique", async () => {
    const res = await postJson(
      "/admin/summer/staff",
      { username: "ops-created", password: "pass-123", role: "FINANCE", name: "钱多多" },
      ADMIN,
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ username: "ops-created", role: "FINANCE", name: "钱多多" });
    const [row] = await db.select().from(summerUsers).where(eq(summerUsers.username, "ops-created"));
    expect(row.passwordHash).toMatch(/^pbkdf2-sha256\$100000\$/);
    expect((await postJson("/admin/summer/staff", { username: "ops-created", password: "pass-123", role: "ADMIN" }, ADMIN)).status).toBe(
      409,
    );
    expect((await postJson("/admin/summer/staff", { username: "ops-student", password: "pass-123", role: "STUDENT" }, ADMIN)).status).toBe(
      400,
    );
    expect((await postJson("/admin/summer/staff", { username: "ops-other", password: "pass-123", role: "ADMIN" })).status).toBe(401);
  });
});

describe("global_enums", () => {
  it("lists every enum of the original with its values in order", async () => {
    const s = await student("o-enums");
    const { body } = await get("/common/global_enums/", s.ticket);
    expect(Object.keys(body.data)).toEqual([
      "account_payment",
      "account_currency",
      "user_info_gender",
      "order_payment",
      "order_currency",
      "order_status",
      "user_status",
      "project_result",
      "user_course_status",
      "coupon_status",
      "user_role",
      "campus_country",
    ]);
    expect(body.data.account_payment).toEqual([
      { key: "ALI_PAY", verbose: "支付宝转账" },
      { key: "PAY_PAL", verbose: "PAY_PAL转账" },
      { key: "BANK", verbose: "银行转账" },
    ]);
    expect(body.data.order_status.map((e: any) => e.key)).toEqual(["CANCELED", "TO_PAY", "TO_CONFIRM", "CONFIRMED", "CONFIRM_FAILED"]);
    expect(body.data.user_course_status.map((e: any) => e.verbose)).toEqual(["待上传", "待审核", "通过", "不通过"]);
    expect(body.data.user_role.map((e: any) => e.key)).toEqual(["STUDENT", "ADMIN", "MARKET", "PRODUCT", "FINANCE"]);
    expect((await get("/common/global_enums/")).body).toEqual({ code: 401, msg: "未登陆" });
  });

  it("answers a path nobody serves with 404 in the envelope", async () => {
    const s = await student("o-404");
    expect(await get("/no/such/path/", s.ticket)).toMatchObject({ status: 200, body: { code: 404, msg: "请求失败" } });
  });
});

describe("every route but the logins", () => {
  it("answers exactly {code: 401, msg: 未登陆} without a ticket, over HTTP 200", async () => {
    const routes = createApp()
      .routes.filter((r) => r.path.startsWith("/summer/") && r.method !== "ALL")
      .map((r) => ({ method: r.method, path: r.path.replace(/:(\w+)(\{[^}]*\})?/g, "1") }));
    const open = ["/summer/auth/user/check_account", "/summer/auth/user/login", "/summer/auth/user/assign_sales_man"];
    const guarded = routes.filter((r) => !open.includes(r.path));
    expect(guarded.length).toBeGreaterThan(50);
    for (const { method, path } of guarded) {
      const res = await SELF.fetch(`${BASE}${path}/`, {
        method,
        headers: { "content-type": "application/json" },
        body: method === "GET" ? undefined : "{}",
      });
      expect(res.status, `${method} ${path}`).toBe(200);
      expect(await res.json(), `${method} ${path}`).toEqual({ code: 401, msg: "未登陆" });
    }
  });
});

describe("/openapi.json", () => {
  it("describes the summer routes with their parameters and the envelope", async () => {
    const { body } = await getJson("/openapi.json");
    const op = (path: string, method: string) => (body.paths[path] ?? body.paths[`${path}/`])?.[method];
    const payment = op("/summer/order/order_payment", "post");
    expect(payment.requestBody.content["application/json"].schema.required).toEqual(
      expect.arrayContaining(["order", "img", "coupon_list", "amount"]),
    );
    expect(payment.responses["200"].content["application/json"].schema.properties).toHaveProperty("field_name");
    expect(op("/summer/course/{course_id}", "patch").requestBody.content).toHaveProperty("multipart/form-data");
    expect(op("/summer/auth/user/check_account", "get").parameters.map((p: any) => p.name)).toContain("code");
    expect(op("/admin/summer/staff", "post").security).toEqual([{ operatorToken: [] }]);
  });
});
