import type { Bindings } from "../../env";
import { config } from "../../platform/config";
import { AppError } from "../../platform/errors";
import { code2session, oauthAccessToken, oauthUserInfo, wechatAppOf } from "../../platform/wechat/client";
import { WechatError } from "../../platform/wechat/errors";

/** Who a check_account code says the student is. */
export interface WechatIdentity {
  openid: string;
  unionid: string | null;
  nickname: string | null;
  headimgurl: string | null;
}

/**
 * Exchanges the code through the WeChat client: a mini-program wx.login code
 * (jscode2session) by default, or with SUMMER_LOGIN_MODE=oauth the original
 * web client's Official Account code (sns/oauth2/access_token, then sns/userinfo).
 */
export async function identify(env: Bindings, code: string): Promise<WechatIdentity> {
  const app = wechatAppOf(env, "SUMMER");
  try {
    if (config(env).SUMMER_LOGIN_MODE === "oauth") {
      const token = await oauthAccessToken(env, app, code);
      const info = await oauthUserInfo(env, token.access_token, token.openid);
      return { openid: token.openid, unionid: info.unionid ?? token.unionid ?? null, nickname: info.nickname, headimgurl: info.headimgurl };
    }
    const session = await code2session(env, app, code);
    return { openid: session.openid, unionid: session.unionid ?? null, nickname: null, headimgurl: null };
  } catch (err) {
    if (!(err instanceof WechatError)) throw err;
    if (err.network || err.errcode === -1 || err.errcode === 45011) throw new AppError("upstream", "微信服务暂时不可用，请稍后再试。");
    throw new AppError("invalid_param", "无效的code值, 微信网页认证失败", { field: "code" });
  }
}
