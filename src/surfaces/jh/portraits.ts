import { LRUCache } from "lru-cache";
import type { Bindings } from "../../env";
import { fromHex, toHex } from "../../platform/encoding";

/** What the document returns for a user without a portrait. */
export const PORTRAIT_UNSET = "default::unset";
export const MAX_PORTRAIT_BYTES = 256 * 1024;

/** One object per user in the FILES bucket, replaced on every change. */
const keyOf = (userId: number) => `jh/portraits/${userId}`;

export interface Portrait {
  bytes: Uint8Array;
  contentType: "image/jpeg" | "image/png";
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * An image as clients send it, hex of a JPEG or PNG (told by its signature): the image, "size" when it is over
 * `maxBytes`, "format" for anything else (not hex, another kind of file).
 */
export function decodeImage(hex: string, maxBytes: number): Portrait | "format" | "size" {
  if (hex.length > maxBytes * 2) return /^[0-9a-fA-F]*$/.test(hex.slice(0, 64)) ? "size" : "format";
  const bytes = fromHex(hex);
  if (!bytes) return "format";
  if (startsWith(bytes, JPEG)) return { bytes, contentType: "image/jpeg" };
  if (startsWith(bytes, PNG)) return { bytes, contentType: "image/png" };
  return "format";
}

/** A portrait as clients send it: hex of a JPEG or PNG of at most 256 KiB; null for anything else. */
export function decodePortrait(hex: string): Portrait | null {
  const image = decodeImage(hex, MAX_PORTRAIT_BYTES);
  return typeof image === "string" ? null : image;
}

export async function storePortrait(env: Bindings, userId: number, portrait: Portrait) {
  await env.FILES.put(keyOf(userId), portrait.bytes, { httpMetadata: { contentType: portrait.contentType } });
}

export const dropPortrait = (env: Bindings, userId: number) => env.FILES.delete(keyOf(userId));

/**
 * Portraits as hex, by user and version, for the isolate's life: the desktop client asks `shared type=user`
 * for every author on its board every 10 s, which would otherwise be one R2 read per author per poll. A new
 * portrait has a new version, so an entry is never stale; 16 MiB holds a few hundred typical portraits.
 */
const hexByVersion = new LRUCache<string, string>({ maxSize: 16 * 1024 * 1024, sizeCalculation: (hex) => Math.max(hex.length, 1) });

/** The user's portrait as the document returns it: lowercase hex, or default::unset. */
export async function portraitOf(env: Bindings, user: { id: number; portraitVersion: string | null }): Promise<string> {
  if (!user.portraitVersion) return PORTRAIT_UNSET;
  const cacheKey = `${user.id}:${user.portraitVersion}`;
  const cached = hexByVersion.get(cacheKey);
  if (cached !== undefined) return cached;
  const object = await env.FILES.get(keyOf(user.id));
  if (!object) return PORTRAIT_UNSET;
  const hex = toHex(await object.arrayBuffer());
  hexByVersion.set(cacheKey, hex);
  return hex;
}
