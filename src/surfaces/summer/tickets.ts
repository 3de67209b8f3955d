import type { BatchItem } from "drizzle-orm/batch";
import type { Context } from "hono";
import { setCookie } from "hono/cookie";
import type { Bindings, Db } from "../../env";
import { config, secret } from "../../platform/config";
import { issueToken } from "../../platform/tokens";
import { SURFACE } from "./auth";

/** Issues a ticket for the user and sets it as the `ticket` cookie too (the original web clients read it). */
export async function handOutTicket(
  c: Context,
  db: Db,
  env: Bindings,
  userId: number,
  alongside: BatchItem<"sqlite">[] = [],
): Promise<string> {
  const ttl = config(env).SUMMER_TICKET_TTL_SECONDS;
  const { token } = await issueToken(db, secret(env, "SESSION_SECRET"), SURFACE, String(userId), {
    ttlSeconds: ttl,
    claims: { sub: String(userId) },
    alongside,
  });
  setCookie(c, "ticket", token, {
    path: "/summer",
    httpOnly: true,
    sameSite: "Lax",
    secure: new URL(c.req.url).protocol === "https:",
    maxAge: ttl,
  });
  return token;
}
