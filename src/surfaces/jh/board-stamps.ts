import { sql } from "drizzle-orm";
import { jhBoardPosts } from "../../db/schema/jh";

/** D1's clock in epoch milliseconds, as the statement that reads it runs. */
export const DB_NOW = sql<number>`CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)`;

/** Two changes of the board are stamped at least this far apart: at most 10 share a second. */
export const BOARD_SPACING_MS = 100;

/**
 * The `updated_at` of a change, computed by the writing statement itself: D1's clock, or BOARD_SPACING_MS after
 * the newest stamp if that is later (a seek on the index). D1 runs statements one at a time, so every change
 * written after a read is stamped at or after that read's clock, and stamps never repeat.
 */
export const nextStamp = () =>
  sql<number>`max(${DB_NOW}, coalesce((SELECT max(${jhBoardPosts.updatedAt}) FROM ${jhBoardPosts}), 0) + ${BOARD_SPACING_MS})`;
