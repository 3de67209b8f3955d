import type { WechatApp } from "./client";

/**
 * What the per-appid access-token holder answers over RPC
 * (durable-objects/wechat-token-holder.ts implements it), so the binding
 * is typed without the worker's types reaching into the Durable Object.
 */
export interface TokenHolderRpc extends Rpc.DurableObjectBranded {
  token(app: WechatApp): Promise<string>;
  /** Drops the cached token only if it is still the one that failed. */
  invalidate(app: WechatApp, failed: string): Promise<void>;
}
