import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import * as schema from "../src/db/schema";
import worker from "../src/index";
import { type ReminderRequest, scheduleReminder } from "../src/platform/reminders";
import { REMINDER_DLQ_NAME, REMINDER_QUEUE_NAME, type ReminderMessage, type ReminderProducer, scanOptions } from "../src/reminders/config";
import { type ScanReport, scanDue } from "../src/reminders/scan";

export const db = drizzle(env.DB, { schema });

let seq = 0;
/** A unique openid per call, so sent-log assertions never see another test's messages. */
export const openidFor = (name: string) => `o-${name}-${++seq}-${Date.now()}`;

/** Schedules a sports reminder for `openid`, due `inMs` from now (default: already due). */
export async function remind(openid: string, over: Partial<ReminderRequest> = {}, inMs = -1000) {
  const { id } = await scheduleReminder(db, {
    surface: "sports",
    appid: "wx-sports-demo",
    openid,
    templateId: "tmpl-due-soon",
    page: "pages/rental/index",
    data: { thing1: { value: "篮球A" }, time2: { value: "2026-11-22 10:15" } },
    sendAt: Date.now() + inMs,
    ...over,
  });
  return id!;
}

/** A producer that keeps what the scan sends instead of delivering it. */
export function captureQueue() {
  const messages: MessageSendRequest<ReminderMessage>[] = [];
  return {
    messages,
    ids: () => messages.map((m) => m.body.id),
    sendBatch: async (batch: Iterable<MessageSendRequest<ReminderMessage>>) => {
      messages.push(...batch);
    },
  };
}

/** One cron run's due scan against a captured queue. */
export function scan(queue: ReminderProducer = captureQueue(), over: Parameters<typeof scanOptions>[1] = {}): Promise<ScanReport> {
  return scanDue(db, queue, scanOptions(env, over));
}

let msgSeq = 0;
/** Delivers messages to the worker's queue handler as the queue would, and returns what it acked and retried. */
export async function deliver(ids: number[], attempts = 1, queue = REMINDER_QUEUE_NAME, workerEnv: Cloudflare.Env = env) {
  const batch = createMessageBatch<ReminderMessage>(
    queue,
    ids.map((id) => ({ id: `m-${++msgSeq}`, timestamp: new Date(), attempts, body: { id } })),
  );
  // The test batch records that a message was retried but not with which delay: note it on the way.
  const delays = new Map<string, number | undefined>();
  for (const m of batch.messages) {
    const retry = m.retry.bind(m);
    m.retry = (options?: QueueRetryOptions) => {
      delays.set(m.id, options?.delaySeconds);
      retry(options);
    };
  }
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<unknown>, workerEnv);
  const result = await getQueueResult(batch, ctx);
  const byMsg = new Map(batch.messages.map((m, i) => [m.id, ids[i]]));
  return {
    acked: result.explicitAcks.map((m) => byMsg.get(m)),
    retried: result.retryMessages.map((m) => ({ id: byMsg.get(m.msgId), delaySeconds: delays.get(m.msgId) })),
  };
}

export const deliverDeadLetters = (ids: number[]) => deliver(ids, 1, REMINDER_DLQ_NAME);

export async function reminderRow(id: number) {
  return (await env.DB.prepare("SELECT * FROM reminders WHERE id = ?").bind(id).first<Record<string, any>>())!;
}
