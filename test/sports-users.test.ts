import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { getJson, injectFault, postForm, postJson, wxCode } from "./helpers";
import { q, signup, uniq } from "./sports-helpers";

const APPID = "wx-sports-demo";

describe("/sports/user/signup and /sports/user/login", () => {
  it("signs up with a code and optional details, returning a UUID userid and a session", async () => {
    const code = await wxCode(uniq("wx"), APPID);
    const { status, body } = await getJson(
      `/sports/user/signup?code=${code}&region=${encodeURIComponent("浙江, 杭州")}&phone=%2B86%2018888888888`,
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      status: "accepted",
      userid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      client_session_id: expect.any(String),
      uuid: body.userid,
    });
    const profile = await getJson(`/sports/user/profile/?${q(body)}`);
    expect(profile.body).toEqual({
      status: "accepted",
      userid: body.userid,
      region: "浙江, 杭州",
      phone: "+86 18888888888",
      email: "",
      profile: { uuid: body.userid, region: "浙江, 杭州", phone: "+86 18888888888", email: "" },
    });
  });

  it("signs up without any personal details, and accepts the trailing slash and a POSTed JSON body", async () => {
    const { body } = await postJson("/sports/user/signup/", { code: await wxCode(uniq("wx"), APPID), password: "ignored" });
    expect(body.status).toBe("accepted");
  });

  it("refuses a second signup of the same WeChat user", async () => {
    const openid = uniq("wx");
    await signup(openid);
    const { body } = await getJson(`/sports/user/signup?code=${await wxCode(openid, APPID)}`);
    expect(body).toEqual({ status: "error: already signed up" });
  });

  it("answers an unusable code with error: invalid code, other WeChat errors with error: weixin: <errmsg>", async () => {
    expect((await getJson("/sports/user/signup?code=nonsense")).body).toEqual({ status: "error: invalid code" });
    expect((await getJson("/sports/user/login?code=nonsense")).body).toEqual({ status: "error: invalid code" });
    await injectFault("/sns/jscode2session", 45011);
    const { body } = await getJson(`/sports/user/login?code=${await wxCode(uniq("wx"), APPID)}`);
    expect(body).toEqual({ status: "error: weixin: api minute-quota reach limit" });
  });

  it("logs in a known user with a fresh session, and refuses an unknown one", async () => {
    const openid = uniq("wx");
    const first = await signup(openid);
    const { body } = await getJson(`/sports/user/login/?code=${await wxCode(openid, APPID)}`);
    expect(body).toEqual({ status: "accepted", userid: first.userid, client_session_id: expect.any(String), uuid: first.userid });
    expect(body.client_session_id).not.toBe(first.client_session_id);
    expect((await getJson(`/sports/user/login?code=${await wxCode(uniq("wx"), APPID)}`)).body).toEqual({
      status: "error: user not exists",
    });
  });

  it("answers missing parameters with error: invalid request", async () => {
    expect((await getJson("/sports/user/signup")).body).toEqual({ status: "error: invalid request" });
    expect((await getJson("/sports/user/login/")).body).toEqual({ status: "error: invalid request" });
    expect((await getJson("/sports/user/profile")).body).toEqual({ status: "error: invalid request" });
    const bad = await getJson(`/sports/user/signup?code=${await wxCode(uniq("wx"), APPID)}&phone=not-a-phone`);
    expect(bad.body).toEqual({ status: "error: invalid request" });
  });
});

describe("the session checks every user call makes", () => {
  it("answers an unknown userid and a wrong or foreign session as documented", async () => {
    const a = await signup();
    const b = await signup();
    const cases: Array<[Record<string, string>, string]> = [
      [{ userid: "no-such-user", client_session_id: a.client_session_id }, "error: invalid userid"],
      [{ userid: a.userid, client_session_id: "garbage" }, "error: invalid session_id"],
      [{ userid: a.userid, client_session_id: b.client_session_id }, "error: invalid session_id"],
    ];
    for (const path of ["/sports/user/profile", "/sports/user/status", "/sports/device/latest_renting_or_reverting_status"]) {
      for (const [params, status] of cases) {
        expect((await getJson(`${path}?${new URLSearchParams(params)}`)).body).toEqual({ status });
      }
    }
  });
});

describe("client_session_id expiry", () => {
  it("lasts two hours by default and then answers error: invalid session_id", async () => {
    const s = await signup();
    const row = await env.DB.prepare("SELECT created_at, expires_at FROM sessions WHERE surface = 'sports' AND subject = ?")
      .bind(s.userid)
      .first<{ created_at: number; expires_at: number }>();
    expect(row!.expires_at - row!.created_at).toBe(7200 * 1000);
    await env.DB.prepare("UPDATE sessions SET expires_at = ? WHERE surface = 'sports' AND subject = ?")
      .bind(Date.now() - 1, s.userid)
      .run();
    expect((await getJson(`/sports/user/profile?${q(s)}`)).body).toEqual({ status: "error: invalid session_id" });
  });
});

describe("/sports/user/profile/update", () => {
  it("updates only the fields sent, over GET or form POST", async () => {
    const s = await signup(uniq("wx"), { region: "北京", phone: "13111111111" });
    const { body } = await getJson(`/sports/user/profile/update?${q(s, { email: "me@example.com" })}`);
    expect(body).toMatchObject({ status: "accepted", userid: s.userid, region: "北京", phone: "13111111111", email: "me@example.com" });
    const form = await postForm("/sports/user/profile/update/", { ...s, phone: "", region: "上海" });
    expect(form.body).toMatchObject({ status: "accepted", region: "上海", phone: "", email: "me@example.com" });
  });

  it("accepts a phone number sent as a JSON number", async () => {
    const s = await signup(uniq("wx"), {});
    const { body } = await postJson("/sports/user/profile/update", { ...s, phone: 13111111111 });
    expect(body).toMatchObject({ status: "accepted", phone: "13111111111" });
  });

  it("refuses an update with nothing to change or a malformed email", async () => {
    const s = await signup();
    expect((await getJson(`/sports/user/profile/update?${q(s)}`)).body).toEqual({ status: "error: invalid request" });
    expect((await getJson(`/sports/user/profile/update?${q(s, { email: "nope" })}`)).body).toEqual({ status: "error: invalid request" });
  });
});

describe("/sports/user/status and /sports/user/history", () => {
  it("shows nothing held and an empty history for a new user", async () => {
    const s = await signup();
    expect((await getJson(`/sports/user/status/?${q(s)}`)).body).toEqual({ status: "accepted", items: [], rented: [] });
    expect((await getJson(`/sports/user/history/page_length/10/page_id/0?${q(s)}`)).body).toEqual({ status: "accepted", items: [] });
  });

  it("refuses non-numeric or zero page parameters", async () => {
    const s = await signup();
    expect((await getJson(`/sports/user/history/page_length/x/page_id/0?${q(s)}`)).body).toEqual({ status: "error: invalid request" });
    expect((await getJson(`/sports/user/history/page_length/0/page_id/0/?${q(s)}`)).body).toEqual({ status: "error: invalid request" });
  });

  it("answers an unknown /sports path with a 404 in the sports envelope", async () => {
    const { status, body } = await getJson("/sports/nowhere");
    expect(status).toBe(404);
    expect(body).toEqual({ status: "error: not found" });
  });
});
