import { invalidParam } from "./errors";

const tooLarge = () => invalidParam("body", "the request body is too large");

// One read per request: a later reader (params after a signature check) gets the same bytes.
const reads = new WeakMap<Request, Promise<Uint8Array>>();

/**
 * The request body, at most `maxBytes` of it: bytes are counted as they
 * arrive, so a chunked body (no Content-Length) is refused as soon as it
 * passes the cap and the rest is cancelled unread. Throws the platform's
 * "body too large" parameter error, which each surface's envelope answers.
 * A request's body is read once; the first reader's cap holds.
 */
export function readBodyBytes(req: Request, maxBytes: number): Promise<Uint8Array> {
  let read = reads.get(req);
  if (!read) {
    read = readCapped(req, maxBytes);
    reads.set(req, read);
  }
  return read;
}

export async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(req, maxBytes));
}

/** A form-encoded or multipart body, capped like `readBodyBytes`; repeated fields keep the last value. */
export async function readForm(req: Request, maxBytes: number): Promise<[string, string | File][]> {
  const bytes = await readBodyBytes(req, maxBytes);
  const form = await new Response(bytes, { headers: { "content-type": req.headers.get("content-type") ?? "" } }).formData();
  return [...form.entries()];
}

async function readCapped(req: Request, maxBytes: number): Promise<Uint8Array> {
  const body = req.body;
  if (!body) return new Uint8Array(0);
  if (Number(req.headers.get("content-length") ?? 0) > maxBytes) {
    await body.cancel();
    throw tooLarge();
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
