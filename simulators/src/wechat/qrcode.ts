import { and, eq, gt, sql } from "drizzle-orm";
import * as v from "valibot";
import { describe } from "../../../src/platform/openapi";
import { createSimulator, type SimEnv } from "../simulator";
import * as schema from "./schema";
import { simWechatFaults, simWechatTokens } from "./schema";

/** QR codes: mini-program codes (wxa/getwxacodeunlimit) and Official Account QR codes (cgi-bin/qrcode/create). */
export const wechatQrSimulator = createSimulator(schema);

const tags = ["WeChat simulator"];
/** A 1x1 PNG; the scene it encodes travels in `x-sim-scene` so tests can read it. */
const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
  (ch) => ch.charCodeAt(0),
);
const SCENE = /^[A-Za-z0-9!#$&'()*+,/:;=?@\-._~]{1,32}$/;

async function liveToken(db: SimEnv<typeof schema>["Variables"]["db"], token: string) {
  const row = await db.query.simWechatTokens.findFirst({ where: eq(simWechatTokens.token, token) });
  if (!row) return { errcode: 40001, errmsg: "invalid credential, access_token is invalid or not latest" };
  if (row.expiresAt <= Date.now()) return { errcode: 42001, errmsg: "access_token expired" };
  return null;
}

/** A pending injected fault (POST /faults) for this path, consumed atomically. */
async function takeFault(db: SimEnv<typeof schema>["Variables"]["db"], path: string) {
  const [row] = await db
    .update(simWechatFaults)
    .set({ remaining: sql`${simWechatFaults.remaining} - 1` })
    .where(and(eq(simWechatFaults.path, path), gt(simWechatFaults.remaining, 0)))
    .returning({ errcode: simWechatFaults.errcode });
  return row ? { errcode: row.errcode, errmsg: "simulated error" } : null;
}

wechatQrSimulator.post(
  "/wxa/getwxacodeunlimit",
  describe({
    tags,
    summary: "WeChat's getwxacodeunlimit: a PNG for `scene` (at most 32 visible characters), or errcode 41030/40169 JSON",
    responses: { 200: ["image/png (scene in x-sim-scene), or a JSON error", v.object({ errcode: v.number(), errmsg: v.string() })] },
  }),
  async (c) => {
    const bad = await liveToken(c.var.db, c.req.query("access_token") ?? "");
    if (bad) return c.json(bad);
    const fault = await takeFault(c.var.db, "/wxa/getwxacodeunlimit");
    if (fault) return c.json(fault);
    const body = await c.req.json<Record<string, unknown>>().catch(() => ({}) as Record<string, unknown>);
    const scene = body.scene;
    if (typeof scene !== "string" || !SCENE.test(scene)) return c.json({ errcode: 40169, errmsg: "invalid length for scene" });
    if (body.page !== undefined && (typeof body.page !== "string" || body.page.startsWith("/")))
      return c.json({ errcode: 41030, errmsg: "invalid page rid" });
    return new Response(PNG, { headers: { "content-type": "image/png", "x-sim-scene": scene } });
  },
);

wechatQrSimulator.post(
  "/cgi-bin/qrcode/create",
  describe({
    tags,
    summary: "WeChat's qrcode/create for QR_LIMIT_STR_SCENE: ticket and url (the ticket is the scene, base64url)",
    responses: {
      200: ["reply", v.object({ ticket: v.optional(v.string()), url: v.optional(v.string()), errcode: v.optional(v.number()) })],
    },
  }),
  async (c) => {
    const bad = await liveToken(c.var.db, c.req.query("access_token") ?? "");
    if (bad) return c.json(bad);
    const fault = await takeFault(c.var.db, "/cgi-bin/qrcode/create");
    if (fault) return c.json(fault);
    const body = await c.req.json<Record<string, unknown>>().catch(() => ({}) as Record<string, unknown>);
    const info = body.action_info as { scene?: { scene_str?: unknown } } | undefined;
    const scene = info?.scene?.scene_str;
    if (body.action_name !== "QR_LIMIT_STR_SCENE" || typeof scene !== "string" || scene.length < 1 || scene.length > 64)
      return c.json({ errcode: 40053, errmsg: "invalid action info" });
    const ticket = btoa(scene).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    return c.json({ ticket, url: `http://weixin.qq.com/q/${ticket}` });
  },
);
