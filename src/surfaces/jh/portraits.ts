import type { Bindings } from "../../env";

/** What the document returns for a user without a portrait. */
export const PORTRAIT_UNSET = "default::unset";
export const MAX_PORTRAIT_BYTES = 256 * 1024;

/** One object per user in the FILES bucket, replaced on every change. */
const keyOf = (userId: number) => `jh/portraits/${userId}`;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export function bytesToHex(bytes: Uint8Array): string {
  const parts = new Array<string>(bytes.length);
  for (let i = 0; i < bytes.length; i++) parts[i] = HEX[bytes[i]];
  return parts.join("");
}

export interface Portrait {
  bytes: Uint8Array;
  contentType: "image/jpeg" | "image/png";
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** A portrait as clients send it: hex of a JPEG or PNG of at most 256 KiB; null for anything else. */
export function decodePortrait(hex: string): Portrait | null {
  if (hex.length % 2 !== 0 || hex.length > MAX_PORTRAIT_BYTES * 2 || !/^[0-9a-fA-F]+$/.test(hex)) return null;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  if (startsWith(bytes, JPEG)) return { bytes, contentType: "image/jpeg" };
  if (startsWith(bytes, PNG)) return { bytes, contentType: "image/png" };
  return null;
}

export async function storePortrait(env: Bindings, userId: number, portrait: Portrait) {
  await env.FILES.put(keyOf(userId), portrait.bytes, { httpMetadata: { contentType: portrait.contentType } });
}

export const dropPortrait = (env: Bindings, userId: number) => env.FILES.delete(keyOf(userId));

/** The user's portrait as the document returns it: lowercase hex, or default::unset. */
export async function portraitOf(env: Bindings, user: { id: number; portraitVersion: string | null }): Promise<string> {
  if (!user.portraitVersion) return PORTRAIT_UNSET;
  const object = await env.FILES.get(keyOf(user.id));
  if (!object) return PORTRAIT_UNSET;
  return bytesToHex(new Uint8Array(await object.arrayBuffer()));
}
