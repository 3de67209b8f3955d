import * as v from "valibot";
import type { Db } from "../../env";
import { AppError, type ErrorEnvelope, invalidParam } from "../../platform/errors";
import { issueToError } from "../../platform/params";
import type { CabinetRpc, PollReply, Refused, Report, Seal, SlotView } from "./cabinet-rpc";
import { PREFIX } from "./name";
import { pollParams, reportParams } from "./schemas";
import { type Signed, verifyCabinet } from "./signature";
import { WS_POLL_AFTER_MS } from "./timing";

/**
 * The cabinets' protocol (CONTRACT section 4), whichever transport carries
 * it: the signed HTTP requests (src/surfaces/sports/cabinet.ts) and the
 * signed messages of the WebSocket the Cabinet object holds. Both check the
 * signature with `verifyCabinet`, validate with the same schemas, carry the
 * request out with `carryOut` and answer errors with `errorReply`.
 */

export const POLL_PATH = `${PREFIX}/cabinet/poll`;
export const REPORT_PATH = `${PREFIX}/cabinet/report`;
export const WS_PATH = `${PREFIX}/cabinet/ws`;

/** A validated request from a cabinet. */
export type CabinetRequest = { path: typeof POLL_PATH; slots: SlotView[] | undefined } | { path: typeof REPORT_PATH; report: Report };

/** What carries the request out: the cabinet's object, or its stub. */
export type CabinetCalls = Pick<CabinetRpc, "poll" | "report">;

function validated<S extends v.GenericSchema>(schema: S, raw: unknown): v.InferOutput<S> {
  const parsed = v.safeParse(schema, raw);
  if (!parsed.success) throw issueToError(parsed.issues);
  return parsed.output;
}

/** The body of a poll or a report, validated as the HTTP endpoints' `params` validate it. */
export function validateRequest(path: string, raw: unknown): CabinetRequest {
  if (path === POLL_PATH) return { path, slots: validated(pollParams, raw).slots };
  if (path === REPORT_PATH) return { path, report: validated(reportParams, raw) };
  throw new AppError("invalid_param", `path must be ${POLL_PATH} or ${REPORT_PATH}`, { field: "path" });
}

const isRefused = (x: unknown): x is Refused => typeof x === "object" && x !== null && "refused" in x;

/**
 * Carries out a validated request; a report on a command the cabinet does
 * not know is a 404, a report contradicting what the object knows a 409. A
 * repeated request is answered, never refused (the object applies it once).
 */
export async function carryOut(
  cabinet: CabinetCalls,
  deviceId: string,
  request: CabinetRequest,
  seal: Seal,
  pollAfterMs: number,
): Promise<PollReply | { ok: true }> {
  const answer =
    request.path === POLL_PATH
      ? await cabinet.poll(deviceId, request.slots, seal, pollAfterMs)
      : await cabinet.report(deviceId, request.report, seal);
  if (isRefused(answer)) throw new AppError("conflict", answer.refused);
  if (answer === "unknown") throw new AppError("not_found", "unknown command");
  if (answer === "ok") return { ok: true };
  return answer;
}

/** Cabinets get plain JSON, `{ok: false, error}`, with the HTTP status. */
export function errorReply(err: AppError | SyntaxError): { status: 400 | 401 | 404 | 409 | 500; body: { ok: false; error: string } } {
  if (!(err instanceof AppError)) return { status: 400, body: { ok: false, error: err.message } };
  const statuses: Partial<Record<AppError["kind"], 401 | 404 | 409 | 500>> = {
    unauthenticated: 401,
    not_found: 404,
    conflict: 409,
    internal: 500,
  };
  const status = statuses[err.kind] ?? 400;
  return { status, body: { ok: false, error: err.kind === "internal" ? "internal error" : err.message } };
}

/** The HTTP endpoints' envelope. */
export const cabinetEnvelope: ErrorEnvelope = (c, err) => {
  const { status, body } = errorReply(err);
  return c.json(body, status);
};

export interface FrameReply {
  id: unknown;
  path: string;
  status: number;
  body: unknown;
}

const frameSchema = v.object({
  id: v.optional(v.unknown()),
  path: v.optional(v.unknown()),
  timestamp: v.optional(v.unknown()),
  signature: v.optional(v.unknown()),
  body: v.optional(v.unknown()),
});

/** A poll or a report is small: a body (HTTP) or a frame's body (WebSocket) over this is refused unread. */
export const MAX_CABINET_BODY_BYTES = 64 * 1024;
/** Room in a frame for its id, path, timestamp, signature and the body's JSON escaping. */
const MAX_FRAME_BYTES = 2 * MAX_CABINET_BODY_BYTES;

/** The frame's fields; anything but an object has none. */
function readFrame(message: string | ArrayBuffer): v.InferOutput<typeof frameSchema> {
  const bytes = typeof message === "string" ? new TextEncoder().encode(message) : new Uint8Array(message);
  if (bytes.byteLength > MAX_FRAME_BYTES) throw invalidParam("body", "the request body is too large");
  const parsed = v.safeParse(frameSchema, JSON.parse(new TextDecoder().decode(bytes)));
  return parsed.success ? parsed.output : {};
}

/**
 * Answers one WebSocket message `{id?, path, timestamp, signature, body}`:
 * `body` is the JSON text and `signature` exactly what the HTTP request
 * would carry (method POST). The answer is `{id, path, status, body}` with
 * the HTTP endpoint's status and body.
 */
export async function answerFrame(db: Db, cabinet: CabinetCalls, deviceId: string, message: string | ArrayBuffer): Promise<FrameReply> {
  let id: unknown = null;
  let path = "";
  try {
    const frame = readFrame(message);
    id = frame.id ?? null;
    path = typeof frame.path === "string" ? frame.path : "";
    const { body } = frame;
    if ((path !== POLL_PATH && path !== REPORT_PATH) || typeof body !== "string") {
      throw new AppError("invalid_param", `path must be ${POLL_PATH} or ${REPORT_PATH}, body a JSON string`);
    }
    if (new TextEncoder().encode(body).byteLength > MAX_CABINET_BODY_BYTES) throw invalidParam("body", "the request body is too large");
    const signed: Signed = { deviceId, timestamp: String(frame.timestamp ?? ""), signature: String(frame.signature ?? "") };
    const { seal } = await verifyCabinet(db, signed, "POST", path, body);
    const request = validateRequest(path, body.trim() === "" ? {} : JSON.parse(body));
    return { id, path, status: 200, body: await carryOut(cabinet, deviceId, request, seal, WS_POLL_AFTER_MS) };
  } catch (err) {
    if (!(err instanceof AppError) && !(err instanceof SyntaxError)) throw err;
    return { id, path, ...errorReply(err) };
  }
}
