import { Hono, type MiddlewareHandler } from "hono";
import type { AppEnv } from "../../env";
import { AppError } from "../../platform/errors";
import { describe } from "../../platform/openapi";
import { params } from "../../platform/params";
import { cabinetOf } from "./devices";
import { cabinetEnvelope } from "./envelope";
import { pollParams, pollReply, reportParams, reportReply } from "./schemas";
import { verifyCabinet } from "./signature";
import { CLOCK_WINDOW_S } from "./timing";

/** The cabinets' side (CONTRACT section 4): signed polls and reports, mounted at /sports/cabinet. */
export const cabinetApp = new Hono<AppEnv & { Variables: { deviceId: string } }>();

cabinetApp.use("*", async (c, next) => {
  c.set("envelope", cabinetEnvelope);
  await next();
});

const signed: MiddlewareHandler<AppEnv & { Variables: { deviceId: string } }> = async (c, next) => {
  const device = await verifyCabinet(
    c.var.db,
    { deviceId: c.req.header("x-device-id"), timestamp: c.req.header("x-timestamp"), signature: c.req.header("x-signature") },
    c.req.method,
    c.req.path,
    await c.req.text(),
  );
  c.set("deviceId", device.id);
  await next();
};

const tags = ["003 sports cabinets"];
const signing = `Signed: headers X-Device-Id, X-Timestamp (unix seconds, within ${CLOCK_WINDOW_S} s) and X-Signature = lowercase hex HMAC-SHA256(secret, timestamp + "\\n" + method + "\\n" + path + "\\n" + body), path without the query string. Anything else gets 401 and changes nothing.`;

cabinetApp.post(
  "/poll",
  describe({
    tags,
    summary: "Poll: report the slots the reader sees, get the codes to show and the doors to open",
    description: `${signing} A command is delivered on every poll until it is reported or expires.`,
    responses: { 200: ["codes and commands", pollReply], 401: ["bad signature, stale timestamp or unknown device"] },
  }),
  signed,
  params(pollParams, "POST"),
  async (c) => {
    const { slots } = c.var.params;
    return c.json(await cabinetOf(c.env, c.var.deviceId).poll(c.var.deviceId, slots));
  },
);

cabinetApp.post(
  "/report",
  describe({
    tags,
    summary: "Report what a door command did (idempotent)",
    description: `${signing} A rent succeeds when the door opened and a tag left; a revert when the door opened and the renter's tag came in.`,
    responses: {
      200: ["recorded (or already recorded)", reportReply],
      401: ["bad signature, stale timestamp or unknown device"],
      404: ["no such command on this cabinet"],
    },
  }),
  signed,
  params(reportParams, "POST"),
  async (c) => {
    const result = await cabinetOf(c.env, c.var.deviceId).report(c.var.deviceId, c.var.params);
    if (result === "unknown") throw new AppError("not_found", "unknown command");
    return c.json({ ok: true });
  },
);

cabinetApp.get(
  "/ws",
  describe({
    tags,
    summary: "WebSocket transport: the same signed poll and report, with door commands pushed at once",
    description:
      "The upgrade request is signed like the others (method GET, path /sports/cabinet/ws, empty body); clients that cannot set headers may send device_id, timestamp and signature as query parameters. " +
      'Each message is `{"id": any, "path": "/sports/cabinet/poll" | "/sports/cabinet/report", "timestamp": "...", "signature": "...", "body": "<JSON text>"}`, signed exactly as the HTTP request would be (method POST). ' +
      'Answers are `{"id", "path", "status", "body"}` with the HTTP endpoint\'s status and body; the server also pushes `{"push": true, "path": "/sports/cabinet/poll", "status": 200, "body": <poll reply>}` when a command is queued or the codes change. A message failing its signature gets status 401 and the socket is closed.',
    responses: {
      101: ["switching protocols"],
      401: ["bad signature, stale timestamp or unknown device"],
      426: ["not a WebSocket upgrade"],
    },
  }),
  async (c) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") return c.json({ ok: false, error: "expected a WebSocket upgrade" }, 426);
    const device = await verifyCabinet(
      c.var.db,
      {
        deviceId: c.req.header("x-device-id") ?? c.req.query("device_id"),
        timestamp: c.req.header("x-timestamp") ?? c.req.query("timestamp"),
        signature: c.req.header("x-signature") ?? c.req.query("signature"),
      },
      "GET",
      c.req.path,
      "",
    );
    const headers = new Headers(c.req.raw.headers);
    headers.set("x-cabinet-device", device.id);
    return cabinetOf(c.env, device.id).fetch(new Request(c.req.raw, { headers }));
  },
);
