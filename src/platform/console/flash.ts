import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { secureCookies } from "./cookies";

/** A one-time message shown on the next page: what an action did, or why it was refused. */
export interface Flash {
  kind: "ok" | "error";
  text: string;
}

const NAME = "ce_flash";

export function setFlash(c: Context, flash: Flash) {
  setCookie(c, NAME, encodeURIComponent(JSON.stringify(flash)), {
    path: "/console",
    httpOnly: true,
    sameSite: "Strict",
    secure: secureCookies(c.req.url),
    maxAge: 60,
  });
}

/** Reads and clears the pending message. */
export function takeFlash(c: Context): Flash | null {
  const raw = getCookie(c, NAME);
  if (!raw) return null;
  deleteCookie(c, NAME, { path: "/console", secure: secureCookies(c.req.url) });
  try {
    const parsed: unknown = JSON.parse(decodeURIComponent(raw));
    if (parsed && typeof parsed === "object" && "kind" in parsed && "text" in parsed) {
      const { kind, text } = parsed;
      if ((kind === "ok" || kind === "error") && typeof text === "string") return { kind, text: text.slice(0, 500) };
    }
  } catch {}
  return null;
}

/** After a form: back to `location` (a console path) with a message (303, so a reload does not resubmit). */
export function redirectWith(c: Context, location: string, text: string, kind: Flash["kind"] = "ok") {
  setFlash(c, { kind, text });
  return c.redirect(location, 303);
}
