import { createApp } from "./app";
import { cronTick } from "./cron";
import type { Bindings } from "./env";
import { reminderQueue } from "./reminders";

export { Cabinet } from "../durable-objects/cabinet";
export { WechatTokenHolder } from "../durable-objects/wechat-token-holder";

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled: (_controller, env) => cronTick(env),
  queue: (batch, env) => reminderQueue(batch, env),
} satisfies ExportedHandler<Bindings>;
