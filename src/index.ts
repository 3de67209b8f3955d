import { createApp } from "./app";
import { consoleCron } from "./console/cron";
import type { Bindings } from "./env";
import { housekeeping } from "./housekeeping";
import { reminderCron, reminderQueue } from "./reminders";

export { Cabinet } from "../durable-objects/cabinet";
export { WechatTokenHolder } from "../durable-objects/wechat-token-holder";

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled: async (_controller, env) => {
    const startedAt = Date.now();
    const [scan] = await Promise.allSettled([reminderCron(env), housekeeping(env)]);
    await consoleCron(env, scan, startedAt);
    if (scan.status === "rejected") throw scan.reason;
  },
  queue: (batch, env) => reminderQueue(batch, env),
} satisfies ExportedHandler<Bindings>;
