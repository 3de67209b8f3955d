import type { Hono } from "hono";
import type { SurfaceEnv } from "../../platform/surface";

/** Document 000's surface: its URL prefix, and the surface its sessions and reminders belong to. */
export const SURFACE = "library";

/** A valid session the request presented (possibly reissued), echoed in every reply. */
export interface LibrarySession {
  openid: string;
  token: string;
  /** The user's stored library account, when it was read with the session (requirePatron). */
  account?: StoredAccount;
}

/** The library id and sealed password on the user's row (both null when not bound). */
export interface StoredAccount {
  libId: string | null;
  credential: string | null;
}

/** `c.var.user`: the session, or undefined where a route takes none (requireSession narrows it). */
export type LibraryUser = LibrarySession | undefined;
export type LibraryEnv = SurfaceEnv<LibraryUser>;
export type LibraryApp = Hono<LibraryEnv>;
