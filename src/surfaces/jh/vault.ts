import type { JhBindname } from "../../db/schema/jh";
import type { Bindings } from "../../env";
import { secret } from "../../platform/config";
import { fromBase64, toBase64 } from "../../platform/encoding";

/**
 * Bind passwords at rest: AES-256-GCM under a key derived (SHA-256) from
 * JH_CREDENTIAL_KEY, a random 96-bit IV per value, and the owner (user id,
 * bindname, pid) as additional data, so a sealed value copied to another row
 * does not open. Stored as `v1.<iv>.<ciphertext>` (base64).
 */
export interface SealOwner {
  userId: number;
  bindname: JhBindname;
  pid: string;
}

const keys = new Map<string, Promise<CryptoKey>>();

function keyOf(env: Bindings): Promise<CryptoKey> {
  const material = secret(env, "JH_CREDENTIAL_KEY");
  let key = keys.get(material);
  if (!key) {
    key = crypto.subtle
      .digest("SHA-256", new TextEncoder().encode(material))
      .then((raw) => crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]));
    keys.set(material, key);
  }
  return key;
}

const aad = (o: SealOwner) => new TextEncoder().encode(`jh-bind\u0000${o.userId}\u0000${o.bindname}\u0000${o.pid}`);

export async function seal(env: Bindings, owner: SealOwner, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: aad(owner) },
    await keyOf(env),
    new TextEncoder().encode(plaintext),
  );
  return `v1.${toBase64(iv)}.${toBase64(new Uint8Array(ct))}`;
}

/** The plaintext, or null when sealed for another owner, altered, or under another key. */
export async function unseal(env: Bindings, owner: SealOwner, sealed: string): Promise<string | null> {
  const [version, ivB64, ctB64] = sealed.split(".");
  const iv = fromBase64(ivB64 ?? "");
  const ct = fromBase64(ctB64 ?? "");
  if (version !== "v1" || !iv || !ct || iv.length !== 12) return null;
  try {
    const pt = await crypto.subtle.decrypt({ name: "AES-GCM", iv, additionalData: aad(owner) }, await keyOf(env), ct);
    return new TextDecoder().decode(pt);
  } catch {
    return null;
  }
}
