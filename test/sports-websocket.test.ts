import { SELF } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { sign } from "../src/surfaces/sports/signature";
import { BASE } from "./helpers";
import { type Cab, createDevice, latest, placeItems, q, rent, signup, uniq } from "./sports-helpers";

const WS_PATH = "/sports/cabinet/ws";

async function upgrade(cab: Cab, opts: { secret?: string; query?: boolean } = {}) {
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = await sign(opts.secret ?? cab.secret, ts, "GET", WS_PATH, "");
  const auth = { device_id: cab.deviceId, timestamp: ts, signature };
  const url = opts.query ? `${BASE}${WS_PATH}?${new URLSearchParams(auth)}` : `${BASE}${WS_PATH}`;
  const headers: Record<string, string> = { upgrade: "websocket" };
  if (!opts.query) Object.assign(headers, { "x-device-id": cab.deviceId, "x-timestamp": ts, "x-signature": signature });
  return SELF.fetch(url, { headers });
}

async function connect(cab: Cab, opts: { query?: boolean } = {}) {
  const res = await upgrade(cab, opts);
  const ws = res.webSocket;
  if (!ws) throw new Error(`upgrade failed: ${res.status} ${await res.text()}`);
  ws.accept();
  const inbox: any[] = [];
  const waiting: Array<(m: any) => void> = [];
  let closed: number | null = null;
  ws.addEventListener("message", (e) => {
    const msg = JSON.parse(e.data as string);
    const w = waiting.shift();
    if (w) w(msg);
    else inbox.push(msg);
  });
  ws.addEventListener("close", (e) => {
    closed = e.code;
  });
  const next = () =>
    new Promise<any>((resolve, reject) => {
      const m = inbox.shift();
      if (m) return resolve(m);
      const timer = setTimeout(() => reject(new Error("no message within 3 s")), 3000);
      waiting.push((msg) => {
        clearTimeout(timer);
        resolve(msg);
      });
    });
  const send = async (id: number, path: string, body: unknown, secret = cab.secret) => {
    const text = JSON.stringify(body);
    const timestamp = String(Math.floor(Date.now() / 1000));
    ws.send(JSON.stringify({ id, path, timestamp, signature: await sign(secret, timestamp, "POST", path, text), body: text }));
  };
  return { ws, next, send, closed: () => closed };
}

describe("the cabinet WebSocket", () => {
  it("refuses a plain request with 426 and a badly signed upgrade with 401", async () => {
    const cab = await createDevice();
    const plain = await SELF.fetch(`${BASE}${WS_PATH}`);
    expect(plain.status).toBe(426);
    await plain.text();
    const bad = await upgrade(cab, { secret: "wrong" });
    expect(bad.status).toBe(401);
    expect(bad.webSocket).toBeNull();
    await bad.text();
  });

  it("answers signed polls, pushes door commands at once and takes signed reports", async () => {
    const cab = await createDevice(uniq("cab"), "柜WS", 2);
    await placeItems(cab.deviceId, [{ tag: "T-WS1", name: "篮球WS", type: "篮球", slot: 1 }]);
    const conn = await connect(cab, { query: true });

    await conn.send(1, "/sports/cabinet/poll", {
      slots: [
        { slot: 1, tag: "T-WS1" },
        { slot: 2, tag: null },
      ],
    });
    const polled = await conn.next();
    expect(polled).toEqual({
      id: 1,
      path: "/sports/cabinet/poll",
      status: 200,
      body: { codes: [expect.stringMatching(/^\d{3}$/)], commands: [], poll_after_ms: 15000 },
    });

    const s = await signup();
    const r = await rent(s, cab, "篮球", polled.body.codes[0]);
    expect(r.status).toBe("accepted");
    const pushed = await conn.next();
    expect(pushed).toMatchObject({ push: true, path: "/sports/cabinet/poll", status: 200 });
    expect(pushed.body.commands).toEqual([expect.objectContaining({ command_id: r.operation_id, slot: 1, purpose: "rent" })]);

    await conn.send(2, "/sports/cabinet/report", {
      command_id: r.operation_id,
      door: "opened",
      slot: 1,
      tag_removed: "T-WS1",
      tag_inserted: null,
    });
    expect(await conn.next()).toEqual({ id: 2, path: "/sports/cabinet/report", status: 200, body: { ok: true } });
    expect((await latest(s)).operation).toMatchObject({ state: "succeeded", name: "篮球WS" });

    await conn.send(3, "/sports/cabinet/report", { command_id: "nope", door: "opened", slot: 1 });
    expect(await conn.next()).toMatchObject({ id: 3, status: 404 });
    await conn.send(4, "/sports/cabinet/report", { door: "sideways" });
    expect(await conn.next()).toMatchObject({ id: 4, status: 400 });
    conn.ws.close(1000, "done");
  });

  it("answers a message with a bad signature with 401, changes nothing and closes the socket", async () => {
    const cab = await createDevice(uniq("cab"), "柜WS2", 2);
    await placeItems(cab.deviceId, [{ tag: "T-WS2", name: "篮球WS2", type: "篮球", slot: 1 }]);
    const conn = await connect(cab);
    await conn.send(1, "/sports/cabinet/poll", {});
    const { body } = await conn.next();
    const s = await signup();
    const r = await rent(s, cab, "篮球", body.codes[0]);
    await conn.next(); // the pushed command
    await conn.send(2, "/sports/cabinet/report", { command_id: r.operation_id, door: "opened", slot: 1, tag_removed: "T-WS2" }, "forged");
    expect(await conn.next()).toMatchObject({ id: 2, status: 401 });
    await vi.waitFor(() => expect(conn.closed()).toBe(4401), { timeout: 500 });
    expect((await latest(s)).operation.state).toBe("pending");
    expect((await SELF.fetch(`${BASE}/sports/user/status?${q(s)}`).then((x) => x.json())) as any).toEqual({
      status: "accepted",
      items: [],
      rented: [],
    });
  });
});
