import { and, eq, gt, sql } from "drizzle-orm";
import * as v from "valibot";
import { describe } from "../../../src/platform/openapi";
import { params, text } from "../../../src/platform/params";
import { randomId } from "../../../src/platform/random";
import { createSimulator, type SimEnv } from "../simulator";
import * as schema from "./schema";
import { simWechatFaults, simWechatOauthCodes, simWechatOauthTokens } from "./schema";

/**
 * The Official Account web-OAuth half of the WeChat simulator (the summer
 * school's original web client): sns/oauth2/access_token and sns/userinfo,
 * plus `POST /oauth/code` minting a code as the OAuth redirect would.
 */
const CODE_TTL_MS = 5 * 60_000;
const TOKEN_TTL_S = 7200;

export const wechatOauthSimulator = createSimulator(schema);

const tags = ["WeChat simulator"];
const sim = (summary: string, reply: v.GenericSchema) => describe({ tags, summary, responses: { 200: ["reply", reply] } });
const wxError = v.object({ errcode: v.number(), errmsg: v.string() });

const errmsg: Record<number, string> = {
  40001: "invalid credential, access_token is invalid or not latest",
  40003: "invalid openid",
  40029: "invalid code",
  40163: "code been used",
  42001: "access_token expired",
};
const fail = (errcode: number) => ({ errcode, errmsg: errmsg[errcode] ?? "simulated error" });

/** A pending injected fault (POST /__sim/wechat/faults) for this path, consumed atomically. */
async function takeFault(db: SimEnv<typeof schema>["Variables"]["db"], path: string): Promise<number | null> {
  const [row] = await db
    .update(simWechatFaults)
    .set({ remaining: sql`${simWechatFaults.remaining} - 1` })
    .where(and(eq(simWechatFaults.path, path), gt(simWechatFaults.remaining, 0)))
    .returning({ errcode: simWechatFaults.errcode });
  return row ? row.errcode : null;
}

wechatOauthSimulator.post(
  "/oauth/code",
  sim(
    "Mint an Official Account web-OAuth code for `openid` (single use, 5 minutes), as the OAuth redirect gives one",
    v.object({ code: v.string() }),
  ),
  params(
    v.object({
      openid: text(128),
      appid: v.optional(text(64)),
      nickname: v.optional(text(64)),
      headimgurl: v.optional(text(512)),
      unionid: v.optional(text(128)),
    }),
  ),
  async (c) => {
    const p = c.var.params;
    const code = randomId(18);
    await c.var.db.insert(simWechatOauthCodes).values({
      code,
      openid: p.openid,
      appid: p.appid ?? null,
      nickname: p.nickname ?? `微信用户${p.openid.slice(-4)}`,
      headimgurl: p.headimgurl ?? `https://thirdwx.qlogo.cn/sim/${encodeURIComponent(p.openid)}/132`,
      unionid: p.unionid ?? null,
      createdAt: Date.now(),
    });
    return c.json({ code });
  },
);

wechatOauthSimulator.get(
  "/sns/oauth2/access_token",
  sim(
    "WeChat's web-OAuth code exchange: access_token, refresh_token, openid, scope; errcode 40029 (invalid) or 40163 (already used)",
    v.union([
      v.object({ access_token: v.string(), expires_in: v.number(), refresh_token: v.string(), openid: v.string(), scope: v.string() }),
      wxError,
    ]),
  ),
  async (c) => {
    const db = c.var.db;
    const fault = await takeFault(db, "/sns/oauth2/access_token");
    if (fault !== null) return c.json(fail(fault));
    const { appid, secret, code, grant_type: grantType } = c.req.query();
    if (!appid || !secret || !code || grantType !== "authorization_code") return c.json(fail(40029));
    const now = Date.now();
    const [used] = await db
      .update(simWechatOauthCodes)
      .set({ usedAt: now })
      .where(and(eq(simWechatOauthCodes.code, code), sql`${simWechatOauthCodes.usedAt} IS NULL`))
      .returning();
    if (!used) {
      const known = await db.query.simWechatOauthCodes.findFirst({ where: eq(simWechatOauthCodes.code, code) });
      return c.json(fail(known ? 40163 : 40029));
    }
    if (used.createdAt <= now - CODE_TTL_MS || (used.appid && used.appid !== appid)) return c.json(fail(40029));
    const token = `sim-oauth-${randomId(24)}`;
    await db.insert(simWechatOauthTokens).values({ token, code, openid: used.openid, expiresAt: now + TOKEN_TTL_S * 1000 });
    return c.json({
      access_token: token,
      expires_in: TOKEN_TTL_S,
      refresh_token: `sim-refresh-${randomId(24)}`,
      openid: used.openid,
      scope: "snsapi_userinfo",
      ...(used.unionid ? { unionid: used.unionid } : {}),
    });
  },
);

wechatOauthSimulator.get(
  "/sns/userinfo",
  sim(
    "WeChat's web-OAuth profile: openid, nickname, sex, province, city, country, headimgurl; errcode 40001, 42001 or 40003",
    v.union([v.object({ openid: v.string(), nickname: v.string(), headimgurl: v.string() }), wxError]),
  ),
  async (c) => {
    const db = c.var.db;
    const fault = await takeFault(db, "/sns/userinfo");
    if (fault !== null) return c.json(fail(fault));
    const { access_token: accessToken = "", openid = "" } = c.req.query();
    const row = await db
      .select({ token: simWechatOauthTokens, profile: simWechatOauthCodes })
      .from(simWechatOauthTokens)
      .innerJoin(simWechatOauthCodes, eq(simWechatOauthCodes.code, simWechatOauthTokens.code))
      .where(eq(simWechatOauthTokens.token, accessToken))
      .get();
    if (!row) return c.json(fail(40001));
    if (row.token.expiresAt <= Date.now()) return c.json(fail(42001));
    if (row.token.openid !== openid) return c.json(fail(40003));
    const p = row.profile;
    return c.json({
      openid: p.openid,
      nickname: p.nickname,
      sex: 0,
      province: "",
      city: "",
      country: "中国",
      headimgurl: p.headimgurl,
      privilege: [],
      ...(p.unionid ? { unionid: p.unionid } : {}),
    });
  },
);
