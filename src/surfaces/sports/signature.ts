import type { Db } from "../../env";
import { toHex } from "../../platform/encoding";
import { AppError } from "../../platform/errors";
import { constantTimeEqual } from "../../platform/random";
import type { Seal } from "./cabinet-rpc";
import { type Device, liveDevice } from "./devices";
import { CLOCK_WINDOW_S } from "./timing";

const encoder = new TextEncoder();

/** Lowercase hex HMAC-SHA256(secret, `timestamp\nmethod\npath\nbody`), path without the query. */
export async function sign(secret: string, timestamp: string, method: string, path: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(`${timestamp}\n${method}\n${path}\n${body}`));
  return toHex(mac);
}

const unauthorised = (why: string) => new AppError("unauthenticated", why);

/** A cabinet's credentials, from headers, query parameters or a WebSocket message. */
export interface Signed {
  deviceId?: string;
  timestamp?: string;
  signature?: string;
}

/** A cabinet whose request's signature checked out, with what makes that request fresh (the Cabinet object checks it). */
export type SignedDevice = Device & { seal: Seal };

/**
 * Checks a cabinet's signed request; throws a 401 (and nothing changes) on
 * malformed credentials, an unknown or retired device, a stale timestamp or
 * a wrong signature. `body` may be a reader: it runs only once the
 * credentials' shape, the clock and the device have passed.
 */
export async function verifyCabinet(
  db: Db,
  h: Signed,
  method: string,
  path: string,
  body: string | (() => Promise<string>),
  now = Date.now(),
): Promise<SignedDevice> {
  if (!h.deviceId || !h.timestamp || !h.signature) throw unauthorised("X-Device-Id, X-Timestamp and X-Signature are required");
  if (!/^[0-9a-fA-F]{64}$/.test(h.signature) || h.deviceId.length > 128) throw unauthorised("malformed credentials");
  // Whole seconds on both sides, so a timestamp exactly the window away is inside it, early or late alike.
  if (!/^\d{1,12}$/.test(h.timestamp) || Math.abs(Number(h.timestamp) - Math.floor(now / 1000)) > CLOCK_WINDOW_S) {
    throw unauthorised("timestamp outside the accepted window");
  }
  const device = await liveDevice(db, h.deviceId);
  if (!device) throw unauthorised("unknown device");
  const text = typeof body === "string" ? body : await body();
  const expected = await sign(device.secret, h.timestamp, method, path, text);
  const signature = h.signature.toLowerCase();
  if (!constantTimeEqual(expected, signature)) throw unauthorised("bad signature");
  return { ...device, seal: { timestamp: Number(h.timestamp), signature } };
}
