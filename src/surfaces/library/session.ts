import * as v from "valibot";
import type { Bindings, Db } from "../../env";
import { config, secret } from "../../platform/config";
import { AppError, missingParam } from "../../platform/errors";
import { parseParams } from "../../platform/params";
import { authenticate } from "../../platform/surface";
import { issueToken, reissueToken, verifyToken } from "../../platform/tokens";
import { type LibrarySession, type LibraryUser, SURFACE } from "./surface";

/** The original server handed out a fresh session once the one presented was older than this. */
export const REISSUE_AFTER_MS = 120_000;
/** How long a replaced session keeps working, for requests already in flight with it. */
const GRACE_MS = 60_000;

export async function startSession(db: Db, env: Bindings, openid: string): Promise<LibrarySession> {
  const ttlSeconds = config(env).LIBRARY_SESSION_TTL_S;
  const { token } = await issueToken(db, secret(env, "SESSION_SECRET"), SURFACE, openid, { ttlSeconds });
  return { openid, token };
}

/**
 * The session behind `token`, reissued when older than 120 s; null when invalid.
 * During the grace every request with the replaced session gets the same successor.
 */
export async function resolveSession(db: Db, env: Bindings, token: string, now = Date.now()): Promise<LibrarySession | null> {
  const key = secret(env, "SESSION_SECRET");
  const found = await verifyToken(db, key, SURFACE, token, now);
  if (!found) return null;
  if (now - found.createdAt <= REISSUE_AFTER_MS) return { openid: found.subject, token };
  const next = await reissueToken(db, key, found, { ttlSeconds: config(env).LIBRARY_SESSION_TTL_S, graceMs: GRACE_MS, now });
  return next ? { openid: found.subject, token: next.token } : null;
}

const presented = v.object({
  session: v.pipe(
    v.optional(v.unknown()),
    v.transform((raw) => (typeof raw === "string" ? raw.trim() : "")),
  ),
});

/**
 * Requires a valid `session` parameter: status 4 when absent, status 1 when invalid.
 * Routes put the session middleware before `params`: a bad session is status 1 even
 * when other parameters are also wrong, and a parameter error still echoes the
 * (reissued) session.
 */
export const requireSession = authenticate<LibrarySession>(async (c) => {
  const { session: token } = await parseParams(c, presented);
  if (!token) throw missingParam("session");
  const found = await resolveSession(c.var.db, c.env, token);
  if (!found) throw new AppError("unauthenticated", "session is not valid");
  return found;
});

/** Uses `session` when it is given and valid; an absent or stale one just means anonymous. */
export const optionalSession = authenticate<LibraryUser>(async (c) => {
  const { session: token } = await parseParams(c, presented);
  return token ? ((await resolveSession(c.var.db, c.env, token)) ?? undefined) : undefined;
});
