import { base64url, fromBase64, toBase64 } from "../../platform/encoding";

/**
 * RSAES-PKCS1-v1_5 decryption (what JSEncrypt produces), which WebCrypto does
 * not offer: the private key is imported from PKCS#8 (or PKCS#1) and exported as a JWK
 * to get its CRT parameters, then decrypted with BigInt arithmetic and
 * blinding. `readCiphertext` refuses what is visibly not a ciphertext (not
 * base64, not the key's length); `decryptPassword` never fails on what is
 * inside: a bad padding, bad UTF-8 or an empty message yields a pseudo-random
 * password derived from the ciphertext (implicit rejection), which the library
 * then refuses exactly like a wrong one, so no answer tells a bad padding apart.
 */

import { BoundedMap } from "../../platform/bounded-map";

export interface RsaPrivateKey {
  n: bigint;
  e: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qi: bigint;
  /** Modulus length in bytes. */
  k: number;
  publicPem: string;
  /** HMAC key, derived from the private key, that turns a rejected ciphertext into its stand-in password. */
  rejection: CryptoKey;
}

/** Base64 as a query string may carry it: a "+" sent unencoded arrives as a space; line breaks are ignored. */
export const base64ToBytes = (b64: string) => fromBase64(b64.replace(/ /g, "+").replace(/[\r\n\t]/g, ""));

const b64urlToBigInt = (s: string) => {
  const bytes = base64ToBytes(
    s
      .replace(/-/g, "+")
      .replace(/_/g, "/")
      .padEnd(Math.ceil(s.length / 4) * 4, "="),
  );
  if (!bytes) throw new Error("malformed JWK");
  return bytesToBigInt(bytes);
};

export function bytesToBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

export function bigIntToBytes(n: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = n;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

function modInverse(a: bigint, m: bigint): bigint | null {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) return null;
  return ((oldS % m) + m) % m;
}

const pemBody = (pem: string) =>
  pem
    .replace(/\\n/g, "\n")
    .replace(/-----[A-Z ]+-----/g, "")
    .replace(/\s+/g, "");

function toPem(der: ArrayBuffer, label: string) {
  const b64 = toBase64(new Uint8Array(der));
  return `-----BEGIN ${label}-----\n${b64.match(/.{1,64}/g)?.join("\n")}\n-----END ${label}-----\n`;
}

const cache = new BoundedMap<string, Promise<RsaPrivateKey>>(4);

/** A DER element: tag, definite length, body. */
function der(tag: number, body: Uint8Array): Uint8Array {
  const n = body.length;
  const length =
    n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(1 + length.length + n);
  out.set([tag, ...length]);
  out.set(body, 1 + length.length);
  return out;
}

/** version 0 and AlgorithmIdentifier { rsaEncryption, NULL }: what PKCS#8 adds around a PKCS#1 key. */
const PKCS8_RSA_HEAD = Uint8Array.from([
  0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
]);

/** PKCS#1 RSAPrivateKey DER (`BEGIN RSA PRIVATE KEY`, as OpenSSL's genrsa and the original server kept it) as PKCS#8. */
export function pkcs1ToPkcs8(pkcs1: Uint8Array): Uint8Array {
  const octets = der(0x04, pkcs1);
  const body = new Uint8Array(PKCS8_RSA_HEAD.length + octets.length);
  body.set(PKCS8_RSA_HEAD);
  body.set(octets, PKCS8_RSA_HEAD.length);
  return der(0x30, body);
}

/**
 * Imports a PEM private key, PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE KEY`), cached per PEM.
 * Throws when the PEM is not an RSA private key.
 */
export function loadPrivateKey(pem: string): Promise<RsaPrivateKey> {
  let key = cache.get(pem);
  if (!key) {
    key = importKey(pem);
    key.catch(() => cache.delete(pem));
    cache.set(pem, key);
  }
  return key;
}

async function importKey(pem: string): Promise<RsaPrivateKey> {
  const body = base64ToBytes(pemBody(pem));
  if (!body) throw new Error("LIBRARY_RSA_PRIVATE_KEY is not a PEM");
  const pkcs8 = pem.includes("BEGIN RSA PRIVATE KEY") ? pkcs1ToPkcs8(body) : body;
  const algorithm = { name: "RSA-OAEP", hash: "SHA-256" };
  const priv = await crypto.subtle.importKey("pkcs8", pkcs8, algorithm, true, ["decrypt"]);
  const jwk = (await crypto.subtle.exportKey("jwk", priv)) as JsonWebKey;
  if (!jwk.n || !jwk.e || !jwk.p || !jwk.q || !jwk.dp || !jwk.dq || !jwk.qi)
    throw new Error("LIBRARY_RSA_PRIVATE_KEY lacks CRT parameters");
  const pub = await crypto.subtle.importKey("jwk", { kty: "RSA", n: jwk.n, e: jwk.e, alg: "RSA-OAEP-256", ext: true }, algorithm, true, [
    "encrypt",
  ]);
  const spki = (await crypto.subtle.exportKey("spki", pub)) as ArrayBuffer;
  const n = b64urlToBigInt(jwk.n);
  const p = b64urlToBigInt(jwk.p);
  const q = b64urlToBigInt(jwk.q);
  return {
    n,
    e: b64urlToBigInt(jwk.e),
    p,
    q,
    dp: b64urlToBigInt(jwk.dp),
    dq: b64urlToBigInt(jwk.dq),
    qi: b64urlToBigInt(jwk.qi),
    k: Math.ceil(n.toString(16).length / 2),
    publicPem: toPem(spki, "PUBLIC KEY"),
    rejection: await rejectionKey(p, q),
  };
}

async function rejectionKey(p: bigint, q: bigint): Promise<CryptoKey> {
  const label = new TextEncoder().encode("campus-edge library implicit rejection v1");
  const pBytes = bigIntToBytes(p, Math.ceil(p.toString(16).length / 2));
  const qBytes = bigIntToBytes(q, Math.ceil(q.toString(16).length / 2));
  const material = new Uint8Array(label.length + pBytes.length + qBytes.length);
  material.set(label);
  material.set(pBytes, label.length);
  material.set(qBytes, label.length + pBytes.length);
  const digest = await crypto.subtle.digest("SHA-256", material);
  return crypto.subtle.importKey("raw", digest, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}

function randomBelow(n: bigint, bytes: number): bigint {
  for (;;) {
    const r = bytesToBigInt(crypto.getRandomValues(new Uint8Array(bytes))) % n;
    if (r > 1n) return r;
  }
}

/** m = c^d mod n through the CRT, blinded with a random r so timing does not depend on c. */
function rsadp(key: RsaPrivateKey, c: bigint): bigint | null {
  const r = randomBelow(key.n, key.k);
  const rInv = modInverse(r, key.n);
  if (rInv === null) return null;
  const blinded = (c * modPow(r, key.e, key.n)) % key.n;
  const m1 = modPow(blinded % key.p, key.dp, key.p);
  const m2 = modPow(blinded % key.q, key.dq, key.q);
  const h = (((key.qi * (m1 - m2)) % key.p) + key.p) % key.p;
  return ((m2 + h * key.q) * rInv) % key.n;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** JSEncrypt drops leading zero bytes: a ciphertext this many bytes shorter than the modulus still comes from it. */
const SHORTEST_BELOW_K = 4;

/**
 * The ciphertext bytes of base64 `libPsw`, or null when it visibly is not one:
 * not base64, not the key's length, or not below the modulus. These checks
 * depend only on public values.
 */
export function readCiphertext(key: RsaPrivateKey, ciphertextB64: string): Uint8Array | null {
  const bytes = base64ToBytes(ciphertextB64.trim());
  if (!bytes || bytes.length > key.k || bytes.length < key.k - SHORTEST_BELOW_K) return null;
  return bytesToBigInt(bytes) < key.n ? bytes : null;
}

/** The message inside a PKCS#1 v1.5 block, or null; the padding is checked over the whole block without an early exit. */
function unpad(key: RsaPrivateKey, bytes: Uint8Array): string | null {
  const m = rsadp(key, bytesToBigInt(bytes));
  if (m === null) return null;
  const em = bigIntToBytes(m, key.k);
  let bad = em[0] | (em[1] ^ 2);
  let separator = 0;
  for (let i = 2; i < em.length; i++) {
    const isZero = em[i] === 0 ? 1 : 0;
    const first = isZero & (separator === 0 ? 1 : 0);
    separator = first ? i : separator;
  }
  // At least eight non-zero padding bytes, and a separator at all.
  bad |= separator < 10 ? 1 : 0;
  if (bad !== 0) return null;
  try {
    return utf8.decode(em.subarray(separator + 1));
  } catch {
    return null;
  }
}

/**
 * The password inside a ciphertext from `readCiphertext`. When the block does
 * not hold one (bad padding, bad UTF-8, empty), a stand-in derived from the
 * ciphertext under a private-key-derived secret takes its place: the same
 * ciphertext always gets the same stand-in, and the caller cannot tell.
 */
export async function decryptPassword(key: RsaPrivateKey, ciphertext: Uint8Array): Promise<string> {
  const standIn = base64url(new Uint8Array(await crypto.subtle.sign("HMAC", key.rejection, ciphertext)));
  const password = unpad(key, ciphertext);
  return password ? password : standIn;
}

/** Decrypts base64 PKCS#1 v1.5 ciphertext to a UTF-8 string, or null on any failure. */
export function decryptPkcs1v15(key: RsaPrivateKey, ciphertextB64: string): string | null {
  const bytes = readCiphertext(key, ciphertextB64);
  return bytes ? unpad(key, bytes) : null;
}
