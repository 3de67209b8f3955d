import type { Bindings, Db } from "../../env";
import { AppError } from "../../platform/errors";
import type { Logger } from "../../platform/logging";
import { credentialOf } from "./accounts";
import { AlephSystem } from "./aleph";
import { STATUS } from "./envelope";
import type { LibrarySession } from "./sessions";
import { type LibraryCredential, LibraryError, type LibrarySystem, LibraryUnavailable } from "./system";

/** What a library call needs of the request. */
export interface CallContext {
  env: Bindings;
  var: { db: Db; log: Logger };
}

/** The library system behind this deployment. */
export const librarySystem = (env: Bindings): LibrarySystem => new AlephSystem(env);

/**
 * Runs a library call, turning its refusals into status 6 and its outages into
 * status 3. `errMsg` is the status 6 `err_msg`, the original server's name for
 * the endpoint's library error (`LIB_RENEW_ERROR`); the library's words go to `detail`.
 */
export async function callLibrary<T>(c: CallContext, errMsg: string, fn: (system: LibrarySystem) => Promise<T>): Promise<T> {
  try {
    return await fn(librarySystem(c.env));
  } catch (err) {
    if (err instanceof LibraryError) throw new AppError("conflict", errMsg, { code: STATUS.library, detail: err.detail });
    if (err instanceof LibraryUnavailable) {
      c.var.log("warn", "library system unavailable", { error: err.message });
      throw new AppError("upstream", "library system unavailable", { code: STATUS.network });
    }
    throw err;
  }
}

/**
 * A library call acting as the user's library account (status 6 when they
 * have not logged in to it). Behind requirePatron the account came with the
 * session, so no D1 round trip is made here.
 */
export async function asPatron<T>(
  c: CallContext,
  user: LibrarySession,
  errMsg: string,
  fn: (system: LibrarySystem, cred: LibraryCredential) => Promise<T>,
): Promise<T> {
  const cred = await credentialOf(c.var.db, c.env, user.openid, user.account);
  return callLibrary(c, errMsg, (system) => fn(system, cred));
}
