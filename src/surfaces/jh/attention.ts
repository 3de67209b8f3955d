import { and, desc, eq, gte, sql } from "drizzle-orm";
import { type JH_UPSTREAMS, jhUpstreamFailures } from "../../db/schema/jh";
import type { Db } from "../../env";
import { cappedCount } from "../../platform/console/counts";

type Upstream = (typeof JH_UPSTREAMS)[number];

/** The window the console's first page counts upstream failures in. */
export const FAILURE_WINDOW_MS = 3_600_000;

const since = (system: Upstream, from: number) => and(eq(jhUpstreamFailures.system, system), gte(jhUpstreamFailures.at, from));

/** The upstream failures of the last hour, per upstream, as counts (scalar subqueries, each a seek on the index). */
export function jhAttention(db: Db, now: number) {
  const count = (system: Upstream) =>
    cappedCount(
      db
        .select({ one: sql`1` })
        .from(jhUpstreamFailures)
        .where(since(system, now - FAILURE_WINDOW_MS)),
    );
  return { passport: count("passport"), zf: count("zf") };
}

/** The latest `limit` failures of one upstream in the last hour, newest first. */
export const latestFailuresQuery = (db: Db, system: Upstream, now: number, limit: number) =>
  db
    .select()
    .from(jhUpstreamFailures)
    .where(since(system, now - FAILURE_WINDOW_MS))
    .orderBy(desc(jhUpstreamFailures.at))
    .limit(limit);
