import { createApp } from "./app";
import type { Bindings } from "./env";
import { housekeeping } from "./housekeeping";
import { reminderCron, reminderQueue } from "./reminders";

export { Cabinet } from "../durable-objects/cabinet";
export { WechatTokenHolder } from "../durable-objects/wechat-token-holder";

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled: async (_controller, env) => {
    await Promise.all([reminderCron(env), housekeeping(env)]);
  },
  queue: (batch, env) => reminderQueue(batch, env),
} satisfies ExportedHandler<Bindings>;
