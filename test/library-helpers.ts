import { env, SELF } from "cloudflare:test";
import { BASE, simJson, wxCode } from "./helpers";

/** Calls a library endpoint the way the shipped client does: GET, trailing slash, query string. */
export async function lib(
  path: string,
  query: Record<string, string | number> = {},
  opts: { method?: "GET" | "POST"; slash?: boolean } = {},
) {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  const url = `${BASE}/library${path}${opts.slash === false ? "" : "/"}`;
  const res =
    opts.method === "POST"
      ? await SELF.fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(query) })
      : await SELF.fetch(qs ? `${url}?${qs}` : url);
  return { http: res.status, body: (await res.json()) as any };
}

export async function login(openid: string): Promise<string> {
  const code = await wxCode(openid);
  const { body } = await lib("/user/login", { code, nickName: `nick-${openid}`, gender: 1, city: "Hangzhou" });
  if (body.status !== 0) throw new Error(`login failed: ${JSON.stringify(body)}`);
  return body.session;
}

const toBigInt = (bytes: Uint8Array) => bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n);
const b64url = (s: string) =>
  Uint8Array.from(
    atob(
      s
        .replace(/-/g, "+")
        .replace(/_/g, "/")
        .padEnd(Math.ceil(s.length / 4) * 4, "="),
    ),
    (c) => c.charCodeAt(0),
  );
function modPow(b: bigint, e: bigint, m: bigint) {
  let r = 1n;
  let x = b % m;
  for (let k = e; k > 0n; k >>= 1n) {
    if (k & 1n) r = (r * x) % m;
    x = (x * x) % m;
  }
  return r;
}

/** Encrypts as JSEncrypt does: PKCS#1 v1.5 type 2 padding, raw RSA, hex without leading zeros, base64. */
export async function jsencrypt(
  publicPem: string,
  text: string,
  opts: { block?: (em: Uint8Array) => void; randomByte?: () => number } = {},
): Promise<string> {
  const der = Uint8Array.from(atob(publicPem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "")), (c) => c.charCodeAt(0));
  const key = await crypto.subtle.importKey("spki", der, { name: "RSA-OAEP", hash: "SHA-256" }, true, ["encrypt"]);
  const jwk = (await crypto.subtle.exportKey("jwk", key)) as JsonWebKey;
  const n = toBigInt(b64url(jwk.n!));
  const e = toBigInt(b64url(jwk.e!));
  const k = Math.ceil(n.toString(16).length / 2);
  const msg = new TextEncoder().encode(text);
  const em = new Uint8Array(k);
  em[1] = 2;
  for (let i = 2; i < k - msg.length - 1; i++) {
    let b = 0;
    while (b === 0) b = opts.randomByte ? opts.randomByte() : crypto.getRandomValues(new Uint8Array(1))[0];
    em[i] = b;
  }
  em.set(msg, k - msg.length);
  opts.block?.(em);
  const c = modPow(toBigInt(em), e, n);
  let hex = c.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const bytes = Uint8Array.from(hex.match(/../g)!, (h) => Number.parseInt(h, 16));
  return btoa(String.fromCharCode(...bytes));
}

let publicKey: string | null = null;
export async function libraryPublicKey() {
  if (!publicKey) publicKey = (await lib("/libuser/public_key")).body.public_key as string;
  return publicKey;
}

/** Simulated patron n: bor_id 2016xxxxxx, password lib + its last six digits. */
export const patron = (n: number) => ({ borId: `2016${String(n).padStart(6, "0")}`, password: `lib${String(n).padStart(6, "0")}` });

/** A WeChat user logged in to library account `n`. */
export async function libraryUser(openid: string, n: number) {
  const session = await login(openid);
  const p = patron(n);
  const { body } = await lib("/libuser/login", { session, libId: p.borId, libPsw: await jsencrypt(await libraryPublicKey(), p.password) });
  if (body.status !== 0) throw new Error(`libuser/login failed: ${JSON.stringify(body)}`);
  return { session: body.session as string, ...p };
}

/** Makes every session of a subject look `ms` older (the session reissue rule is 120 s). */
export async function ageSessions(ms: number) {
  await env.DB.prepare("UPDATE sessions SET created_at = created_at - ? WHERE surface = 'library'").bind(ms).run();
}

export async function alephFault(op: string, kind: "timeout" | "slow" | "http500" | "garbage", count = 1) {
  await simJson("/aleph/faults", { op, kind, count });
}
