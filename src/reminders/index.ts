import type { Bindings } from "../env";
import { createLogger, errorFields } from "../platform/logging";
import { dbOf } from "../platform/middleware";
import { consumerOptions, REMINDER_DLQ_NAME, REMINDER_QUEUE_NAME, reminderIdOf, scanOptions } from "./config";
import { deadLetter } from "./dead-letter";
import { backoffSeconds } from "./outcome";
import { scanDue } from "./scan";
import { deliver } from "./send";

const log = createLogger({ component: "reminders" });

/** The every-minute Cron Trigger: enqueue what is due. */
export async function reminderCron(env: Bindings, now = Date.now()) {
  if (!env.REMINDER_QUEUE) throw new Error("REMINDER_QUEUE is not bound");
  const report = await scanDue(dbOf(env.DB), env.REMINDER_QUEUE, scanOptions(env, { now }));
  log(report.error ? "error" : "info", "reminder scan", { ...report });
  return report;
}

/** Queue handler for the reminder queue and its dead-letter queue. */
export async function reminderQueue(batch: MessageBatch<unknown>, env: Bindings) {
  const opts = consumerOptions(env);
  if (batch.queue === REMINDER_DLQ_NAME) {
    const db = dbOf(env.DB);
    for (const msg of batch.messages) {
      try {
        const result = await deadLetter(db, msg.body, opts.maxAttempts, opts.now());
        log("warn", "reminder dead-lettered", { id: reminderIdOf(msg.body), result });
        msg.ack();
      } catch (err) {
        log("error", "dead letter not recorded", { ...errorFields(err) });
        msg.retry({ delaySeconds: opts.baseDelaySeconds });
      }
    }
    return;
  }
  if (batch.queue !== REMINDER_QUEUE_NAME) throw new Error(`no consumer for queue ${batch.queue}`);
  // One at a time: each message is a few subrequests, and WeChat's quota is per minute anyway.
  for (const msg of batch.messages) {
    try {
      const d = await deliver(env, msg.body, opts);
      log(d.result === "sent" ? "info" : "warn", `reminder ${d.result}`, {
        id: reminderIdOf(msg.body),
        attempt: msg.attempts,
        ...d,
      });
      if (d.result === "retry" || d.result === "busy") msg.retry({ delaySeconds: d.delaySeconds });
      else if (d.result === "failed") msg.retry();
      else msg.ack();
    } catch (err) {
      log("error", "reminder delivery broke", { id: reminderIdOf(msg.body), ...errorFields(err) });
      msg.retry({ delaySeconds: backoffSeconds(msg.attempts, 0, opts.baseDelaySeconds, opts.maxDelaySeconds) });
    }
  }
}
