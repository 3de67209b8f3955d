import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import * as wechatSimSchema from "../simulators/src/wechat/schema";
import { createApp } from "../src/app";
import * as schema from "../src/db/schema";
import { linkedPage, pageByIndex } from "../src/platform/paging";
import { hashPassword, verifyPassword } from "../src/platform/password";
import { formatDate, formatDateTime, formatIso, parseLocal } from "../src/platform/time";
import { issueToken, purgeEndedSessions, revokeToken, verifyToken } from "../src/platform/tokens";
import { sendSubscribeMessage } from "../src/platform/wechat/client";
import { WechatError } from "../src/platform/wechat/errors";
import { BASE, getJson, injectFault, sentMessages, simJson } from "./helpers";

const db = drizzle(env.DB, { schema });
const SECRET = "unit-test-secret";

describe("password hashing", () => {
  it("verifies the right password only, with a fresh salt each time", async () => {
    const a = await hashPassword("correct horse");
    const b = await hashPassword("correct horse");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^pbkdf2-sha256\$100000\$/);
    expect(await verifyPassword("correct horse", a)).toBe(true);
    expect(await verifyPassword("correct horse!", a)).toBe(false);
    expect(await verifyPassword("correct horse", "garbage")).toBe(false);
  });
});

describe("time formats", () => {
  it("formats campus time, dates and ISO instants", () => {
    const ms = Date.UTC(2020, 2, 26, 3, 34, 29);
    expect(formatDateTime(ms, "+08:00")).toBe("2020-03-26 11:34:29");
    expect(formatDate(Date.UTC(2020, 2, 26, 17, 0, 0), "+08:00")).toBe("2020-03-27");
    expect(formatIso(ms)).toBe("2020-03-26T03:34:29.000Z");
    expect(parseLocal("2020-03-26 11:34:29", "+08:00")).toBe(ms);
    expect(parseLocal("2020-02-30", "+08:00")).toBeNull();
    expect(parseLocal("yesterday")).toBeNull();
  });
});

describe("paging", () => {
  it("links the next and previous pages and bounds page sizes", () => {
    const page = linkedPage("https://x.test/library/notice/?type=N", { limit: 10, offset: 10 }, 25, [1]);
    expect(page.count).toBe(25);
    expect(page.next).toBe("https://x.test/library/notice/?type=N&limit=10&offset=20");
    expect(page.previous).toBe("https://x.test/library/notice/?type=N&limit=10&offset=0");
    expect(linkedPage("https://x.test/a", { limit: 10, offset: 20 }, 25, []).next).toBeNull();
    expect(pageByIndex(1000, 2)).toEqual({ limit: 100, offset: 200 });
  });
});

describe("session tokens", () => {
  it("expire, can be revoked, and belong to one surface", async () => {
    const now = Date.now();
    const { token, session } = await issueToken(db, SECRET, "sports", "user-1", { ttlSeconds: 60, now });
    expect((await verifyToken(db, SECRET, "sports", token, now + 1000))?.subject).toBe("user-1");
    expect(await verifyToken(db, SECRET, "sports", token, now + 61_000)).toBeNull();
    expect(await verifyToken(db, SECRET, "library", token, now + 1000)).toBeNull();
    expect(await verifyToken(db, "another-secret", "sports", token, now + 1000)).toBeNull();
    await revokeToken(db, session.id);
    expect(await verifyToken(db, SECRET, "sports", token, now + 1000)).toBeNull();
  });
});

describe("WeChat client", () => {
  const app = { appid: "wx-platform-test", secret: "s" };
  const message = (touser: string) => ({ touser, template_id: "TPL", data: { thing1: { value: "hello" } } });

  it("refreshes the token once on 40001 and then sends", async () => {
    await injectFault("/cgi-bin/message/subscribe/send", 40001, 1);
    await sendSubscribeMessage(env, app, message("o-retry-once"));
    expect(await sentMessages("o-retry-once")).toHaveLength(1);
  });

  it("retries only once: a second 42001 is the caller's", async () => {
    await injectFault("/cgi-bin/message/subscribe/send", 42001, 2);
    const err = await sendSubscribeMessage(env, app, message("o-retry-twice")).catch((e) => e);
    expect(err).toBeInstanceOf(WechatError);
    expect(err.errcode).toBe(42001);
    expect(await sentMessages("o-retry-twice")).toHaveLength(0);
  });

  it("holds the token: stable_token is not asked again while the token is fresh", async () => {
    await sendSubscribeMessage(env, app, message("o-held-1"));
    await injectFault("/cgi-bin/stable_token", -1, 1);
    await sendSubscribeMessage(env, app, message("o-held-2"));
    expect(await sentMessages("o-held-2")).toHaveLength(1);
  });

  it("reports WeChat's refusal with its errcode", async () => {
    await injectFault("/cgi-bin/message/subscribe/send", 43101, 1);
    const err = await sendSubscribeMessage(env, app, message("o-refused")).catch((e) => e);
    expect(err.errcode).toBe(43101);
  });
});

describe("simulators and faults", () => {
  it("hand out login codes that expire after 5 minutes", async () => {
    const { simWechatCodes } = wechatSimSchema;
    await drizzle(env.SIM_DB)
      .insert(simWechatCodes)
      .values({ code: "old-code", openid: "o-old", appid: null, createdAt: Date.now() - 5 * 60_000 - 1000 });
    const old = await simJson(`/wechat/sns/jscode2session?appid=a&secret=s&js_code=old-code&grant_type=authorization_code`);
    expect(old.body.errcode).toBe(40029);
  });

  it("are not part of Campus Edge: /__sim answers 404 there", async () => {
    const res = await createApp().fetch(new Request(`${BASE}/__sim/wechat/messages`), env);
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).error).toBe("not_found");
  });

  it("answer an unexpected fault in the surface's envelope, without a stack trace", async () => {
    const brokenDb = {
      prepare: () => {
        throw new Error("D1 is down");
      },
      batch: () => Promise.reject(new Error("D1 is down")),
    };
    const app = createApp();
    const { token } = await issueToken(db, env.SESSION_SECRET as string, "service", "o-broken");
    const call = async (path: string) => {
      const init = { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `openid=${token}` };
      const res = await app.fetch(new Request(`${BASE}${path}`, init), { ...env, DB: brokenDb as unknown as D1Database });
      return { status: res.status, text: await res.text(), id: res.headers.get("x-request-id") };
    };
    const get = await call("/service/user/get");
    expect(JSON.parse(get.text)).toEqual({ code: -3, msg: "internal error", data: [] });
    expect(get.text).not.toContain("D1 is down");
    expect(get.id).toBeTruthy();
    expect(JSON.parse((await call("/service/user/getHistory")).text).code).toBe(-2);
  });
});

describe("OpenAPI", () => {
  it("describes every 002 route with its parameters", async () => {
    const { status, body } = await getJson("/openapi.json");
    expect(status).toBe(200);
    expect(body.openapi).toBe("3.1.0");
    for (const name of ["login", "getOpenid", "loginByOpenid", "get", "update", "addHistory", "getHistory", "cleanHistory"]) {
      const op = body.paths[`/service/user/${name}`]?.post;
      expect(op, name).toBeDefined();
      expect(op.requestBody.content["application/x-www-form-urlencoded"].schema.properties).toBeDefined();
      expect(op.responses["200"]).toBeDefined();
    }
    const login = body.paths["/service/user/login"].post.requestBody.content["application/x-www-form-urlencoded"].schema;
    expect(login.required).toEqual(expect.arrayContaining(["openid", "phone", "qq", "cardno"]));
    expect(login.required).not.toContain("wxid");
    expect(body.paths["/health"].get).toBeDefined();
    expect(body.paths["/admin/service/users"].get.security).toEqual([{ operatorToken: [] }]);
  });

  it("documents every route the app serves (aliases by their canonical path)", async () => {
    const { body } = await getJson("/openapi.json");
    const canonical = (p: string) => p.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}").replace(/(.)\/$/, "$1");
    const documented = new Set(Object.keys(body.paths).map(canonical));
    const undocumented = createApp()
      // The console's pages are HTML for people (docs/console.md), not part of the API.
      .routes.filter((r) => r.method !== "ALL" && !["/openapi.json", "/docs"].includes(r.path) && !r.path.startsWith("/console"))
      .map((r) => canonical(r.path))
      .filter((p) => !documented.has(p));
    expect([...new Set(undocumented)]).toEqual([]);
  });

  it("serves an interactive reference at /docs", async () => {
    const { status, body } = await getJson("/docs");
    expect(status).toBe(200);
    expect(body).toContain("/openapi.json");
  });

  it("serves /docs with every script and link on this origin, the viewer from the worker's own assets", async () => {
    const { status, headers, body } = await getJson("/docs");
    expect(status).toBe(200);
    expect(headers.get("content-type")).toMatch(/^text\/html/);
    const urls = [...body.matchAll(/\b(?:src|href)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1]);
    expect(urls).toEqual(["/docs/scalar.js"]);
    for (const url of urls) expect(new URL(url, BASE).origin).toBe(BASE);
    // No absolute URL anywhere in the page (no CDN, no web fonts).
    expect(body).not.toMatch(/(?:https?:)?\/\/[a-z0-9]/i);
    expect(body).toContain('Scalar.createApiReference("#app", {"url":"/openapi.json"');
  });
});

describe("session housekeeping", () => {
  it("deletes rows of sessions ended over a week ago and keeps live ones", async () => {
    const now = Date.now();
    const week = 7 * 24 * 3600_000;
    const old = await issueToken(db, SECRET, "sports", "user-old", { ttlSeconds: 60, now: now - week - 120_000 });
    const live = await issueToken(db, SECRET, "sports", "user-live", { ttlSeconds: 3600, now });
    const revoked = await issueToken(db, SECRET, "sports", "user-revoked", { now });
    await revokeToken(db, revoked.session.id, now - week - 1000);
    expect(await purgeEndedSessions(db, now)).toBeGreaterThanOrEqual(2);
    const ids = (await db.query.sessions.findMany()).map((s) => s.id);
    expect(ids).toContain(live.session.id);
    expect(ids).not.toContain(old.session.id);
    expect(ids).not.toContain(revoked.session.id);
    expect((await verifyToken(db, SECRET, "sports", live.token, now))?.subject).toBe("user-live");
  });
});
