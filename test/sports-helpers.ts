import { env, runDurableObjectAlarm, runInDurableObject, SELF } from "cloudflare:test";
import { sign } from "../src/surfaces/sports/signature";
import { ADMIN, BASE, getJson, postJson, wxCode } from "./helpers";

/** Helpers for the sports (003) tests: students, cabinets and their signed requests. */

export interface Student {
  userid: string;
  client_session_id: string;
}

let seq = 0;
export const uniq = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;

export async function signup(openid = uniq("wx"), profile: Record<string, string> = { phone: "+86 18888888888" }): Promise<Student> {
  const { body } = await getJson(
    `/sports/user/signup?${new URLSearchParams({ code: await wxCode(openid, "wx-sports-demo"), ...profile })}`,
  );
  if (body.status !== "accepted") throw new Error(`signup failed: ${body.status}`);
  return { userid: body.userid, client_session_id: body.client_session_id };
}

export const q = (student: Student, extra: Record<string, string | number> = {}) =>
  new URLSearchParams({ ...student, ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)])) }).toString();

export async function createDevice(deviceId = uniq("cab"), name = `柜${deviceId}`, slots = 4) {
  const { status, body } = await postJson("/admin/sports/devices", { device_id: deviceId, name, location: "操场", slots }, ADMIN);
  if (status !== 201) throw new Error(`create device: ${status} ${JSON.stringify(body)}`);
  return { deviceId, name, secret: body.secret as string };
}

export async function placeItems(deviceId: string, items: Array<{ tag: string; name: string; type: string; slot: number }>) {
  return postJson(`/admin/sports/devices/${deviceId}/items`, { items }, ADMIN);
}

export interface Cab {
  deviceId: string;
  name: string;
  secret: string;
}

const lastStamp = new Map<string, number>();
const usedStamps = new Set<string>();

/**
 * The timestamp the tests' cabinet signs with: never before its last one,
 * and moved on a second when the same request was already signed at that
 * second, so each call is a new request (the same signed request sent again
 * is answered but applies nothing; `sealed` and `send` make such repeats).
 */
export function freshStamp(deviceId: string, path: string, text: string): number {
  let ts = Math.max(Math.floor(Date.now() / 1000), lastStamp.get(deviceId) ?? 0);
  while (usedStamps.has(`${deviceId}\n${ts}\n${path}\n${text}`)) ts++;
  usedStamps.add(`${deviceId}\n${ts}\n${path}\n${text}`);
  lastStamp.set(deviceId, ts);
  return ts;
}

/** A signed request, not sent: to send (and send again) with `send`. */
export async function sealed(cab: Cab, path: string, body: unknown, timestamp?: number) {
  const text = JSON.stringify(body);
  const ts = String(timestamp ?? freshStamp(cab.deviceId, path, text));
  return { path, text, ts, deviceId: cab.deviceId, signature: await sign(cab.secret, ts, "POST", path, text) };
}

export async function send(req: Awaited<ReturnType<typeof sealed>>) {
  const res = await SELF.fetch(`${BASE}${req.path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-device-id": req.deviceId, "x-timestamp": req.ts, "x-signature": req.signature },
    body: req.text,
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** A signed cabinet request; `opts` bends it for the signature tests. */
export async function signed(
  cab: Cab,
  path: string,
  body: unknown,
  opts: { timestamp?: number; secret?: string; signedPath?: string; deviceId?: string } = {},
) {
  const text = JSON.stringify(body);
  const ts = String(opts.timestamp ?? freshStamp(opts.deviceId ?? cab.deviceId, path, text));
  const signature = await sign(opts.secret ?? cab.secret, ts, "POST", opts.signedPath ?? path, text);
  const res = await SELF.fetch(`${BASE}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-device-id": opts.deviceId ?? cab.deviceId,
      "x-timestamp": ts,
      "x-signature": signature,
    },
    body: text,
  });
  return { status: res.status, body: (await res.json()) as any };
}

export const poll = (cab: Cab, slots?: Array<{ slot: number; tag: string | null }>) =>
  signed(cab, "/sports/cabinet/poll", slots ? { slots } : {});

export const report = (
  cab: Cab,
  r: { command_id: string; door?: "opened" | "jammed"; slot: number; tag_removed?: string | null; tag_inserted?: string | null },
) => signed(cab, "/sports/cabinet/report", { door: "opened", tag_removed: null, tag_inserted: null, ...r });

/** A cabinet provisioned with items, polled once so it is online. */
export async function onlineCabinet(items: Array<{ tag: string; name: string; type: string; slot: number }>, slots = 4) {
  const cab = await createDevice(uniq("cab"), undefined, slots);
  if (items.length) {
    const placed = await placeItems(cab.deviceId, items);
    if (placed.status !== 200) throw new Error(`place: ${JSON.stringify(placed.body)}`);
  }
  const { body } = await poll(cab);
  return { ...cab, codes: body.codes as string[] };
}

export async function currentCode(cab: Cab): Promise<string> {
  const { body } = await poll(cab);
  return body.codes[0];
}

export const stub = (deviceId: string) => env.CABINETS.get(env.CABINETS.idFromName(deviceId));

/** Moves every pending command of the cabinet past its expiry and runs the alarm. */
/**
 * An alarm set far ahead, so that only runDurableObjectAlarm runs it, and the test waits for it: one set in the
 * past would also fire on its own, in the background, racing the test's next read.
 */
const HELD_ALARM_MS = 3_600_000;

export async function expireCommands(deviceId: string) {
  await runInDurableObject(stub(deviceId), async (_instance, state) => {
    state.storage.sql.exec("UPDATE commands SET expires_at = ? WHERE state = 'pending'", Date.now() - 1);
    await state.storage.setAlarm(Date.now() + HELD_ALARM_MS);
  });
  await runDurableObjectAlarm(stub(deviceId));
}

/** Lets the grace after reports pass, so poll snapshots may change every slot again. */
export async function ageSlots(deviceId: string) {
  await runInDurableObject(stub(deviceId), async (_instance, state) => {
    state.storage.sql.exec("UPDATE slots SET changed_at = 0");
  });
}

/** Makes the cabinet's last poll older than the online window. */
export async function silence(deviceId: string) {
  await runInDurableObject(stub(deviceId), async (_instance, state) => {
    state.storage.sql.exec("UPDATE cabinet SET last_poll_at = ?", Date.now() - 61_000);
  });
}

/** Ages the codes past their rotation time and runs the alarm. */
export async function rotateCodes(deviceId: string) {
  await runInDurableObject(stub(deviceId), async (_instance, state) => {
    state.storage.sql.exec("UPDATE cabinet SET codes_at = ?", Date.now() - 61_000);
    await state.storage.setAlarm(Date.now() + HELD_ALARM_MS);
  });
  await runDurableObjectAlarm(stub(deviceId));
}

export async function latest(student: Student) {
  const { body } = await getJson(`/sports/device/latest_renting_or_reverting_status?${q(student)}`);
  return body;
}

export async function rent(student: Student, cab: Cab, type: string, code?: string) {
  const { body } = await getJson(
    `/sports/device/try_to_rent?${q(student, { device_id: cab.deviceId, type, verification_code: code ?? (await currentCode(cab)) })}`,
  );
  return body;
}

export async function revert(student: Student, cab: Cab, code?: string) {
  const { body } = await getJson(
    `/sports/device/try_to_revert?${q(student, { device_id: cab.deviceId, verification_code: code ?? (await currentCode(cab)) })}`,
  );
  return body;
}

/** Rents an item of `type` and has the cabinet hand it out. Returns the command's slot. */
export async function rentAndTake(student: Student, cab: Cab, type: string) {
  const r = await rent(student, cab, type);
  if (r.status !== "accepted") throw new Error(`rent: ${r.status}`);
  const { body } = await poll(cab);
  const cmd = body.commands.find((c: any) => c.command_id === r.operation_id);
  const inspect = await getJson(`/admin/sports/devices/${cab.deviceId}`, ADMIN);
  const tag = inspect.body.slots.find((s: any) => s.slot === cmd.slot).tag;
  await report(cab, { command_id: cmd.command_id, slot: cmd.slot, tag_removed: tag });
  return { operationId: r.operation_id as string, slot: cmd.slot as number, tag: tag as string };
}
