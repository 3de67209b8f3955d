import type { Bindings } from "../env";
import { config } from "../platform/config";

/** Queue names as in wrangler.toml; the queue handler tells the two apart by them. */
export const REMINDER_QUEUE_NAME = "campus-edge-reminders";
export const REMINDER_DLQ_NAME = "campus-edge-reminders-dlq";

/** What travels on the queue: the row id only, the row is the truth. */
export interface ReminderMessage {
  id: number;
}

/** The reminder id a queue message carries, or null for a message that is not one of ours. */
export function reminderIdOf(body: unknown): number | null {
  if (typeof body !== "object" || body === null || !("id" in body)) return null;
  const { id } = body;
  return typeof id === "number" && Number.isSafeInteger(id) ? id : null;
}

/** The part of a Queue binding the due scan needs (a stub in tests and benchmarks). */
export interface ReminderProducer {
  sendBatch(messages: Iterable<MessageSendRequest<ReminderMessage>>): Promise<unknown>;
}

const QUEUED_LEASE_MS = 10 * 60_000;

/** Why a row left in `sending` by a vanished consumer ends as failed rather than being sent again. */
export const ABANDONED_REASON = "outcome unknown: the sender stopped while calling WeChat";

/** Queues takes at most 100 messages (and 256 KB) per sendBatch; an id message is ~10 bytes. */
export const MAX_CHUNK = 100;

export interface ScanOptions {
  /** Epoch ms the scan treats as now. */
  now: number;
  /** Rows claimed per statement and messages per sendBatch (1..100). */
  chunkSize: number;
  /** Claim/send rounds per run: each costs one D1 statement and one sendBatch subrequest. */
  maxChunks: number;
  /**
   * Reminders due within this window are claimed now and delivered with a queue delay: they go out
   * on time, and a large burst is enqueued over the runs before it falls due.
   */
  lookaheadMs: number;
  /** Messages per second the scan hands to the queue at most (Queues takes 5,000 per second per queue). */
  maxPerSecond: number;
  /** A queued row whose message may have been lost is enqueued again after this long. */
  queuedLeaseMs: number;
}

export interface ConsumerOptions {
  now: () => number;
  /** WeChat calls per reminder before it is failed; keep it at the consumer's max_retries + 1. */
  maxAttempts: number;
  /** How long a consumer owns a row while calling WeChat (longer than the token fetch, a refresh and two sends). */
  sendingLeaseMs: number;
  /** First retry delay; doubles per attempt up to maxDelaySeconds. */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** After a retry is scheduled, the cron enqueues the row again only if it is still queued this long after the delay. */
  queuedLeaseMs: number;
}

export function scanOptions(env: Bindings, overrides: Partial<ScanOptions> = {}): ScanOptions {
  return {
    now: Date.now(),
    chunkSize: MAX_CHUNK,
    maxChunks: config(env).REMINDER_SCAN_CHUNKS,
    lookaheadMs: 5 * 60_000,
    maxPerSecond: 4000,
    queuedLeaseMs: QUEUED_LEASE_MS,
    ...overrides,
  };
}

export function consumerOptions(env: Bindings, overrides: Partial<ConsumerOptions> = {}): ConsumerOptions {
  return {
    now: Date.now,
    maxAttempts: config(env).REMINDER_MAX_ATTEMPTS,
    sendingLeaseMs: 120_000,
    baseDelaySeconds: 30,
    maxDelaySeconds: 3600,
    queuedLeaseMs: QUEUED_LEASE_MS,
    ...overrides,
  };
}
