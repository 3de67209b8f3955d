import { WechatError } from "../platform/wechat/errors";

/** WeChat refuses these for good: the user withdrew consent, or the openid, template or data is wrong. */
export const REJECTED_ERRCODES = new Set([43101, 40003, 40037, 47003]);
/** Quota answers: the minute quota frees up within a minute, the daily one much later. */
const RATE_LIMIT_DELAY_SECONDS: Record<number, number> = { 45009: 3600, 45011: 60, 45047: 60 };

export type Outcome = { kind: "rejected"; reason: string } | { kind: "retry"; reason: string; minDelaySeconds: number };

/**
 * What a failed send means for the reminder. Token errors (40001/42001)
 * reach here only after `withAccessToken` refreshed the token and the
 * second try failed too, so they are retried later like any transient fault.
 */
export function classify(err: unknown): Outcome {
  if (err instanceof WechatError) {
    const reason = err.network ? `network: ${err.errmsg}` : `${err.errcode}: ${err.errmsg}`;
    if (!err.network && REJECTED_ERRCODES.has(err.errcode)) return { kind: "rejected", reason };
    return { kind: "retry", reason, minDelaySeconds: RATE_LIMIT_DELAY_SECONDS[err.errcode] ?? 0 };
  }
  return { kind: "retry", reason: err instanceof Error ? err.message : String(err), minDelaySeconds: 0 };
}

/** Exponential backoff by the queue's attempt count (1 for the first delivery). */
export function backoffSeconds(attempt: number, minDelaySeconds: number, base: number, max: number): number {
  const exp = Math.min(base * 2 ** Math.max(0, attempt - 1), max);
  return Math.min(Math.max(exp, minDelaySeconds), 86_400);
}
