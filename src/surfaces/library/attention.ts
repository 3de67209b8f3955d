import { gte, sql } from "drizzle-orm";
import { libraryAdvises } from "../../db/schema/library";
import type { Db } from "../../env";
import { cappedCount } from "../../platform/console/counts";

/**
 * Complaints are never answered in the library's model (the mini-program only sends them), so what
 * waits for the staff is what came in lately: this window.
 */
export const RECENT_COMPLAINT_MS = 7 * 86_400_000;

/** What waits for the library staff now, as counts (scalar subqueries, each on an index). */
export function libraryAttention(db: Db, now: number) {
  return {
    complaints: cappedCount(
      db
        .select({ one: sql`1` })
        .from(libraryAdvises)
        .where(gte(libraryAdvises.publishTime, now - RECENT_COMPLAINT_MS)),
    ),
  };
}
