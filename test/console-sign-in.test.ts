import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import seed from "../tools/seed/console.sql?raw";
import { ConsoleBrowser, operator, operatorBrowser, visibleText } from "./console-helpers";
import { ADMIN, BASE, getJson, postJson } from "./helpers";
import { staff } from "./summer-helpers";

const countOperators = async () => (await env.DB.prepare("SELECT count(*) AS n FROM console_operators").first<{ n: number }>())?.n ?? 0;

describe("operator accounts (ADMIN_TOKEN API)", () => {
  it("creates an operator with its scopes and never shows the password hash", async () => {
    const created = await postJson(
      "/admin/operators",
      { username: "ops.alice", password: "long-password", scopes: ["sports", "library"] },
      ADMIN,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: "ops.alice", scopes: ["sports", "library"], disabled: false });
    const again = await postJson("/admin/operators", { username: "ops.alice", password: "long-password", scopes: ["sports"] }, ADMIN);
    expect(again.status).toBe(409);
    const list = await getJson("/admin/operators", ADMIN);
    expect(JSON.stringify(list.body)).not.toContain("pbkdf2");
    const bad = await postJson("/admin/operators", { username: "x", password: "short", scopes: ["nope"] }, ADMIN);
    expect(bad.status).toBe(400);
    expect((await postJson("/admin/operators", { username: "ops.nobody", password: "long-password", scopes: [] })).status).toBe(401);
  });

  it("changes an operator's scopes and refuses an unknown operator or a bad scope, changing nothing", async () => {
    const created = await postJson("/admin/operators", { username: "ops.kate", password: "long-password", scopes: ["sports"] }, ADMIN);
    const id = (created.body as { id: number }).id;
    const patch = (path: string, body: unknown) =>
      SELF.fetch(`${BASE}${path}`, {
        method: "PATCH",
        headers: { ...ADMIN, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const changed = await patch(`/admin/operators/${id}`, { scopes: ["library", "reminders"] });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ username: "ops.kate", scopes: ["library", "reminders"] });
    expect((await patch("/admin/operators/999999", { disabled: true })).status).toBe(404);
    expect((await patch(`/admin/operators/${id}`, { scopes: ["everything"] })).status).toBe(400);
    const list = await getJson("/admin/operators?limit=100", ADMIN);
    const kate = (list.body as { operators: { username: string; scopes: string[] }[] }).operators.find((o) => o.username === "ops.kate");
    expect(kate?.scopes).toEqual(["library", "reminders"]);
  });
});

describe("console sign-in", () => {
  it("sends a signed-out visitor to the sign-in page", async () => {
    const page = await new ConsoleBrowser().get("/console/sports");
    expect(page.status).toBe(303);
    expect(page.location).toBe("/console/login?next=%2Fconsole%2Fsports");
  });

  it("signs an operator in with an HttpOnly, SameSite=Strict, Secure cookie and shows only its areas", async () => {
    await operator("ops.bob", ["sports", "reminders"]);
    const browser = new ConsoleBrowser();
    const login = await browser.get("/console/login");
    expect(login.status).toBe(200);
    expect(login.html).toContain("<label>用户名");
    const res = await browser.post("/console/login", {
      kind: "operator",
      username: "ops.bob",
      password: "operator-pass-1",
      next: "/console",
    });
    expect(res.status).toBe(303);
    expect(res.location).toBe("/console");
    const cookie = res.headers.getSetCookie().find((line) => line.startsWith("ce_console="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/Path=\/console/);
    const home = await browser.get("/console");
    expect(home.status).toBe(200);
    const text = visibleText(home.html);
    expect(text).toContain("体育器材");
    expect(text).toContain("订阅消息提醒");
    expect(text).not.toContain("图书馆");
    expect(home.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect((await browser.get("/console/operators")).status).toBe(403);
  });

  // The slow-down itself waits 3 s in all; five PBKDF2 checks on a loaded machine add more.
  it("refuses a wrong password, then slows down and locks the account", async () => {
    await operator("ops.carol", ["sports"]);
    const browser = new ConsoleBrowser();
    for (let i = 0; i < 4; i++) {
      const res = await browser.signIn("ops.carol", "wrong-password");
      expect(res.status).toBe(401);
      expect(visibleText(res.html)).toContain("用户名或密码错误");
      expect(browser.cookies.has("ce_console")).toBe(false);
    }
    const fifth = await browser.signIn("ops.carol", "wrong-password");
    expect(visibleText(fifth.html)).toContain("账号已锁定");
    const right = await browser.signIn("ops.carol", "operator-pass-1");
    expect(right.status).toBe(401);
    expect(visibleText(right.html)).toContain("账号已锁定");
    expect(browser.cookies.has("ce_console")).toBe(false);
  }, 30_000);

  // Five rounds of 20 wrong passwords sent at once (CONSOLE_LOGIN_MAX_FAILURES=5), then the right one.
  it("checks at most 5 of the guesses sent at once, and the right password sent after them is refused", async () => {
    for (let round = 0; round < 5; round++) {
      const name = `ops.race${round}`;
      await operator(name, ["sports"]);
      const browser = new ConsoleBrowser();
      await browser.get("/console/login");
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          browser.post("/console/login", { kind: "operator", username: name, password: "wrong-password", next: "/console" }),
        ),
      );
      // At most the limit's worth of answers say the password was wrong (before the fix all 20 did); the rest say locked.
      const wrong = answers.filter((a) => visibleText(a.html).includes("用户名或密码错误")).length;
      expect(wrong).toBeLessThanOrEqual(5);
      expect(answers.filter((a) => visibleText(a.html).includes("账号已锁定")).length).toBe(20 - wrong);
      expect(visibleText((await browser.signIn(name, "operator-pass-1")).html)).toContain("账号已锁定");
    }
  }, 60_000);

  it("locks an unknown username as it does an operator, with the same answers", async () => {
    await operator("ops.known", ["sports"]);
    const answers = async (name: string) => {
      const browser = new ConsoleBrowser();
      const seen: string[] = [];
      for (let i = 0; i < 6; i++) {
        const text = visibleText((await browser.signIn(name, "wrong-password")).html);
        seen.push(text.includes("账号已锁定") ? "locked" : text.includes("用户名或密码错误") ? "wrong" : text);
      }
      return seen;
    };
    expect(await answers("ops.unknown")).toEqual(await answers("ops.known"));
    expect(await answers("ops.unknown2")).toEqual(["wrong", "wrong", "wrong", "wrong", "locked", "locked"]);
  }, 60_000);

  it("refuses a sign-in form that was not served to this browser", async () => {
    await operator("ops.dave", ["sports"]);
    const browser = new ConsoleBrowser();
    const res = await browser.post(
      "/console/login",
      { kind: "operator", username: "ops.dave", password: "operator-pass-1" },
      { csrf: "forged" },
    );
    expect(res.status).toBe(400);
    expect(browser.cookies.has("ce_console")).toBe(false);
  });

  it("refuses forms without the session's token or from another site, changing nothing", async () => {
    const browser = await operatorBrowser("ops.erin", ["operators"]);
    await browser.get("/console/operators");
    const before = await countOperators();
    const form = { username: "ops.forged", password: "forged-password", scopes: "sports" };
    const noToken = await browser.post("/console/operators", form, { csrf: null });
    expect(noToken.status).toBe(303);
    const shown = await browser.get(noToken.location ?? "");
    expect(visibleText(shown.html)).toContain("页面已过期");
    const crossSite = await browser.post("/console/operators", form, { origin: "https://evil.example" });
    expect(crossSite.status).toBe(303);
    expect(await countOperators()).toBe(before);
    const real = await browser.post("/console/operators", form);
    expect(real.status).toBe(303);
    expect(await countOperators()).toBe(before + 1);
    expect(visibleText((await browser.get("/console/operators")).html)).toContain("已创建运营人员 ops.forged");
  });

  it("creates an operator with every scope ticked in the form", async () => {
    const browser = await operatorBrowser("ops.henry", ["operators"]);
    await browser.get("/console/operators");
    const res = await browser.post("/console/operators", {
      username: "ops.ivy",
      password: "ivy-password",
      scopes: ["sports", "library", "jh"],
    });
    expect(res.status).toBe(303);
    const list = await getJson("/admin/operators?limit=100", ADMIN);
    const ivy = (list.body as { operators: { username: string; scopes: string[] }[] }).operators.find((o) => o.username === "ops.ivy");
    expect(ivy?.scopes).toEqual(["sports", "library", "jh"]);
    const viaForm = await SELF.fetch(`${BASE}/admin/operators`, {
      method: "POST",
      headers: { ...ADMIN, "content-type": "application/x-www-form-urlencoded" },
      body: "username=ops.jack&password=jack-password&scopes=sports,reminders",
    });
    expect(viaForm.status).toBe(201);
    expect(await viaForm.json()).toMatchObject({ username: "ops.jack", scopes: ["sports", "reminders"] });
  });

  it("ends a disabled operator's sessions, and signs out", async () => {
    const admin = await operatorBrowser("ops.frank", ["operators"]);
    const victim = await operatorBrowser("ops.grace", ["sports"]);
    expect((await victim.get("/console")).status).toBe(200);
    const list = await getJson("/admin/operators?limit=100", ADMIN);
    const id = (list.body as { operators: { id: number; username: string }[] }).operators.find((o) => o.username === "ops.grace")?.id;
    await admin.get("/console/operators");
    expect((await admin.post(`/console/operators/${id}`, { action: "disable" })).status).toBe(303);
    expect((await victim.get("/console")).status).toBe(303);
    await admin.get("/console");
    const out = await admin.post("/console/logout", {});
    expect(out.location).toBe("/console/login");
    expect((await admin.get("/console")).status).toBe(303);
  });

  it("signs summer school staff in with their own account and shows exactly their role's menu", async () => {
    await staff("MARKET", "market-console");
    const browser = new ConsoleBrowser();
    const res = await browser.signIn("market-console", "secret-pass", "summer");
    expect(res.status).toBe(303);
    const text = visibleText((await browser.get("/console")).html);
    expect(text).toContain("学生列表");
    expect(text).toContain("渠道管理");
    expect(text).not.toContain("财务中心");
    expect((await browser.get("/console/sports")).status).toBe(403);
    // D1 alone holds no usable ticket: the session keeps it sealed with a key only the cookie gives.
    const kept = await env.DB.prepare("SELECT summer_ticket FROM console_sessions WHERE username = 'market-console'").first<{
      summer_ticket: string;
    }>();
    expect(kept?.summer_ticket).toMatch(/^[0-9a-f]{24}\.[0-9a-f]+$/);
    const wrong = await new ConsoleBrowser().signIn("market-console", "not-the-pass", "summer");
    expect(wrong.status).toBe(401);
    expect(visibleText(wrong.html)).toContain("用户名或密码错误");
  });

  it("signs summer staff in by the summer school's own login rules: its lockout, its parameter rules, and logging out ends the ticket", async () => {
    await staff("FINANCE", "finance-console");
    const signIn = (password: string, username = "finance-console") => new ConsoleBrowser().signIn(username, password, "summer");
    // The summer school's rule for its parameters, in its words.
    const short = await signIn("secret-pass", "short");
    expect(short.status).toBe(401);
    expect(visibleText(short.html)).toContain("请确保这个字段至少包含 6 个字符。");
    // SUMMER_LOGIN_MAX_FAILURES is 3 in the tests: after the third wrong password the account is locked, the right one refused too.
    const answers = [];
    for (const password of ["wrong-pass-1", "wrong-pass-2", "wrong-pass-3", "secret-pass", "secret-pass"]) {
      const res = await signIn(password);
      expect(res.status).toBe(401);
      answers.push(
        visibleText(res.html).includes("账户已锁定") ? "locked" : visibleText(res.html).includes("用户名或密码错误") ? "wrong" : "?",
      );
    }
    expect(answers).toEqual(["wrong", "wrong", "wrong", "locked", "locked"]);

    await staff("FINANCE", "finance-console-2");
    const browser = new ConsoleBrowser();
    expect((await browser.signIn("finance-console-2", "secret-pass", "summer")).status).toBe(303);
    const kept = await env.DB.prepare("SELECT summer_session_id AS sid FROM console_sessions WHERE username = 'finance-console-2'").first<{
      sid: string;
    }>();
    const ticketRevoked = async () =>
      (await env.DB.prepare("SELECT revoked_at FROM sessions WHERE id = ?").bind(kept?.sid).first<{ revoked_at: number | null }>())
        ?.revoked_at ?? null;
    expect(await ticketRevoked()).toBeNull();
    await browser.get("/console");
    expect((await browser.post("/console/logout", {})).location).toBe("/console/login");
    expect(await ticketRevoked()).not.toBeNull();
    expect((await browser.get("/console")).status).toBe(303);
  });

  it("seeds demo operators for local development that sign in with the README's passwords", async () => {
    const statements = seed
      .split(/;\s*\n/)
      .map((st) => st.replace(/^--.*$/gm, "").trim())
      .filter(Boolean);
    for (let round = 0; round < 2; round++) for (const statement of statements) await env.DB.prepare(statement).run();
    const browser = new ConsoleBrowser();
    expect((await browser.signIn("demo_ops", "console-demo")).status).toBe(303);
    const text = visibleText((await browser.get("/console")).html);
    for (const area of ["体育器材", "图书馆", "订阅消息提醒", "精弘账号", "运营人员管理"]) expect(text).toContain(area);
  });

  it("serves its stylesheet and script from the worker", async () => {
    const css = await SELF.fetch(`${BASE}/console/assets/console.css`);
    expect(css.headers.get("content-type")).toContain("text/css");
    expect(await css.text()).toContain("@media");
    const js = await SELF.fetch(`${BASE}/console/assets/console.js`);
    expect(js.headers.get("content-type")).toContain("javascript");
  });
});
