import type { Bindings } from "../../env";
import { config } from "../../platform/config";
import { AppError } from "../../platform/errors";
import { code2session, oauthAccessToken, oauthUserInfo, type WechatApp, wechatAppOf } from "../../platform/wechat/client";
import { WechatError } from "../../platform/wechat/errors";

/** Who a check_account code says the student is. */
export interface WechatIdentity {
  openid: string;
  unionid: string | null;
  nickname: string | null;
  headimgurl: string | null;
}

type CodeKind = "miniprogram" | "oauth";

/** WeChat's answer to a code it does not know: made up, expired, or of the other kind. A used code is 40163. */
const UNKNOWN_CODE = 40029;

/**
 * A mini-program wx.login code (jscode2session), or the original web client's Official Account code
 * (sns/oauth2/access_token, then sns/userinfo).
 */
async function exchange(env: Bindings, app: WechatApp, kind: CodeKind, code: string): Promise<WechatIdentity> {
  if (kind === "oauth") {
    const token = await oauthAccessToken(env, app, code);
    const info = await oauthUserInfo(env, token.access_token, token.openid);
    return { openid: token.openid, unionid: info.unionid ?? token.unionid ?? null, nickname: info.nickname, headimgurl: info.headimgurl };
  }
  const session = await code2session(env, app, code);
  return { openid: session.openid, unionid: session.unionid ?? null, nickname: null, headimgurl: null };
}

/**
 * Exchanges the code as the kind SUMMER_LOGIN_MODE names (mini-program by default); a code WeChat does not
 * know as that kind is exchanged once as the other, so the original web client logs in whatever the mode.
 * A code WeChat refused for another reason (already used, WeChat unreachable) is not sent again.
 */
async function exchangeEither(env: Bindings, code: string): Promise<WechatIdentity> {
  const app = wechatAppOf(env, "SUMMER");
  const configured = config(env).SUMMER_LOGIN_MODE;
  try {
    return await exchange(env, app, configured, code);
  } catch (err) {
    if (!(err instanceof WechatError) || err.errcode !== UNKNOWN_CODE) throw err;
  }
  return exchange(env, app, configured === "oauth" ? "miniprogram" : "oauth", code);
}

/** Who the check_account code says the student is, or the summer school's refusal. */
export async function identify(env: Bindings, code: string): Promise<WechatIdentity> {
  try {
    return await exchangeEither(env, code);
  } catch (err) {
    if (!(err instanceof WechatError)) throw err;
    if (err.network || err.errcode === -1 || err.errcode === 45011) throw new AppError("upstream", "微信服务暂时不可用，请稍后再试。");
    throw new AppError("invalid_param", "无效的code值, 微信网页认证失败", { field: "code" });
  }
}
