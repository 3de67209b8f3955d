import type { Bindings } from "../../env";
import { BoundedMap } from "../../platform/bounded-map";
import { secret } from "../../platform/config";
import { fromBase64, toBase64 } from "../../platform/encoding";

/**
 * Library passwords at rest: AES-256-GCM with a key derived (SHA-256) from
 * the LIBRARY_CREDENTIAL_KEY secret, a random 96-bit IV per value, and the
 * owner's openid and library id as additional data, so a sealed value copied
 * to another row does not open. Stored as `v1.<iv>.<ciphertext>` (base64).
 */
const keys = new BoundedMap<string, Promise<CryptoKey>>(4);

function keyOf(env: Bindings): Promise<CryptoKey> {
  const material = secret(env, "LIBRARY_CREDENTIAL_KEY");
  let key = keys.get(material);
  if (!key) {
    key = crypto.subtle
      .digest("SHA-256", new TextEncoder().encode(material))
      .then((raw) => crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]));
    keys.set(material, key);
  }
  return key;
}

const aad = (openid: string, libId: string) => new TextEncoder().encode(`${openid}\u0000${libId}`);

export async function seal(env: Bindings, owner: { openid: string; libId: string }, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: aad(owner.openid, owner.libId) },
    await keyOf(env),
    new TextEncoder().encode(plaintext),
  );
  return `v1.${toBase64(iv)}.${toBase64(new Uint8Array(ct))}`;
}

/** The plaintext, or null when the value was sealed for someone else, altered, or under another key. */
export async function unseal(env: Bindings, owner: { openid: string; libId: string }, sealed: string): Promise<string | null> {
  const [version, ivB64, ctB64] = sealed.split(".");
  const iv = fromBase64(ivB64 ?? "");
  const ct = fromBase64(ctB64 ?? "");
  if (version !== "v1" || !iv || !ct) return null;
  try {
    const pt = await crypto.subtle.decrypt({ name: "AES-GCM", iv, additionalData: aad(owner.openid, owner.libId) }, await keyOf(env), ct);
    return new TextDecoder().decode(pt);
  } catch {
    return null;
  }
}
