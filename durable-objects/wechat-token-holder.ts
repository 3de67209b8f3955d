import { DurableObject } from "cloudflare:workers";
import type { Bindings } from "../src/env";
import { fetchStableToken, type WechatApp } from "../src/platform/wechat/client";
import type { TokenHolderRpc } from "../src/platform/wechat/token-holder";

/** Refresh this long before WeChat's stated expiry. */
const EARLY_MS = 5 * 60_000;

interface Cached {
  token: string;
  expiresAt: number;
}

/**
 * One holder per appid (named by it): the only place that asks stable_token,
 * so concurrent requests share one token and one refresh.
 */
export class WechatTokenHolder extends DurableObject<Bindings> implements TokenHolderRpc {
  private refreshing: Promise<Cached> | null = null;

  async token(app: WechatApp): Promise<string> {
    const cached = await this.ctx.storage.get<Cached>("token");
    if (cached && cached.expiresAt - EARLY_MS > Date.now()) return cached.token;
    return (await this.refresh(app, false)).token;
  }

  async invalidate(_app: WechatApp, failed: string): Promise<void> {
    const cached = await this.ctx.storage.get<Cached>("token");
    if (cached?.token === failed) await this.ctx.storage.delete("token");
  }

  private refresh(app: WechatApp, force: boolean): Promise<Cached> {
    if (!this.refreshing) {
      this.refreshing = (async () => {
        try {
          const res = await fetchStableToken(this.env, app, force);
          const fresh = { token: res.access_token, expiresAt: Date.now() + res.expires_in * 1000 };
          await this.ctx.storage.put("token", fresh);
          return fresh;
        } finally {
          this.refreshing = null;
        }
      })();
    }
    return this.refreshing;
  }
}
