import { base64url, fromBase64url, toBase64 } from "./encoding";
import { constantTimeEqual } from "./random";

/** PBKDF2-SHA256 through WebCrypto, per-user random salt. Workers cap iterations at 100,000. */
const ITERATIONS = 100_000;

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256);
  return new Uint8Array(bits);
}

/** `pbkdf2-sha256$<iterations>$<salt>$<hash>` */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, ITERATIONS);
  return `pbkdf2-sha256$${ITERATIONS}$${base64url(salt)}$${base64url(hash)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iter, salt, hash] = stored.split("$");
  const iterations = Number(iter);
  if (scheme === DJANGO && Number.isInteger(iterations) && iterations >= 1 && iterations <= ITERATIONS && salt && hash) {
    const actual = await derive(password, new TextEncoder().encode(salt), iterations);
    return constantTimeEqual(toBase64(actual), hash);
  }
  if (scheme !== "pbkdf2-sha256" || !Number.isInteger(iterations) || iterations < 1 || iterations > ITERATIONS || !salt || !hash)
    return false;
  const saltBytes = fromBase64url(salt);
  if (!saltBytes) return false;
  const actual = await derive(password, saltBytes, iterations);
  return constantTimeEqual(base64url(actual), hash);
}

/**
 * Django's `pbkdf2_sha256$<iterations>$<salt>$<base64>` (the salt used as its text), as imported
 * from the servers Campus Edge replaced (docs/import.md): checked as it is, and replaced by this
 * module's own hash at the first login (`needsRehash`).
 */
const DJANGO = "pbkdf2_sha256";

/** True for a stored hash not of this module's own scheme: store a fresh `hashPassword` once the password is known right. */
export const needsRehash = (stored: string) => !stored.startsWith("pbkdf2-sha256$");
