import { and, eq, gt, isNull, sql } from "drizzle-orm";
import * as v from "valibot";
import { describe } from "../../../src/platform/openapi";
import { int, params, text } from "../../../src/platform/params";
import { randomId } from "../../../src/platform/random";
import { createSimulator, type SimEnv } from "../simulator";
import { huge, trickle } from "../slow-bodies";
import { wechatOauthSimulator } from "./oauth";
import { wechatQrSimulator } from "./qrcode";
import * as schema from "./schema";
import { simWechatCodes, simWechatFaults, simWechatMessages, simWechatTokens } from "./schema";

/**
 * WeChat server API as the worker's client sees it, plus controls for
 * tests and local development (CONTRACT section 3).
 */
const CODE_TTL_MS = 5 * 60_000;
const TOKEN_TTL_S = 7200;

export const wechatSimulator = createSimulator(schema);
wechatSimulator.route("/", wechatOauthSimulator);
wechatSimulator.route("/", wechatQrSimulator);

const tags = ["WeChat simulator"];
const wx = v.object({ errcode: v.optional(v.number()), errmsg: v.optional(v.string()) });
const sim = (summary: string, reply: v.GenericSchema = wx) => describe({ tags, summary, responses: { 200: ["reply", reply] } });

const errmsg: Record<number, string> = {
  [-1]: "system error",
  40001: "invalid credential, access_token is invalid or not latest",
  40003: "invalid openid",
  40014: "invalid access_token",
  40029: "invalid code",
  40037: "invalid template_id",
  42001: "access_token expired",
  43101: "user refuse to accept the msg",
  45011: "api minute-quota reach limit",
  47003: "argument invalid! data.thing1.value invalid",
};
const fail = (errcode: number) => ({ errcode, errmsg: errmsg[errcode] ?? "simulated error" });

/**
 * A pending injected fault for this path, consumed atomically: the reply it makes, an errcode, or (kind
 * trickle / huge) a body that trickles after the headers or never ends.
 */
async function takeFault(c: { var: SimEnv<typeof schema>["Variables"] }, path: string): Promise<Response | null> {
  const [row] = await c.var.db
    .update(simWechatFaults)
    .set({ remaining: sql`${simWechatFaults.remaining} - 1` })
    .where(and(eq(simWechatFaults.path, path), gt(simWechatFaults.remaining, 0)))
    .returning({ errcode: simWechatFaults.errcode, kind: simWechatFaults.kind });
  if (!row) return null;
  if (row.kind === "trickle") return trickle("application/json");
  if (row.kind === "huge") return huge("application/json");
  return Response.json(fail(row.errcode));
}

wechatSimulator.post(
  "/code",
  sim("A wx.login code for `openid` (single use, valid 5 minutes)", v.object({ code: v.string() })),
  params(v.object({ openid: text(128), appid: v.optional(text(64)) })),
  async (c) => {
    const { openid, appid } = c.var.params;
    const code = randomId(18);
    await c.var.db.insert(simWechatCodes).values({ code, openid, appid: appid ?? null, createdAt: Date.now() });
    return c.json({ code });
  },
);

wechatSimulator.get("/sns/jscode2session", sim("WeChat's jscode2session: openid and session_key, or errcode 40029"), async (c) => {
  const fault = await takeFault(c, "/sns/jscode2session");
  if (fault) return fault;
  const { appid, secret, js_code: jsCode, grant_type: grantType } = c.req.query();
  if (!appid || !secret || !jsCode || grantType !== "authorization_code") return c.json(fail(40029));
  const now = Date.now();
  const [row] = await c.var.db
    .update(simWechatCodes)
    .set({ usedAt: now })
    .where(and(eq(simWechatCodes.code, jsCode), isNull(simWechatCodes.usedAt), gt(simWechatCodes.createdAt, now - CODE_TTL_MS)))
    .returning();
  if (!row || (row.appid && row.appid !== appid)) return c.json(fail(40029));
  return c.json({ openid: row.openid, session_key: randomId(16) });
});

wechatSimulator.post("/cgi-bin/stable_token", sim("WeChat's stable_token: access_token and expires_in (7200 s)"), async (c) => {
  const fault = await takeFault(c, "/cgi-bin/stable_token");
  if (fault) return fault;
  const body = await c.req.json<Record<string, unknown>>().catch(() => ({}) as Record<string, unknown>);
  if (body.grant_type !== "client_credential" || typeof body.appid !== "string" || !body.secret) return c.json(fail(40013));
  const now = Date.now();
  if (!body.force_refresh) {
    const live = await c.var.db.query.simWechatTokens.findFirst({
      where: and(eq(simWechatTokens.appid, body.appid), gt(simWechatTokens.expiresAt, now)),
    });
    if (live) return c.json({ access_token: live.token, expires_in: Math.floor((live.expiresAt - now) / 1000) });
  }
  const token = `sim-${randomId(24)}`;
  await c.var.db.delete(simWechatTokens).where(eq(simWechatTokens.appid, body.appid));
  await c.var.db.insert(simWechatTokens).values({ token, appid: body.appid, expiresAt: now + TOKEN_TTL_S * 1000 });
  return c.json({ access_token: token, expires_in: TOKEN_TTL_S });
});

wechatSimulator.post(
  "/cgi-bin/message/subscribe/send",
  sim("WeChat's subscribeMessage.send: checks the token, openid, template id and data (thing values at most 20 characters)"),
  async (c) => {
    const accessToken = c.req.query("access_token") ?? "";
    const tokenRow = await c.var.db.query.simWechatTokens.findFirst({ where: eq(simWechatTokens.token, accessToken) });
    if (!tokenRow) return c.json(fail(40001));
    if (tokenRow.expiresAt <= Date.now()) return c.json(fail(42001));
    const fault = await takeFault(c, "/cgi-bin/message/subscribe/send");
    if (fault) return fault;
    const body = await c.req.json<Record<string, unknown>>().catch(() => null);
    if (!body || typeof body.touser !== "string" || body.touser === "") return c.json(fail(40003));
    if (typeof body.template_id !== "string" || body.template_id === "") return c.json(fail(40037));
    const data = body.data;
    if (!data || typeof data !== "object") return c.json(fail(47003));
    for (const [key, entry] of Object.entries(data as Record<string, unknown>)) {
      const value = (entry as { value?: unknown } | null)?.value;
      if (typeof value !== "string") return c.json(fail(47003));
      if (key.startsWith("thing") && [...value].length > 20) return c.json(fail(47003));
    }
    await c.var.db.insert(simWechatMessages).values({
      appid: tokenRow.appid,
      touser: body.touser,
      templateId: body.template_id,
      page: typeof body.page === "string" ? body.page : null,
      data: JSON.stringify(data),
      createdAt: Date.now(),
    });
    return c.json({ errcode: 0, errmsg: "ok" });
  },
);

wechatSimulator.get(
  "/messages",
  sim("The subscribe messages sent, optionally to one `touser`", v.object({ messages: v.array(v.any()) })),
  async (c) => {
    const touser = c.req.query("touser");
    const rows = await c.var.db.query.simWechatMessages.findMany({
      where: touser ? eq(simWechatMessages.touser, touser) : undefined,
      orderBy: (m, { asc }) => [asc(m.id)],
    });
    return c.json({
      messages: rows.map((m) => ({
        appid: m.appid,
        touser: m.touser,
        template_id: m.templateId,
        page: m.page,
        data: JSON.parse(m.data),
        sent_at: new Date(m.createdAt).toISOString(),
      })),
    });
  },
);

wechatSimulator.post(
  "/faults",
  sim(
    "Make the next `count` calls to `path` answer `errcode`, or (kind trickle / huge) send their headers and then trickle or stream 32 MiB",
    v.object({ path: v.string(), errcode: v.number(), count: v.number(), kind: v.string() }),
  ),
  params(
    v.object({
      path: text(200),
      errcode: v.optional(int(), -1),
      count: v.optional(int(0, 1_000_000), 1),
      kind: v.optional(v.picklist(["errcode", "trickle", "huge"]), "errcode"),
    }),
  ),
  async (c) => {
    const { errcode, count, kind } = c.var.params;
    const path = c.var.params.path.replace(/^\/__sim\/wechat/, "");
    await c.var.db
      .insert(simWechatFaults)
      .values({ path, errcode, remaining: count, kind })
      .onConflictDoUpdate({ target: simWechatFaults.path, set: { errcode, remaining: count, kind } });
    return c.json({ path, errcode, count, kind });
  },
);
