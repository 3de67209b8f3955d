import { createMiddleware } from "hono/factory";
import * as v from "valibot";
import { readBodyText } from "../../../platform/body";
import { describe } from "../../../platform/openapi";
import { params } from "../../../platform/params";
import { authenticate, createSurface, type SurfaceEnv } from "../../../platform/surface";
import { cabinetOf } from "../devices";
import { PREFIX } from "../name";
import { cabinetEnvelope, carryOut, MAX_CABINET_BODY_BYTES, POLL_PATH, REPORT_PATH, WS_PATH } from "../protocol";
import { pollParams, pollReply, reportParams, reportReply } from "../schemas";
import { type SignedDevice, verifyCabinet } from "../signature";
import { CLOCK_WINDOW_S, POLL_AFTER_MS } from "../timing";

/** The cabinets' side (CONTRACT section 4): signed polls and reports, mounted at /sports/cabinet. The caller is the device. */
export const cabinet = createSurface<SurfaceEnv<SignedDevice>>({ prefix: `${PREFIX}/cabinet`, envelope: cabinetEnvelope });
const app = cabinet.app;

/** A signed request: X-Device-Id, X-Timestamp and X-Signature over the method, path and body; the body is read once the device is known. */
const requireCabinet = authenticate<SignedDevice>(async (c) =>
  verifyCabinet(
    c.var.db,
    { deviceId: c.req.header("x-device-id"), timestamp: c.req.header("x-timestamp"), signature: c.req.header("x-signature") },
    c.req.method,
    c.req.path,
    () => readBodyText(c.req.raw, MAX_CABINET_BODY_BYTES),
  ),
);

/** The WebSocket upgrade, signed in the headers or, for clients that cannot set them, the query. */
const requireSignedUpgrade = authenticate<SignedDevice>(async (c) =>
  verifyCabinet(
    c.var.db,
    {
      deviceId: c.req.header("x-device-id") ?? c.req.query("device_id"),
      timestamp: c.req.header("x-timestamp") ?? c.req.query("timestamp"),
      signature: c.req.header("x-signature") ?? c.req.query("signature"),
    },
    "GET",
    c.req.path,
    "",
  ),
);

const upgradeOnly = createMiddleware<SurfaceEnv<SignedDevice>>(async (c, next) => {
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") return c.json({ ok: false, error: "expected a WebSocket upgrade" }, 426);
  await next();
});

const tags = ["003 sports cabinets"];
const signing = `Signed: headers X-Device-Id, X-Timestamp (unix seconds, within ${CLOCK_WINDOW_S} s) and X-Signature = lowercase hex HMAC-SHA256(secret, timestamp + "\\n" + method + "\\n" + path + "\\n" + body), path without the query string. Anything else gets 401 and changes nothing. The body is read only once the device is known, and a body over 64 KiB gets 400.`;

app.post(
  "/poll",
  describe({
    tags,
    summary: "Poll: report the slots the reader sees, get the codes to show and the doors to open",
    description: `${signing} A command is delivered on every poll until it is reported or expires. Each signed request is applied once: the same request sent again (a retry after a lost reply, two polls in one second), or a snapshot older than a poll or report already applied, is answered with the current codes and commands and changes nothing.`,
    responses: {
      200: ["codes and commands", pollReply],
      401: ["bad signature, stale timestamp or unknown device"],
    },
  }),
  requireCabinet,
  params(pollParams, "POST"),
  async (c) => {
    const deviceId = c.var.user.id;
    return c.json(
      await carryOut(cabinetOf(c.env, deviceId), deviceId, { path: POLL_PATH, slots: c.var.params.slots }, c.var.user.seal, POLL_AFTER_MS),
    );
  },
);

app.post(
  "/report",
  describe({
    tags,
    summary: "Report what a door command did (idempotent)",
    description: `${signing} A rent succeeds when the door opened and a tag left; a revert when the door opened and the renter's tag came in. A report sent again, as the same signed request or signed afresh, settles nothing twice; the same signed request gets the answer its first copy got.`,
    responses: {
      200: ["recorded (or already recorded)", reportReply],
      401: ["bad signature, stale timestamp or unknown device"],
      404: ["no such command on this cabinet"],
      409: ["a report contradicting the command (its slot, the tag the slot held): nothing changed, kept as an anomaly"],
    },
  }),
  requireCabinet,
  params(reportParams, "POST"),
  async (c) => {
    const deviceId = c.var.user.id;
    return c.json(
      await carryOut(cabinetOf(c.env, deviceId), deviceId, { path: REPORT_PATH, report: c.var.params }, c.var.user.seal, POLL_AFTER_MS),
    );
  },
);

const upgradeParams = v.object({
  device_id: v.optional(v.pipe(v.string(), v.description("X-Device-Id, for clients that cannot set headers"))),
  timestamp: v.optional(v.pipe(v.string(), v.description("X-Timestamp, likewise"))),
  signature: v.optional(v.pipe(v.string(), v.description("X-Signature, likewise"))),
});

app.get(
  "/ws",
  describe({
    tags,
    summary: "WebSocket transport: the same signed poll and report, with door commands pushed at once",
    description:
      `The upgrade request is signed like the others (method GET, path ${WS_PATH}, empty body); clients that cannot set headers may send device_id, timestamp and signature as query parameters. ` +
      `Each message is \`{"id": 7, "path": "${POLL_PATH}" | "${REPORT_PATH}", "timestamp": "...", "signature": "...", "body": "<JSON text>"}\`, signed exactly as the HTTP request would be (method POST); the id (any JSON value) comes back in the answer. ` +
      `Answers are \`{"id", "path", "status", "body"}\` with the HTTP endpoint's status and body; the server also pushes \`{"push": true, "path": "${POLL_PATH}", "status": 200, "body": <poll reply>}\` when a command is queued or the codes change. A message failing its signature gets status 401 and the socket is closed.`,
    responses: {
      101: ["switching protocols"],
      401: ["bad signature, stale timestamp or unknown device"],
      426: ["not a WebSocket upgrade"],
    },
  }),
  params(upgradeParams, "GET"),
  upgradeOnly,
  requireSignedUpgrade,
  async (c) => {
    const headers = new Headers(c.req.raw.headers);
    headers.set("x-cabinet-device", c.var.user.id);
    return cabinetOf(c.env, c.var.user.id).fetch(new Request(c.req.raw, { headers }));
  },
);
