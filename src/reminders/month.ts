import { and, count, gte, inArray, lt, sql } from "drizzle-orm";
import { reminders } from "../db/schema/reminders";
import type { Db } from "../env";
import { campusDay } from "../platform/console/counts";

/** The outcomes the console charts per day. */
export const OUTCOMES = ["sent", "rejected", "failed"] as const;

/**
 * Reminders that ended sent, rejected or failed, by state and the campus day they were due (`send_at`, on
 * the state index: a reminder goes out when due, or is retried within hours), for those due in [`from`, `to`).
 */
export const outcomesByDay = (db: Db, from: number, to: number, offsetMs: number) =>
  db
    .select({ state: reminders.state, day: campusDay(reminders.sendAt, offsetMs).as("day"), value: count().as("value") })
    .from(reminders)
    .where(and(inArray(reminders.state, [...OUTCOMES]), gte(reminders.sendAt, from), lt(reminders.sendAt, to)))
    .groupBy(reminders.state, sql`2`);
