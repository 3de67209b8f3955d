import { SELF } from "cloudflare:test";

export const BASE = "http://campus.test";
export const ADMIN = { authorization: "Bearer test-admin-token" };
/** The simulators worker: in the tests the host sim.test is that worker (vitest.config.ts). */
export const SIM = "http://sim.test/__sim";

/** POSTs form-encoded parameters, as the 002 and 004 clients do. */
export async function postForm(path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await SELF.fetch(`${BASE}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as any };
}

export async function postJson(path: string, json: unknown, headers: Record<string, string> = {}) {
  const res = await SELF.fetch(`${BASE}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(json),
  });
  return { status: res.status, body: (await res.json()) as any };
}

export async function getJson(path: string, headers: Record<string, string> = {}) {
  const res = await SELF.fetch(`${BASE}${path}`, { headers });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body, headers: res.headers };
}

/** Calls a simulator (path under /__sim) and reads its JSON reply; marked as a control call, not an upstream call. */
export async function simJson(path: string, json?: unknown) {
  const control = { "x-sim-control": "1" };
  const res = await fetch(
    `${SIM}${path}`,
    json === undefined
      ? { headers: control }
      : { method: "POST", headers: { ...control, "content-type": "application/json" }, body: JSON.stringify(json) },
  );
  return { status: res.status, body: (await res.json()) as any };
}

/** A wx.login code for `openid`, from the WeChat simulator. */
export async function wxCode(openid: string, appid?: string): Promise<string> {
  const { body } = await simJson("/wechat/code", { openid, ...(appid ? { appid } : {}) });
  return body.code;
}

export async function injectFault(path: string, errcode: number, count = 1) {
  await simJson("/wechat/faults", { path, errcode, count });
}

export async function sentMessages(touser: string) {
  const { body } = await simJson(`/wechat/messages?touser=${encodeURIComponent(touser)}`);
  return body.messages as Array<{ touser: string; template_id: string; page: string | null; data: Record<string, { value: string }> }>;
}
