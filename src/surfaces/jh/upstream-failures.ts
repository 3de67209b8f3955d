import { and, inArray, lt, sql } from "drizzle-orm";
import { JH_UPSTREAMS, jhUpstreamFailures } from "../../db/schema/jh";
import type { Db } from "../../env";
import { createLogger, errorFields } from "../../platform/logging";
import type { FailureWatcher } from "./http-upstream";

const log = createLogger({ component: "jh-upstream-failures" });

/** Failures are kept this long (the console shows the last hour). */
export const KEEP_FAILURES_MS = 86_400_000;

/**
 * Records each failed upstream call of a request. Every failure path answers without writing to D1 (a refusal,
 * or the cached timetable), so there is no batch to join: the insert runs after the answer under `waitUntil`
 * and adds no round trip to the request. A failed insert is logged, never the request's concern.
 */
export function recordFailures(db: Db, ctx: Pick<ExecutionContext, "waitUntil">): FailureWatcher {
  return (failure) => {
    const row = { system: failure.system, kind: failure.kind, detail: failure.detail, at: Date.now() };
    ctx.waitUntil(
      db
        .insert(jhUpstreamFailures)
        .values(row)
        .then(
          () => {},
          (err) => log("error", "recording an upstream failure failed", { ...errorFields(err), system: row.system, kind: row.kind }),
        ),
    );
  };
}

/** Drops failures older than KEEP_FAILURES_MS, at most `limit` a run (the housekeeping's every minute). */
export async function pruneFailures(db: Db, now = Date.now(), limit = 1000): Promise<number> {
  const old = db
    .select({ id: jhUpstreamFailures.id })
    .from(jhUpstreamFailures)
    .where(and(inArray(jhUpstreamFailures.system, [...JH_UPSTREAMS]), lt(jhUpstreamFailures.at, now - KEEP_FAILURES_MS)))
    .limit(limit);
  const rows = await db.delete(jhUpstreamFailures).where(sql`${jhUpstreamFailures.id} IN ${old}`).returning({ id: jhUpstreamFailures.id });
  return rows.length;
}
