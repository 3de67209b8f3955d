import { and, eq, inArray, lte, sql } from "drizzle-orm";
import { type ReminderState, reminders } from "../db/schema/reminders";
import type { Bindings, Db } from "../env";
import { config } from "../platform/config";
import { dbOf } from "../platform/middleware";
import { randomId } from "../platform/random";
import { sendSubscribeMessage, WECHAT_SURFACES, type WechatApp, wechatAppOf } from "../platform/wechat/client";
import { ABANDONED_REASON, type ConsumerOptions, reminderIdOf } from "./config";
import { backoffSeconds, classify } from "./outcome";

/** What the consumer did with one message; the queue action follows from it. */
export type Delivery =
  | { result: "sent" | "rejected" | "failed" | "duplicate" | "gone" | "abandoned" | "invalid"; detail?: string }
  | { result: "retry" | "busy"; delaySeconds: number; detail?: string };

/**
 * Rows this claim may still write: `failed` too, so a sender slower than its lease, already
 * written off as abandoned, still records what WeChat answered.
 */
const OWNED: ReminderState[] = ["sending", "failed"];

/**
 * Sends the reminder a queue message names, at most once. The consumer
 * first takes the row from `queued` to `sending` with one conditional
 * UPDATE; only the one that wins calls WeChat, so a redelivered or
 * duplicated message finds the row taken or finished and does nothing.
 * Every later write names the claim token, so it touches only this claim.
 */
export async function deliver(env: Bindings, body: unknown, opts: ConsumerOptions): Promise<Delivery> {
  const id = reminderIdOf(body);
  if (id === null) return { result: "invalid", detail: JSON.stringify(body) };
  const db = dbOf(env.DB);
  const now = opts.now();
  const token = randomId(12);
  const row = await db
    .update(reminders)
    .set({
      state: "sending",
      attempts: sql`${reminders.attempts} + 1`,
      leaseUntil: now + opts.sendingLeaseMs,
      claimToken: token,
      updatedAt: now,
    })
    .where(and(eq(reminders.id, id), eq(reminders.state, "queued")))
    .returning({
      id: reminders.id,
      surface: reminders.surface,
      appid: reminders.appid,
      openid: reminders.openid,
      templateId: reminders.templateId,
      page: reminders.page,
      data: reminders.data,
      attempts: reminders.attempts,
    })
    .get();
  if (!row) return notClaimed(db, id, now);

  /** Ends this claim: written only while the row is still ours. */
  const settle = (set: Partial<typeof reminders.$inferInsert>, at = opts.now()) =>
    db
      .update(reminders)
      .set({ ...set, leaseUntil: null, updatedAt: at })
      .where(and(eq(reminders.id, id), eq(reminders.claimToken, token), inArray(reminders.state, OWNED)));

  try {
    await sendSubscribeMessage(env, appFor(env, row), {
      touser: row.openid,
      template_id: row.templateId,
      ...(row.page ? { page: row.page } : {}),
      data: row.data,
      miniprogram_state: config(env).WECHAT_MINIPROGRAM_STATE,
      lang: "zh_CN",
    });
  } catch (err) {
    const outcome = classify(err);
    if (outcome.kind === "rejected") {
      await settle({ state: "rejected", lastError: outcome.reason });
      return { result: "rejected", detail: outcome.reason };
    }
    if (row.attempts >= opts.maxAttempts) {
      await settle({ state: "failed", lastError: `gave up after ${row.attempts} attempts: ${outcome.reason}` });
      return { result: "failed", detail: outcome.reason };
    }
    const delaySeconds = backoffSeconds(row.attempts, outcome.minDelaySeconds, opts.baseDelaySeconds, opts.maxDelaySeconds);
    const later = opts.now();
    await db
      .update(reminders)
      .set({ state: "queued", lastError: outcome.reason, leaseUntil: later + delaySeconds * 1000 + opts.queuedLeaseMs, updatedAt: later })
      .where(and(eq(reminders.id, id), eq(reminders.claimToken, token), inArray(reminders.state, OWNED)));
    return { result: "retry", delaySeconds, detail: outcome.reason };
  }
  const at = opts.now();
  await settle({ state: "sent", sentAt: at, lastError: null }, at);
  return { result: "sent" };
}

/** The row was not `queued`: another consumer has it, or it is finished. */
async function notClaimed(db: Db, id: number, now: number): Promise<Delivery> {
  const row = await db
    .select({ state: reminders.state, leaseUntil: reminders.leaseUntil })
    .from(reminders)
    .where(eq(reminders.id, id))
    .get();
  if (!row) return { result: "gone" };
  if (row.state !== "sending") return { result: "duplicate", detail: row.state };
  if (row.leaseUntil !== null && row.leaseUntil > now) {
    // Another consumer is calling WeChat for it right now: look again once its lease ends.
    return { result: "busy", delaySeconds: Math.ceil((row.leaseUntil - now) / 1000) };
  }
  const res = await db
    .update(reminders)
    .set({ state: "failed", lastError: ABANDONED_REASON, leaseUntil: null, updatedAt: now })
    .where(and(eq(reminders.id, id), eq(reminders.state, "sending"), lte(reminders.leaseUntil, now)));
  return res.meta.changes ? { result: "abandoned" } : { result: "duplicate", detail: "sending" };
}

/** The app a reminder goes out through: its surface's `<PREFIX>_APPID` and `<PREFIX>_APPSECRET`. */
export function appFor(env: Bindings, row: { surface: string; appid: string }): WechatApp {
  const prefix = WECHAT_SURFACES.find((p) => p === row.surface.toUpperCase());
  if (!prefix) throw new Error(`surface ${row.surface} sends no WeChat messages`);
  const app = wechatAppOf(env, prefix);
  if (app.appid !== row.appid) throw new Error(`appid ${row.appid} is not ${prefix}_APPID (${app.appid}), so it has no secret here`);
  if (!app.secret) throw new Error(`${prefix}_APPSECRET is not configured`);
  return app;
}
