import type { Bindings } from "../env";
import { config } from "../platform/config";
import { randomId } from "../platform/random";
import { sendSubscribeMessage, WECHAT_SURFACES, type WechatApp, wechatAppOf } from "../platform/wechat/client";
import { ABANDONED_REASON, type ConsumerOptions, type ReminderMessage } from "./config";
import { backoffSeconds, classify } from "./outcome";

/** What the consumer did with one message; the queue action follows from it. */
export type Delivery =
  | { result: "sent" | "rejected" | "failed" | "duplicate" | "gone" | "abandoned" | "invalid"; detail?: string }
  | { result: "retry" | "busy"; delaySeconds: number; detail?: string };

interface ClaimedRow {
  id: number;
  surface: string;
  appid: string;
  openid: string;
  template_id: string;
  page: string | null;
  data: string;
  attempts: number;
}

/**
 * Rows this claim may still write: `failed` too, so a sender slower than its lease, already
 * written off as abandoned, still records what WeChat answered.
 */
const OWNED = "state IN ('sending', 'failed')";

/**
 * Sends the reminder a queue message names, at most once. The consumer
 * first takes the row from `queued` to `sending` with one conditional
 * UPDATE; only the one that wins calls WeChat, so a redelivered or
 * duplicated message finds the row taken or finished and does nothing.
 * Every later write names the claim token, so it touches only this claim.
 */
export async function deliver(env: Bindings, body: unknown, opts: ConsumerOptions): Promise<Delivery> {
  const id = (body as Partial<ReminderMessage> | null)?.id;
  if (typeof id !== "number" || !Number.isSafeInteger(id)) return { result: "invalid", detail: JSON.stringify(body) };
  const db = env.DB;
  const now = opts.now();
  const token = randomId(12);
  const row = await db
    .prepare(
      `UPDATE reminders SET state = 'sending', attempts = attempts + 1, lease_until = ?1, claim_token = ?2, updated_at = ?3
       WHERE id = ?4 AND state = 'queued'
       RETURNING id, surface, appid, openid, template_id, page, data, attempts`,
    )
    .bind(now + opts.sendingLeaseMs, token, now, id)
    .first<ClaimedRow>();
  if (!row) return notClaimed(db, id, now);

  const settle = (set: string, ...args: unknown[]) =>
    db
      .prepare(`UPDATE reminders SET ${set}, lease_until = NULL, updated_at = ?1 WHERE id = ?2 AND claim_token = ?3 AND ${OWNED}`)
      .bind(opts.now(), id, token, ...args)
      .run();

  try {
    await sendSubscribeMessage(env, appFor(env, row), {
      touser: row.openid,
      template_id: row.template_id,
      ...(row.page ? { page: row.page } : {}),
      data: JSON.parse(row.data),
      miniprogram_state: config(env).WECHAT_MINIPROGRAM_STATE,
      lang: "zh_CN",
    });
  } catch (err) {
    const outcome = classify(err);
    if (outcome.kind === "rejected") {
      await settle("state = 'rejected', last_error = ?4", outcome.reason);
      return { result: "rejected", detail: outcome.reason };
    }
    if (row.attempts >= opts.maxAttempts) {
      await settle("state = 'failed', last_error = ?4", `gave up after ${row.attempts} attempts: ${outcome.reason}`);
      return { result: "failed", detail: outcome.reason };
    }
    const delaySeconds = backoffSeconds(row.attempts, outcome.minDelaySeconds, opts.baseDelaySeconds, opts.maxDelaySeconds);
    const later = opts.now();
    await db
      .prepare(
        `UPDATE reminders SET state = 'queued', last_error = ?1, lease_until = ?2, updated_at = ?3
         WHERE id = ?4 AND claim_token = ?5 AND ${OWNED}`,
      )
      .bind(outcome.reason, later + delaySeconds * 1000 + opts.queuedLeaseMs, later, id, token)
      .run();
    return { result: "retry", delaySeconds, detail: outcome.reason };
  }
  await settle("state = 'sent', sent_at = ?1, last_error = NULL");
  return { result: "sent" };
}

/** The row was not `queued`: another consumer has it, or it is finished. */
async function notClaimed(db: D1Database, id: number, now: number): Promise<Delivery> {
  const row = await db
    .prepare("SELECT state, lease_until FROM reminders WHERE id = ?1")
    .bind(id)
    .first<{ state: string; lease_until: number | null }>();
  if (!row) return { result: "gone" };
  if (row.state !== "sending") return { result: "duplicate", detail: row.state };
  if (row.lease_until !== null && row.lease_until > now) {
    // Another consumer is calling WeChat for it right now: look again once its lease ends.
    return { result: "busy", delaySeconds: Math.ceil((row.lease_until - now) / 1000) };
  }
  const res = await db
    .prepare(
      `UPDATE reminders SET state = 'failed', last_error = ?3, lease_until = NULL, updated_at = ?1
       WHERE id = ?2 AND state = 'sending' AND lease_until <= ?1`,
    )
    .bind(now, id, ABANDONED_REASON)
    .run();
  return res.meta.changes ? { result: "abandoned" } : { result: "duplicate", detail: "sending" };
}

/** The app a reminder goes out through: its surface's `<PREFIX>_APPID` and `<PREFIX>_APPSECRET`. */
export function appFor(env: Bindings, row: Pick<ClaimedRow, "surface" | "appid">): WechatApp {
  const prefix = WECHAT_SURFACES.find((p) => p === row.surface.toUpperCase());
  if (!prefix) throw new Error(`surface ${row.surface} sends no WeChat messages`);
  const app = wechatAppOf(env, prefix);
  if (app.appid !== row.appid) throw new Error(`appid ${row.appid} is not ${prefix}_APPID (${app.appid}), so it has no secret here`);
  if (!app.secret) throw new Error(`${prefix}_APPSECRET is not configured`);
  return app;
}
