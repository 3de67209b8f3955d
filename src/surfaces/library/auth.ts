import type { Context } from "hono";
import * as v from "valibot";
import { AppError, missingParam } from "../../platform/errors";
import { parseParams } from "../../platform/params";
import { authenticate, type SurfaceEnv } from "../../platform/surface";
// Old sessions of the server Campus Edge replaced are exchanged there; Campus Edge's own go on to sessions.ts.
import { resolveSession, resolveWithAccount } from "./legacy-sessions";
import type { LibrarySession } from "./sessions";

/**
 * The library's callers. Document 000 judges the session before the other
 * parameters (a bad session is status 1 even when others are wrong too) and
 * echoes the possibly reissued session in every reply, errors included, so
 * these middlewares resolve the session themselves and routes put them before
 * `params`; the patron ones read the stored account in the same batch.
 */

/** `c.var.user`: the session, or undefined where a route takes none (requireSession narrows it). */
export type LibraryUser = LibrarySession | undefined;
export type LibraryEnv = SurfaceEnv<LibraryUser>;

/** The presented session: undefined when the parameter is absent, "" when it is empty or not text. */
const presented = v.object({
  session: v.pipe(
    v.optional(v.unknown()),
    v.transform((raw) => (raw === undefined ? undefined : typeof raw === "string" ? raw.trim() : "")),
  ),
});

const invalidSession = () => new AppError("unauthenticated", "session is not valid");

/**
 * The session token a route requires: status 4 when the parameter is absent. An empty one is an invalid
 * session (status 1), as the original server judged it: the client sends `session=` before its user has
 * logged in, and status 1 is what sends that user to the login page.
 */
async function requiredToken(c: Context<SurfaceEnv<LibrarySession>>) {
  const { session: token } = await parseParams(c, presented);
  if (token === undefined) throw missingParam("session");
  if (!token) throw invalidSession();
  return token;
}

/** Requires a valid `session` parameter: status 4 when absent, status 1 when empty or invalid. */
export const requireSession = authenticate<LibrarySession>(async (c) => {
  const token = await requiredToken(c);
  const found = await resolveSession(c.var.db, c.env, token);
  if (!found) throw invalidSession();
  return found;
});

/** Uses `session` when it is given and valid; an absent or stale one just means anonymous. */
export const optionalSession = authenticate<LibraryUser>(async (c) => {
  const { session: token } = await parseParams(c, presented);
  return token ? ((await resolveSession(c.var.db, c.env, token)) ?? undefined) : undefined;
});

/**
 * requireSession for the routes that act as the library account: the session
 * and the user's stored account are one D1 round trip, so a patron call makes
 * one round trip before reaching the library system instead of two.
 */
export const requirePatron = authenticate<LibrarySession>(async (c) => {
  const token = await requiredToken(c);
  const found = await resolveWithAccount(c.var.db, c.env, token);
  if (!found) throw invalidSession();
  // A user without a row has no account: asPatron refuses without reading the row again.
  return { ...found, account: found.account ?? { libId: null, credential: null } };
});

/** optionalSession with the user's stored account read in the same batch (`account` set when the user's row exists). */
export const optionalPatron = authenticate<LibraryUser>(async (c) => {
  const { session: token } = await parseParams(c, presented);
  return token ? ((await resolveWithAccount(c.var.db, c.env, token)) ?? undefined) : undefined;
});
