/** An errcode answer from WeChat, or a network fault (errcode -1, network true). */
export class WechatError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly network = false,
  ) {
    super(`weixin ${errcode}: ${errmsg}`);
    this.name = "WechatError";
  }
}

/** Errcodes meaning the access token is bad or expired: refresh once and retry. */
export const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);
