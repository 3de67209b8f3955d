import type { Bindings } from "./env";
import { createLogger, errorFields } from "./platform/logging";
import { dbOf } from "./platform/middleware";
import { purgeEndedSessions } from "./platform/tokens";

const log = createLogger({ component: "housekeeping" });

/** Every-minute upkeep outside the surfaces: drops rows of long-ended sessions. */
export async function housekeeping(env: Bindings, now = Date.now()) {
  try {
    const purged = await purgeEndedSessions(dbOf(env.DB), now);
    if (purged > 0) log("info", "purged ended sessions", { purged });
  } catch (err) {
    log("error", "session purge failed", errorFields(err));
  }
}
