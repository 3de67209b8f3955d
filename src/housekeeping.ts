import type { Bindings } from "./env";
import { createLogger, errorFields } from "./platform/logging";
import { dbOf } from "./platform/middleware";
import { purgeEndedSessions } from "./platform/tokens";
import { pruneFailures } from "./surfaces/jh/upstream-failures";

const log = createLogger({ component: "housekeeping" });

/** Every-minute upkeep outside the request path: drops rows of long-ended sessions and old 精弘 upstream failures. */
export async function housekeeping(env: Bindings, now = Date.now()) {
  const db = dbOf(env.DB);
  try {
    const purged = await purgeEndedSessions(db, now);
    if (purged > 0) log("info", "purged ended sessions", { purged });
  } catch (err) {
    log("error", "session purge failed", errorFields(err));
  }
  try {
    const pruned = await pruneFailures(db, now);
    if (pruned > 0) log("info", "pruned 精弘 upstream failures", { pruned });
  } catch (err) {
    log("error", "upstream failure prune failed", errorFields(err));
  }
}
