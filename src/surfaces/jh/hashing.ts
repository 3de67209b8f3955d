import { toHex } from "../../platform/encoding";

const utf8 = (text: string) => new TextEncoder().encode(text);

/** The upper-case hex MD5 of a text's UTF-8 (workerd's subtle.digest knows MD5). */
export async function md5Upper(text: string): Promise<string> {
  return toHex(await crypto.subtle.digest("MD5", utf8(text))).toUpperCase();
}

export const sha256Hex = async (text: string) => toHex(await crypto.subtle.digest("SHA-256", utf8(text)));

/** Clients send the hex MD5 of the password; anything else is not one. */
export const isMd5 = (s: string) => /^[0-9a-fA-F]{32}$/.test(s);
