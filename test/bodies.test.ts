import { SELF } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { sign } from "../src/surfaces/sports/signature";
import { BASE } from "./helpers";
import { createDevice } from "./sports-helpers";

const MiB = 1024 * 1024;

/** A body of `total` bytes sent in 64 KiB chunks without a Content-Length; counts what the server pulled. */
function chunked(prefix: string, total: number, suffix = "") {
  const enc = new TextEncoder();
  const state = { pulled: 0, cancelled: false };
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(ctrl) {
        if (sent >= total) return ctrl.close();
        let chunk: string;
        if (sent === 0) chunk = prefix;
        else if (sent + 65_536 >= total) chunk = suffix;
        else chunk = "x".repeat(65_536);
        if (chunk === suffix) sent = total;
        else sent += chunk.length;
        state.pulled += chunk.length;
        ctrl.enqueue(enc.encode(chunk));
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

describe("request bodies without a Content-Length", () => {
  it("a chunked JSON body over 1 MiB is refused in the surface's envelope, and not read to the end", async () => {
    const { stream, state } = chunked('{"session":"a.b.c","pad":"', 30 * MiB, '"}');
    const res = await SELF.fetch(`${BASE}/library/user/vertify_session/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: stream,
    });
    expect(await res.json()).toEqual({ status: 4, err_msg: "PARAM_body_INVALID", detail: "the request body is too large" });
    expect(state.pulled).toBeLessThan(8 * MiB);
  });

  it("a chunked form body over 1 MiB is refused too", async () => {
    const { stream } = chunked("openid=", 2 * MiB);
    const res = await SELF.fetch(`${BASE}/service/user/get`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: stream,
    });
    expect(await res.json()).toMatchObject({ code: -1, msg: "the request body is too large" });
  });

  it("a chunked body under the cap is read whole", async () => {
    const { stream } = chunked('{"session":"a.b.c","pad":"', 300_000, '"}');
    const res = await SELF.fetch(`${BASE}/library/user/vertify_session/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: stream,
    });
    expect(await res.json()).toEqual({ status: 1, err_msg: "LOGIN_FAILED" });
  });
});

describe("cabinet bodies", () => {
  const pollPath = "/sports/cabinet/poll";
  const headers = (deviceId: string, ts: string, signature: string) => ({
    "content-type": "application/json",
    "x-device-id": deviceId,
    "x-timestamp": ts,
    "x-signature": signature,
  });

  it("an unknown device or a malformed signature is refused before the body is read", async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    for (const [deviceId, signature] of [
      ["no-such-cabinet", "a".repeat(64)],
      ["no-such-cabinet", "not hex"],
    ]) {
      const { stream, state } = chunked('{"pad":"', 4 * MiB, '"}');
      const res = await SELF.fetch(`${BASE}${pollPath}`, { method: "POST", headers: headers(deviceId, ts, signature), body: stream });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { ok: boolean }).ok).toBe(false);
      expect(state.pulled).toBeLessThan(MiB);
    }
  });

  it("a signed body over 64 KiB is refused", async () => {
    const cab = await createDevice();
    const ts = String(Math.floor(Date.now() / 1000));
    const text = JSON.stringify({ pad: "x".repeat(70 * 1024) });
    const signature = await sign(cab.secret, ts, "POST", pollPath, text);
    const res = await SELF.fetch(`${BASE}${pollPath}`, { method: "POST", headers: headers(cab.deviceId, ts, signature), body: text });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ ok: false, error: "the request body is too large" });
    const small = JSON.stringify({ pad: "x".repeat(60 * 1024) });
    const ok = await SELF.fetch(`${BASE}${pollPath}`, {
      method: "POST",
      headers: headers(cab.deviceId, ts, await sign(cab.secret, ts, "POST", pollPath, small)),
      body: small,
    });
    expect(ok.status).toBe(200);
    await ok.json();
  });

  it("a WebSocket frame whose body is over 64 KiB is refused, and the socket stays usable", async () => {
    const cab = await createDevice();
    const wsPath = "/sports/cabinet/ws";
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await SELF.fetch(`${BASE}${wsPath}`, {
      headers: {
        upgrade: "websocket",
        "x-device-id": cab.deviceId,
        "x-timestamp": ts,
        "x-signature": await sign(cab.secret, ts, "GET", wsPath, ""),
      },
    });
    const ws = res.webSocket;
    if (!ws) throw new Error(`upgrade failed: ${res.status}`);
    ws.accept();
    const inbox: Array<{ id?: unknown; status: number; body: unknown }> = [];
    ws.addEventListener("message", (e) => inbox.push(JSON.parse(e.data as string)));
    const answer = (id: number) =>
      vi.waitFor(
        () => {
          const found = inbox.find((m) => m.id === id);
          if (!found) throw new Error(`no answer to ${id}`);
          return found;
        },
        { timeout: 2000 },
      );
    const send = async (id: number, body: unknown) => {
      const text = JSON.stringify(body);
      const timestamp = String(Math.floor(Date.now() / 1000));
      ws.send(
        JSON.stringify({ id, path: pollPath, timestamp, signature: await sign(cab.secret, timestamp, "POST", pollPath, text), body: text }),
      );
    };
    await send(1, { pad: "x".repeat(70 * 1024) });
    expect(await answer(1)).toMatchObject({ status: 400, body: { ok: false, error: "the request body is too large" } });
    await send(2, {});
    expect(await answer(2)).toMatchObject({ status: 200 });
    ws.close();
  });
});
