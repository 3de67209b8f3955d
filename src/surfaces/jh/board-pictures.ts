import type { Bindings } from "../../env";
import { toBase64 } from "../../platform/encoding";
import { randomId } from "../../platform/random";
import { MSG } from "./messages";
import { decodeImage, MAX_PORTRAIT_BYTES, type Portrait } from "./portraits";

/** A post's picture: hex of a JPEG or PNG, at most as large as a portrait (256 KiB), checked as portraits are. */
export const MAX_PICTURE_BYTES = MAX_PORTRAIT_BYTES;

/** The picture a client sent, or the board's refusal of it. */
export function decodePicture(hex: string): { picture: Portrait } | { refusal: string } {
  const image = decodeImage(hex.trim(), MAX_PICTURE_BYTES);
  if (image === "size") return { refusal: MSG.picTooLarge(MAX_PICTURE_BYTES / 1024) };
  if (image === "format") return { refusal: MSG.picFormat };
  return { picture: image };
}

/** Stores a picture in R2 (FILES) under a new key, which the post's row then names. */
export async function storePicture(env: Bindings, picture: Portrait): Promise<string> {
  const key = `jh/board/${randomId(12)}`;
  await env.FILES.put(key, picture.bytes, { httpMetadata: { contentType: picture.contentType } });
  return key;
}

export const dropPicture = (env: Bindings, key: string) => env.FILES.delete(key);

/**
 * A picture as the original's replies carry it (its `byte[] pic`, which JSON writes as base64); null without one.
 */
export async function pictureOf(env: Bindings, key: string | null): Promise<string | null> {
  if (!key) return null;
  const object = await env.FILES.get(key);
  return object ? toBase64(new Uint8Array(await object.arrayBuffer())) : null;
}
