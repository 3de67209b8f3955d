import * as v from "valibot";
import { secret } from "../../platform/config";
import { AppError, missingParam } from "../../platform/errors";
import { parseParams } from "../../platform/params";
import { authenticate } from "../../platform/surface";
import { verifyTokenWith } from "../../platform/tokens";
import { storedAccount } from "./accounts";
import { REISSUE_AFTER_MS, resolveSession } from "./session";
import { type LibrarySession, type LibraryUser, SURFACE } from "./surface";

const presented = v.object({
  session: v.pipe(
    v.optional(v.unknown()),
    v.transform((raw) => (typeof raw === "string" ? raw.trim() : "")),
  ),
});

/**
 * requireSession for the routes that act as the library account: the session
 * and the user's stored account are read in one D1 round trip (a batch), so a
 * patron call makes one round trip before reaching the library system instead
 * of two. A session due for reissue takes requireSession's own path
 * (resolveSession), so reissue and grace stay defined in one place.
 */
export const requirePatron = authenticate<LibrarySession>(async (c) => {
  const { session: token } = await parseParams(c, presented);
  if (!token) throw missingParam("session");
  const now = Date.now();
  const db = c.var.db;
  const found = await verifyTokenWith(db, secret(c.env, "SESSION_SECRET"), SURFACE, token, (subject) => storedAccount(db, subject), now);
  if (!found) throw new AppError("unauthenticated", "session is not valid");
  const account = found.extra[0] ?? { libId: null, credential: null };
  if (now - found.session.createdAt <= REISSUE_AFTER_MS) return { openid: found.session.subject, token, account };
  const reissued = await resolveSession(db, c.env, token, now);
  if (!reissued) throw new AppError("unauthenticated", "session is not valid");
  return { ...reissued, account };
});

/**
 * optionalSession with the user's stored account read in the same batch:
 * `account` is set when the user's row exists. An absent or invalid session
 * is anonymous; one due for reissue takes resolveSession's path, as above.
 */
export const optionalPatron = authenticate<LibraryUser>(async (c) => {
  const { session: token } = await parseParams(c, presented);
  if (!token) return undefined;
  const now = Date.now();
  const db = c.var.db;
  const found = await verifyTokenWith(db, secret(c.env, "SESSION_SECRET"), SURFACE, token, (subject) => storedAccount(db, subject), now);
  if (!found) return undefined;
  const account = found.extra[0];
  if (now - found.session.createdAt <= REISSUE_AFTER_MS) return { openid: found.session.subject, token, account };
  const reissued = await resolveSession(db, c.env, token, now);
  return reissued ? { ...reissued, account } : undefined;
});
