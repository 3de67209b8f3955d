import type { Bindings } from "../env";
import { simulatorsOn } from "./config";

type LocalHandler = (req: Request, env: Bindings) => Response | Promise<Response>;

let localHandler: LocalHandler | null = null;

/** The app registers itself so simulator-bound calls can stay inside the worker. */
export function registerLocalHandler(handler: LocalHandler) {
  localHandler = handler;
}

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
 * fetch for upstream services (WeChat, the library system). With simulators
 * on, a URL whose path starts with /__sim/ is served by this worker's own
 * simulator routes in-process, so local runs and tests exercise the same
 * client code as production without a network hop. Every call is bounded by
 * a timeout so a slow upstream never hangs a request.
 */
export async function upstreamFetch(env: Bindings, url: string, init: RequestInit = {}, timeoutMs = 8000): Promise<Response> {
  const signal = AbortSignal.timeout(timeoutMs);
  const request = new Request(url, { ...init, signal });
  try {
    if (localHandler && simulatorsOn(env) && new URL(url).pathname.startsWith("/__sim/")) {
      return await Promise.race([
        Promise.resolve(localHandler(request, env)),
        new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
      ]);
    }
    return await fetch(request);
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    throw new UpstreamError(timedOut ? `upstream timed out after ${timeoutMs} ms` : `upstream unreachable: ${String(err)}`, timedOut);
  }
}
