import type { Bindings } from "../../env";
import { config } from "../config";
import { replyText, UpstreamError, type UpstreamReply, upstreamCall } from "../upstream";
import { TOKEN_ERRCODES, WechatError } from "./errors";

export interface WechatApp {
  appid: string;
  secret: string;
}

export const WECHAT_SURFACES = ["SERVICE", "SPORTS", "LIBRARY", "SUMMER"] as const;
export type WechatSurface = (typeof WECHAT_SURFACES)[number];

/** The appid and secret of a surface: `<PREFIX>_APPID` and `<PREFIX>_APPSECRET`. */
export function wechatAppOf(env: Bindings, prefix: WechatSurface): WechatApp {
  const cfg = config(env);
  return { appid: cfg[`${prefix}_APPID`], secret: cfg[`${prefix}_APPSECRET`] };
}

export const wechatBase = (env: Bindings) => config(env).WECHAT_API_BASE.replace(/\/+$/, "");

export interface Code2Session {
  openid: string;
  session_key: string;
  unionid?: string;
}

export interface SubscribeMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogram_state?: "developer" | "trial" | "formal";
  lang?: string;
}

/** WeChat's JSON replies are small; its code images are at most a few hundred KB. */
const JSON_LIMIT = 256 * 1024;
const IMAGE_LIMIT = 4 * 1024 * 1024;

/** An upstream call whose every failure (unreachable, timed out, trickling, too large) is a network WechatError. */
async function reach(url: string, init: RequestInit | undefined, maxBytes: number): Promise<UpstreamReply> {
  try {
    return await upstreamCall(url, init, { maxBytes });
  } catch (err) {
    throw new WechatError(-1, err instanceof UpstreamError ? err.message : String(err), true);
  }
}

async function call<T>(_env: Bindings, url: string, init?: RequestInit): Promise<T> {
  const res = await reach(url, init, JSON_LIMIT);
  let body: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(replyText(res));
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
    body = Object.fromEntries(Object.entries(parsed));
  } catch {
    throw new WechatError(-1, `unexpected reply (HTTP ${res.status})`, true);
  }
  const errcode = typeof body.errcode === "number" ? body.errcode : 0;
  if (errcode !== 0) throw new WechatError(errcode, String(body.errmsg ?? ""));
  return body as T;
}

/** Exchanges a wx.login code for the user's openid. session_key never leaves the server. */
export function code2session(env: Bindings, app: WechatApp, code: string): Promise<Code2Session> {
  const q = new URLSearchParams({ appid: app.appid, secret: app.secret, js_code: code, grant_type: "authorization_code" });
  return call<Code2Session>(env, `${wechatBase(env)}/sns/jscode2session?${q}`);
}

/** The user's own token from an Official Account web-OAuth code (not the app's stable token). */
export interface OauthAccessToken {
  access_token: string;
  expires_in: number;
  refresh_token: string;
  openid: string;
  scope: string;
  unionid?: string;
}

export interface OauthUserInfo {
  openid: string;
  nickname: string;
  sex: number;
  province: string;
  city: string;
  country: string;
  headimgurl: string;
  unionid?: string;
}

/** Exchanges an Official Account web-OAuth code (sns/oauth2/access_token); 40029 invalid, 40163 already used. */
export function oauthAccessToken(env: Bindings, app: WechatApp, code: string): Promise<OauthAccessToken> {
  const q = new URLSearchParams({ appid: app.appid, secret: app.secret, code, grant_type: "authorization_code" });
  return call<OauthAccessToken>(env, `${wechatBase(env)}/sns/oauth2/access_token?${q}`);
}

/** The profile behind a web-OAuth token (sns/userinfo, scope snsapi_userinfo). */
export function oauthUserInfo(env: Bindings, accessToken: string, openid: string): Promise<OauthUserInfo> {
  const q = new URLSearchParams({ access_token: accessToken, openid, lang: "zh_CN" });
  return call<OauthUserInfo>(env, `${wechatBase(env)}/sns/userinfo?${q}`);
}

/** Fetches a token from stable_token; used by the per-appid holder only. */
export function fetchStableToken(env: Bindings, app: WechatApp, forceRefresh = false) {
  return call<{ access_token: string; expires_in: number }>(env, `${wechatBase(env)}/cgi-bin/stable_token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ grant_type: "client_credential", appid: app.appid, secret: app.secret, force_refresh: forceRefresh }),
  });
}

function holder(env: Bindings, appid: string) {
  const ns = env.WECHAT_TOKENS;
  return ns.get(ns.idFromName(appid));
}

/**
 * Calls an access-token API; on 40001/40014/42001 drops the token that failed
 * (only if still cached) and retries once with a fresh one.
 */
export async function withAccessToken<T>(env: Bindings, app: WechatApp, fn: (token: string) => Promise<T>): Promise<T> {
  const h = holder(env, app.appid);
  const token = await h.token(app);
  try {
    return await fn(token);
  } catch (err) {
    if (!(err instanceof WechatError) || !TOKEN_ERRCODES.has(err.errcode)) throw err;
    await h.invalidate(app, token);
    return fn(await h.token(app));
  }
}

export function sendSubscribeMessage(env: Bindings, app: WechatApp, message: SubscribeMessage): Promise<void> {
  return withAccessToken(env, app, async (token) => {
    await call(env, `${wechatBase(env)}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(message),
    });
  });
}

/** A mini-program code image (wxa/getwxacodeunlimit): PNG bytes, or the errcode WeChat answered with. */
export function getUnlimitedWxaCode(
  env: Bindings,
  app: WechatApp,
  args: { scene: string; page?: string; check_path?: boolean; env_version?: "release" | "trial" | "develop" },
): Promise<{ contentType: string; body: ArrayBuffer }> {
  return withAccessToken(env, app, async (token) => {
    const res = await reach(
      `${wechatBase(env)}/wxa/getwxacodeunlimit?access_token=${encodeURIComponent(token)}`,
      { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(args) },
      IMAGE_LIMIT,
    );
    const { contentType } = res;
    if (contentType.startsWith("image/")) return { contentType, body: res.body.slice().buffer };
    let reply: { errcode?: unknown; errmsg?: unknown } = {};
    try {
      reply = JSON.parse(replyText(res));
    } catch {
      throw new WechatError(-1, `unexpected reply (HTTP ${res.status})`, true);
    }
    throw new WechatError(typeof reply.errcode === "number" ? reply.errcode : -1, String(reply.errmsg ?? ""));
  });
}

/** A permanent Official Account QR code for a string scene (cgi-bin/qrcode/create, QR_LIMIT_STR_SCENE). */
export function createLimitStrSceneQr(env: Bindings, app: WechatApp, sceneStr: string): Promise<{ ticket: string; url: string }> {
  return withAccessToken(env, app, (token) =>
    call<{ ticket: string; url: string }>(env, `${wechatBase(env)}/cgi-bin/qrcode/create?access_token=${encodeURIComponent(token)}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ action_name: "QR_LIMIT_STR_SCENE", action_info: { scene: { scene_str: sceneStr } } }),
    }),
  );
}
