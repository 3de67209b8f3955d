import { SELF } from "cloudflare:test";
import { ADMIN, BASE, simJson } from "./helpers";

/** The upper-case hex MD5 clients send as `password`. */
export async function md5(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("MD5", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("")
    .toUpperCase();
}

/** POSTs a form to /jh/api/<name>, as the 精弘 clients do; returns HTTP status and body. */
export async function api(name: string, form: Record<string, string>) {
  const res = await SELF.fetch(`${BASE}/jh/api/${name}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** A fresh account from register2 (password "pw-<nickname>") with a mobile credit. */
export async function account(nickname: string, device = "mobile") {
  const password = await md5(`pw-${nickname}`);
  const reg = await api("user", { method: "register2", password, nickname });
  if (reg.body.code !== 200) throw new Error(`register2 failed: ${JSON.stringify(reg.body)}`);
  const username: string = reg.body.data.username;
  const login = await api("user", { method: "login", username, password, devicetype: device });
  if (login.body.code !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
  return { username, password, credit: login.body.data.credit as string };
}

/** Adds (or changes) a student of the 精弘 upstream simulator. */
export async function student(pid: string, password: string, zfPassword: string | null = null) {
  const res = await simJson("/jh/students", { pid, password, zf_password: zfPassword });
  if (res.status !== 200) throw new Error(`student: ${JSON.stringify(res.body)}`);
}

export async function upstreamFault(
  target: "passport" | "zf",
  kind: "timeout" | "http500" | "garbage" | "trickle" | "huge",
  count = 1,
  delayMs?: number,
) {
  await simJson("/jh/faults", { target, kind, count, ...(delayMs === undefined ? {} : { delay_ms: delayMs }) });
}

export const admin = (path: string, json: unknown, method = "POST") =>
  SELF.fetch(`${BASE}/admin/jh${path}`, {
    method,
    headers: { ...ADMIN, "content-type": "application/json" },
    body: method === "GET" ? undefined : JSON.stringify(json),
  }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }));
