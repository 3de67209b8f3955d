import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { injectFault, wxCode } from "./helpers";
import { ageSessions, alephFault, jsencrypt, lib, libraryPublicKey, libraryUser, login, patron } from "./library-helpers";

describe("library accounts", () => {
  it("logs in with a wx.login code and reports libBind", async () => {
    const code = await wxCode("lib-acc-1");
    const { http, body } = await lib("/user/login", {
      code,
      nickName: "小明",
      avatarUrl: "https://x.test/a.png",
      gender: 1,
      city: "杭州",
      province: "浙江",
      country: "中国",
    });
    expect(http).toBe(200);
    expect(body).toEqual({ status: 0, session: expect.any(String), libBind: false });
    const row = await env.DB.prepare("SELECT nick_name, city FROM library_users WHERE openid = ?").bind("lib-acc-1").first();
    expect(row).toEqual({ nick_name: "小明", city: "杭州" });
  });

  it("answers status 2 with WeChat's error for a bad code, and 4 for a missing one", async () => {
    expect((await lib("/user/login", { code: "not-a-code" })).body).toMatchObject({ status: 2, err_msg: "invalid code", errcode: 40029 });
    expect((await lib("/user/login", {})).body).toEqual({ status: 4, err_msg: "PARAM_code_MISS" });
  });

  it("passes WeChat busy (-1) on as status 2 with its errcode", async () => {
    await injectFault("/sns/jscode2session", -1);
    const code = await wxCode("lib-acc-busy");
    expect((await lib("/user/login", { code })).body).toMatchObject({ status: 2, errcode: -1 });
  });

  it("accepts GET without the trailing slash and POST with JSON", async () => {
    const session = await login("lib-acc-2");
    expect((await lib("/user/vertify_session", { session }, { slash: false })).body).toMatchObject({ status: 0, login: true });
    expect((await lib("/user/vertify_session", { session }, { method: "POST" })).body).toMatchObject({ status: 0, login: true });
    expect((await lib("/user/vertify_session", { session }, { method: "POST", slash: false })).body).toMatchObject({
      status: 0,
      login: true,
    });
  });

  it("a forged session is status 1 LOGIN_FAILED, on vertify_session as elsewhere", async () => {
    expect((await lib("/user/vertify_session", { session: "a.b.c" })).body).toEqual({ status: 1, err_msg: "LOGIN_FAILED" });
    expect((await lib("/user/vertify_session")).body).toEqual({ status: 4, err_msg: "PARAM_session_MISS" });
    expect((await lib("/user/unbind_lib", { session: "a.b.c" })).body).toEqual({ status: 1, err_msg: "LOGIN_FAILED" });
    expect((await lib("/user/unbind_lib")).body).toEqual({ status: 4, err_msg: "PARAM_session_MISS" });
  });

  it("checks the session before the other parameters, and echoes it on a parameter error", async () => {
    expect((await lib("/user/bind_lib", { session: "a.b.c" })).body).toEqual({ status: 1, err_msg: "LOGIN_FAILED" });
    const session = await login("lib-acc-order");
    expect((await lib("/user/bind_lib", { session, libId: "no spaces" })).body).toMatchObject({
      status: 4,
      err_msg: "PARAM_libId_INVALID",
      session,
    });
    await ageSessions(121_000);
    const { body } = await lib("/user/bind_lib", { session });
    expect(body).toMatchObject({ status: 4, err_msg: "PARAM_libId_MISS", session: expect.any(String) });
    expect(body.session).not.toBe(session);
  });

  it("update_session hands out a new session for a new code", async () => {
    const old = await login("lib-acc-3");
    const code = await wxCode("lib-acc-3");
    const { body } = await lib("/user/update_session", { code, session: old });
    expect(body).toEqual({ status: 0, session: expect.any(String) });
    expect(body.session).not.toBe(old);
    expect((await lib("/user/vertify_session", { session: body.session })).body.login).toBe(true);
  });

  it("reissues the session once it is older than 120 s, and the old one stops working after a grace period", async () => {
    const first = await login("lib-acc-4");
    const young = await lib("/user/vertify_session", { session: first });
    expect(young.body.session).toBe(first);
    await ageSessions(121_000);
    const { body } = await lib("/user/vertify_session", { session: first });
    expect(body.status).toBe(0);
    expect(body.session).not.toBe(first);
    // The replaced session still answers during the grace period (requests in flight), then expires.
    expect((await lib("/user/game_check_session", { session: first })).body.status).toBe(0);
    await env.DB.prepare("UPDATE sessions SET expires_at = ? WHERE expires_at < ?")
      .bind(Date.now() - 1, Date.now() + 61_000)
      .run();
    expect((await lib("/user/game_check_session", { session: first })).body).toEqual({ status: 1, err_msg: "LOGIN_FAILED" });
    expect((await lib("/user/game_check_session", { session: body.session })).body.status).toBe(0);
  });

  it("hands back one and the same successor to every request with a replaced session during the grace", async () => {
    const first = await login("lib-acc-successor");
    await ageSessions(121_000);
    const count = async () =>
      (
        await env.DB.prepare("SELECT COUNT(*) AS n FROM sessions WHERE surface = 'library' AND subject = ?")
          .bind("lib-acc-successor")
          .first()
      )?.n;
    expect(await count()).toBe(1);
    const concurrent = await Promise.all(Array.from({ length: 8 }, () => lib("/user/game_check_session", { session: first })));
    const sequential = [];
    for (let i = 0; i < 5; i++) sequential.push(await lib("/user/vertify_session", { session: first }));
    const successors = new Set([...concurrent, ...sequential].map((r) => r.body.session));
    for (const r of [...concurrent, ...sequential]) expect(r.body.status).toBe(0);
    expect(successors.size).toBe(1);
    const [successor] = successors;
    expect(successor).not.toBe(first);
    expect(await count()).toBe(2);
    // The successor is young: presented itself, it is echoed unchanged.
    expect((await lib("/user/vertify_session", { session: successor })).body).toMatchObject({ status: 0, login: true, session: successor });
  });

  it("binds, reports and unbinds a library account", async () => {
    const session = await login("lib-acc-5");
    expect((await lib("/user/game_check_session", { session })).body).toEqual({ status: 0, session, libBind: false, info: {} });
    expect((await lib("/user/bind_lib", { session, libId: "2016000009" })).body).toEqual({ status: 0, session });
    expect((await lib("/user/game_check_session", { session })).body).toEqual({
      status: 0,
      session,
      libBind: true,
      info: { libId: "2016000009", openId: "lib-acc-5" },
    });
    expect((await lib("/user/vertify_session", { session })).body.libBind).toBe(true);
    // Bound without a password: the library account itself is not usable yet.
    expect((await lib("/libuser/bor_info", { session })).body).toMatchObject({ status: 6, err_msg: "LIBRARY_NOT_LOGGED_IN", session });
    expect((await lib("/user/unbind_lib", { session })).body).toEqual({ status: 0, session });
    expect((await lib("/user/game_check_session", { session })).body.libBind).toBe(false);
  });

  it("logs in to the library with an RSA-encrypted password and keeps it encrypted at rest", async () => {
    const session = await login("lib-acc-6");
    const p = patron(3);
    const libPsw = await jsencrypt(await libraryPublicKey(), p.password);
    const { body } = await lib("/libuser/login", { session, libId: p.borId, libPsw });
    expect(body).toMatchObject({
      status: 0,
      user: { bor_id: p.borId, name: expect.any(String), department: expect.any(String), reader_type: expect.any(String) },
    });
    const row = (await env.DB.prepare("SELECT * FROM library_users WHERE openid = ?").bind("lib-acc-6").first()) as Record<string, unknown>;
    expect(row.lib_id).toBe(p.borId);
    expect(row.credential).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(p.password);
    expect(JSON.stringify(row)).not.toContain(btoa(p.password));
    expect(JSON.stringify(body)).not.toContain(p.password);
    expect((await lib("/libuser/bor_info", { session: body.session })).body).toMatchObject({ status: 0, result: { bor_id: p.borId } });
  });

  it("a sealed credential copied to another user's row does not open", async () => {
    await libraryUser("lib-acc-7", 4);
    const thief = await login("lib-acc-8");
    await env.DB.prepare(
      "UPDATE library_users SET lib_id = (SELECT lib_id FROM library_users WHERE openid = 'lib-acc-7'), credential = (SELECT credential FROM library_users WHERE openid = 'lib-acc-7') WHERE openid = 'lib-acc-8'",
    ).run();
    expect((await lib("/libuser/borrow_info", { session: thief })).body).toMatchObject({ status: 6, err_msg: "LIBRARY_NOT_LOGGED_IN" });
  });

  it("answers status 5 only when libPsw is not base64 or not the key's length", async () => {
    const session = await login("lib-acc-9");
    const p = patron(5);
    const tooLong = btoa(String.fromCharCode(...new Uint8Array(300).fill(1)));
    const replies = [];
    for (const libPsw of [tooLong, "!!not base64!!", "AAAA"]) {
      replies.push((await lib("/libuser/login", { session, libId: p.borId, libPsw })).body);
    }
    for (const r of replies) expect(r).toEqual({ status: 5, err_msg: "RSA_KEY_ERROR", session });
    expect((await env.DB.prepare("SELECT credential FROM library_users WHERE openid = 'lib-acc-9'").first())?.credential).toBeNull();
  });

  it("answers a padding failure exactly as a wrong password (no padding oracle)", async () => {
    const pem = await libraryPublicKey();
    const p = patron(31);
    const cases = {
      wrongPassword: await jsencrypt(pem, "wrong-password"),
      badPadding: await jsencrypt(pem, p.password, { block: (em) => (em[1] = 1) }),
      noSeparator: await jsencrypt(pem, p.password, { block: (em) => em.fill(7, 2) }),
      badUtf8: await jsencrypt(pem, "\u00ff", { block: (em) => em.set([0xc3, 0x28], em.length - 2) }),
      empty: await jsencrypt(pem, ""),
    };
    const wrong = { status: 6, err_msg: "BOR_AUTH_ERROR", err_detail: "Error in Verification", detail: "Error in Verification" };
    for (const [name, libPsw] of Object.entries(cases)) {
      const session = await login(`lib-acc-oracle-${name}`);
      const { http, body } = await lib("/libuser/login", { session, libId: p.borId, libPsw });
      expect({ name, http, body }).toEqual({ name, http: 200, body: { ...wrong, session } });
    }
    // The same captured ciphertext is rejected the same way every time.
    const session = await login("lib-acc-oracle-again");
    expect((await lib("/libuser/login", { session, libId: patron(32).borId, libPsw: cases.badPadding })).body).toEqual({
      ...wrong,
      session,
    });
  });

  it("limits libuser/login per user and per card; over the limit nothing reaches the library", async () => {
    const pem = await libraryPublicKey();
    const p = patron(33);
    const session = await login("lib-acc-limit");
    for (let i = 0; i < 5; i++) {
      const { body } = await lib("/libuser/login", { session, libId: p.borId, libPsw: await jsencrypt(pem, `guess-${i}`) });
      expect(body).toMatchObject({ status: 6, err_msg: "BOR_AUTH_ERROR" });
    }
    await alephFault("bor-auth", "garbage", 1);
    const limited = {
      status: 6,
      err_msg: "LIBRARY_LOGIN_LIMITED",
      err_detail: expect.stringContaining("频繁"),
      detail: expect.any(String),
    };
    // The right password, over the limit: refused before decryption and before the library.
    const right = await jsencrypt(pem, p.password);
    expect((await lib("/libuser/login", { session, libId: p.borId, libPsw: right })).body).toEqual({ ...limited, session });
    // The same user on another card, and another user on the same card.
    expect((await lib("/libuser/login", { session, libId: patron(34).borId, libPsw: right })).body).toEqual({ ...limited, session });
    const other = await login("lib-acc-limit-other");
    expect((await lib("/libuser/login", { session: other, libId: p.borId, libPsw: right })).body).toEqual({ ...limited, session: other });
    const fault = await env.SIM_DB.prepare("SELECT remaining FROM sim_aleph_faults WHERE op = 'bor-auth'").first();
    expect(fault?.remaining).toBe(1);
    await alephFault("bor-auth", "garbage", 0);
    expect((await env.DB.prepare("SELECT credential FROM library_users WHERE openid = 'lib-acc-limit'").first())?.credential).toBeNull();
  });

  it("a wrong library password is status 6 from bor-auth", async () => {
    const session = await login("lib-acc-10");
    const libPsw = await jsencrypt(await libraryPublicKey(), "wrong-password");
    const { body } = await lib("/libuser/login", { session, libId: patron(6).borId, libPsw });
    expect(body).toEqual({
      status: 6,
      err_msg: "BOR_AUTH_ERROR",
      err_detail: "Error in Verification",
      detail: "Error in Verification",
      session,
    });
  });

  it("publishes the public key as PEM", async () => {
    const { body } = await lib("/libuser/public_key");
    expect(body.status).toBe(0);
    expect(body.public_key).toMatch(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n$/);
  });
});
