import { and, eq, gt, isNull, or } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { sessions } from "../../db/schema/platform";
import type { AppEnv, Db } from "../../env";
import { config, secret } from "../../platform/config";
import { AppError, missingParam } from "../../platform/errors";
import { readParams } from "../../platform/params";
import { issueToken, verifyToken } from "../../platform/tokens";
import { type LibrarySession, setCurrentSession } from "./envelope";

export const SURFACE = "library";
/** The original server handed out a fresh session once the one presented was older than this. */
export const REISSUE_AFTER_MS = 120_000;
/** How long a replaced session keeps working, for requests already in flight with it. */
const GRACE_MS = 60_000;

const ttlSeconds = (c: Context<AppEnv>) => config(c.env).LIBRARY_SESSION_TTL_S;

export async function startSession(c: Context<AppEnv>, openid: string): Promise<LibrarySession> {
  const { token } = await issueToken(c.var.db, secret(c.env, "SESSION_SECRET"), SURFACE, openid, { ttlSeconds: ttlSeconds(c) });
  const s = { openid, token };
  setCurrentSession(c, s);
  return s;
}

/** Shortens a replaced session's life to the grace period (never lengthens it). */
async function retire(db: Db, id: string, now: number) {
  const until = now + GRACE_MS;
  await db
    .update(sessions)
    .set({ expiresAt: until })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt), or(isNull(sessions.expiresAt), gt(sessions.expiresAt, until))));
}

/** The session behind `token`, reissued when older than 120 s; null when invalid. */
export async function resolveSession(c: Context<AppEnv>, token: string, now = Date.now()): Promise<LibrarySession | null> {
  const found = await verifyToken(c.var.db, secret(c.env, "SESSION_SECRET"), SURFACE, token, now);
  if (!found) return null;
  if (now - found.createdAt <= REISSUE_AFTER_MS) {
    const s = { openid: found.subject, token };
    setCurrentSession(c, s);
    return s;
  }
  const fresh = await startSession(c, found.subject);
  await retire(c.var.db, found.id, now);
  return fresh;
}

const presented = async (c: Context<AppEnv>) => {
  const raw = (await readParams(c)).session;
  return typeof raw === "string" ? raw.trim() : "";
};

/** Requires a valid `session` parameter: status 4 when absent, status 1 when invalid. */
export const requireSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = await presented(c);
  if (!token) throw missingParam("session");
  if (!(await resolveSession(c, token))) throw new AppError("unauthenticated", "session is not valid");
  await next();
};

/** Uses `session` when it is given and valid; an absent or stale one just means anonymous. */
export const optionalSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = await presented(c);
  if (token) await resolveSession(c, token);
  await next();
};
