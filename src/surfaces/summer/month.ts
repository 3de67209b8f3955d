import { and, count, eq, gt, lte, type SQL, sql } from "drizzle-orm";
import { summerAudit, summerOrders } from "../../db/schema/summer";
import type { Db } from "../../env";
import { campusDay } from "../../platform/console/counts";

/**
 * The summer school's month for the console's rollup (src/console/rollup.ts), counted once as rows are added,
 * by id (AUTOINCREMENT) between two marks the rollup keeps: orders as they are placed, and payments as staff
 * confirm them (the audit record every decision writes, order-status.ts).
 */
export const lastOrderId = sql<number | null>`(SELECT max(${summerOrders.id}) FROM ${summerOrders})`;
export const lastAuditId = sql<number | null>`(SELECT max(${summerAudit.id}) FROM ${summerAudit})`;

/** Orders placed among ids in (`after`, `upTo`], by campus day. */
export const ordersByDay = (db: Db, after: SQL, upTo: SQL, offsetMs: number) =>
  db
    .select({ day: campusDay(summerOrders.createdAt, offsetMs).as("day"), value: count().as("value") })
    .from(summerOrders)
    .where(and(gt(summerOrders.id, after), lte(summerOrders.id, upTo)))
    .groupBy(sql`1`);

/** Payments confirmed (an order decided CONFIRMED) among audit ids in (`after`, `upTo`], by campus day. */
export const confirmationsByDay = (db: Db, after: SQL, upTo: SQL, offsetMs: number) =>
  db
    .select({ day: campusDay(summerAudit.createdAt, offsetMs).as("day"), value: count().as("value") })
    .from(summerAudit)
    .where(
      and(
        gt(summerAudit.id, after),
        lte(summerAudit.id, upTo),
        eq(summerAudit.action, "decide"),
        // Unary + keeps SQLite on the id range: the index on entity would read every order's audit records.
        sql`+${summerAudit.entity} = 'order'`,
        sql`json_extract(${summerAudit.after}, '$.status') = 'CONFIRMED'`,
      ),
    )
    .groupBy(sql`1`);
