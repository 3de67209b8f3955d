import type { Bindings } from "../env";

export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly timedOut = false,
  ) {
    super(message);
    this.name = "UpstreamError";
  }
}

/**
 * fetch for upstream services (WeChat, the library system), bounded by a
 * timeout so a slow upstream never hangs a request. Locally and in the tests
 * the upstream URLs point at the simulators worker (simulators/), reached
 * over the same fetch as production's real upstreams.
 */
export async function upstreamFetch(_env: Bindings, url: string, init: RequestInit = {}, timeoutMs = 8000): Promise<Response> {
  try {
    return await fetch(new Request(url, { ...init, signal: AbortSignal.timeout(timeoutMs) }));
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    throw new UpstreamError(timedOut ? `upstream timed out after ${timeoutMs} ms` : `upstream unreachable: ${String(err)}`, timedOut);
  }
}
