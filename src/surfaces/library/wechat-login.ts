import type { Bindings } from "../../env";
import { AppError } from "../../platform/errors";
import { code2session, wechatAppOf } from "../../platform/wechat/client";
import { WechatError } from "../../platform/wechat/errors";
import { STATUS } from "./envelope";

/** The openid behind a wx.login code: status 2 with WeChat's errmsg and errcode when refused, status 3 when unreachable. */
export async function wechatOpenid(env: Bindings, code: string): Promise<string> {
  try {
    return (await code2session(env, wechatAppOf(env, "LIBRARY"), code)).openid;
  } catch (err) {
    if (!(err instanceof WechatError)) throw err;
    if (err.network) throw new AppError("upstream", "weixin unreachable", { code: STATUS.network });
    throw new AppError("upstream", err.errmsg || `weixin error ${err.errcode}`, { code: STATUS.wechat, detail: String(err.errcode) });
  }
}
