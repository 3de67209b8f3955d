export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly timedOut = false,
  ) {
    super(message);
    this.name = "UpstreamError";
  }
}

/** An upstream's answer, its body read whole. */
export interface UpstreamReply {
  status: number;
  ok: boolean;
  contentType: string;
  body: Uint8Array;
}

export const replyText = (reply: UpstreamReply) => new TextDecoder().decode(reply.body);

export interface UpstreamLimits {
  /** For the whole call: the headers and every byte of the body. */
  timeoutMs?: number;
  maxBytes?: number;
}

const MiB = 1024 * 1024;

/** `promise`, or the signal's reason once it aborts (a stream read does not always end when its fetch's signal fires). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}

async function readCapped(res: Response, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
  const tooLarge = () => new UpstreamError(`upstream reply larger than ${maxBytes} bytes`);
  const declared = Number(res.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw tooLarge();
  }
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await untilAborted(reader.read(), signal);
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) throw tooLarge();
      chunks.push(value);
    }
  } catch (err) {
    reader.cancel().catch(() => {});
    throw err;
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

/**
 * One call to an upstream service (WeChat, the library system, the 精弘 upstreams), its body read whole. The
 * timeout covers the body too, so an upstream that sends its headers and then trickles never holds a request;
 * a body over `maxBytes` is refused, so an upstream cannot fill the isolate's memory. Every failure (unreachable,
 * timed out, too large, cut off) is an UpstreamError, which each caller turns into its surface's own error.
 * Locally and in the tests the upstream URLs point at the simulators worker (simulators/), reached over the same
 * fetch as production's real upstreams.
 */
export async function upstreamCall(url: string, init: RequestInit = {}, limits: UpstreamLimits = {}): Promise<UpstreamReply> {
  const { timeoutMs = 8000, maxBytes = MiB } = limits;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await untilAborted(fetch(new Request(url, { ...init, signal })), signal);
    const body = await readCapped(res, maxBytes, signal);
    return { status: res.status, ok: res.ok, contentType: res.headers.get("content-type") ?? "", body };
  } catch (err) {
    if (err instanceof UpstreamError) throw err;
    const timedOut = signal.aborted || (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError"));
    throw new UpstreamError(timedOut ? `upstream timed out after ${timeoutMs} ms` : `upstream unreachable: ${String(err)}`, timedOut);
  }
}
