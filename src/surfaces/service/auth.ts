import { and, eq, gt, isNull, or, type SQL, sql } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import { sessions } from "../../db/schema/platform";
import { serviceUsers } from "../../db/schema/service";
import type { Bindings, Db, Variables } from "../../env";
import type { PendingCaller } from "../../platform/caller";
import { config, secret } from "../../platform/config";
import { AppError } from "../../platform/errors";
import { readToken } from "../../platform/tokens";
import { type Credential, SURFACE } from "./credential";
import type { ServiceUser } from "./users";

/** The 002 caller: what the `openid` parameter proved, and the record when registered. */
export interface ServiceCaller {
  cred: Credential;
  record: ServiceUser | undefined;
}

/** The openid a handle's live session stands for (NULL when it is revoked or expired), as SQL. */
const sessionOpenid = (sid: string, now: number) =>
  sql`(SELECT ${sessions.subject} FROM ${sessions} WHERE ${and(
    eq(sessions.id, sid),
    eq(sessions.surface, SURFACE),
    isNull(sessions.revokedAt),
    or(isNull(sessions.expiresAt), gt(sessions.expiresAt, now)),
  )})`;

/** One row: the openid the credential stands for (null when none) and its record (null when not registered). */
const readCaller = (db: Db, openid: SQL) =>
  db
    .select({ openid: sql<string | null>`${openid}`.as("caller_openid"), user: serviceUsers })
    .from(sql`(SELECT 1)`)
    .leftJoin(serviceUsers, eq(serviceUsers.openid, openid));

export type ServiceCallerRead = ReturnType<typeof readCaller>;

export interface ServiceEnv {
  Bindings: Bindings;
  Variables: Variables & { caller: PendingCaller<ServiceCaller, ServiceCallerRead> };
}

const looksLikeHandle = (s: string) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(s);
const acceptsRaw = (env: Bindings, presented: string) => config(env).SERVICE_ACCEPT_RAW_OPENID && /^[\w-]{6,64}$/.test(presented);
const invalidHandle = () => new AppError("unauthenticated", "openid is not a valid handle", { field: "openid", code: -1 });

/**
 * The `openid` parameter (already validated by `params`), read without D1: a
 * signed handle names its session, a raw openid (where the deployment allows
 * it) names itself. The route confirms it with `callerAnd`, which reads the
 * record in the same statement; a forged, altered or revoked handle gets code -1.
 */
export const requireCaller = createMiddleware<ServiceEnv>(async (c, next) => {
  const raw = c.var.rawParams.openid;
  const presented = typeof raw === "string" ? raw.trim() : "";
  const claims = looksLikeHandle(presented) ? await readToken(secret(c.env, "SESSION_SECRET"), SURFACE, presented) : null;
  if (!claims && !acceptsRaw(c.env, presented)) throw invalidHandle();
  const openid = claims ? sessionOpenid(claims.sid, Date.now()) : sql`${presented}`;
  c.set("caller", {
    read: (db) => readCaller(db, openid),
    confirm: ([row]) => {
      if (!row?.openid) throw invalidHandle();
      return { cred: { openid: row.openid, handle: presented, raw: !claims }, record: row.user ?? undefined };
    },
  });
  await next();
});
