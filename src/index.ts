import { createApp } from "./app";
import type { Bindings } from "./env";

export { Cabinet } from "../durable-objects/cabinet";
export { WechatTokenHolder } from "../durable-objects/wechat-token-holder";

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Bindings>;
