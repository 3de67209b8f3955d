/**
 * Replies that misbehave after their headers, for the faults of every simulator: `trickle` sends the headers at
 * once and then a space every `everyMs`, forever (an upstream that is up but never finishes; JSON and XML
 * readers would take the spaces), `huge` streams 32 MiB of filler without a content-length (far more than any
 * reply should be; finite, so a reader without a cap still ends).
 */
export function trickle(contentType: string, everyMs = 100): Response {
  const space = new Uint8Array([0x20]);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, everyMs));
      controller.enqueue(space);
    },
  });
  return new Response(body, { headers: { "content-type": contentType } });
}

const CHUNK = new Uint8Array(64 * 1024).fill(0x20);

export function huge(contentType: string, bytes = 32 * 1024 * 1024): Response {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      controller.enqueue(CHUNK);
      sent += CHUNK.byteLength;
    },
  });
  return new Response(body, { headers: { "content-type": contentType } });
}
