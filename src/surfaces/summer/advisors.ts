import { and, eq, exists, type SQL, sql } from "drizzle-orm";
import { summerAdvisorLinks, summerSalesMen, summerStudents } from "../../db/schema/summer";
import type { Db } from "../../env";
import { fileUrl } from "./files";
import { qualified } from "./read";

/** Sales advisors as students see them: assigned once (the one with the fewest students), then bound by the student. */
type SalesManRow = typeof summerSalesMen.$inferSelect;

export const presentSalesMan = (s: SalesManRow, requestUrl: string) => ({
  id: s.id,
  name: s.name,
  email: s.email,
  qr_code: s.qrFileId ? fileUrl(requestUrl, s.qrFileId) : s.qrUrl,
  wechat: s.wechat,
});

/**
 * Links the student to the active advisor with the fewest students (ties: the
 * lowest id), unless linked already; one statement, so it happens once.
 */
export function assignAdvisor(db: Db, userId: number | SQL, now = Date.now()) {
  const load = sql`(SELECT count(*) FROM ${summerAdvisorLinks} WHERE ${summerAdvisorLinks.salesManId} = ${qualified(summerSalesMen.id)})`;
  return db
    .insert(summerAdvisorLinks)
    .select(
      db
        .select({
          userId: sql`${userId}`.as("user_id"),
          salesManId: summerSalesMen.id,
          status: sql`'NEW'`.as("status"),
          remark: sql`NULL`.as("remark"),
          createdAt: sql`${now}`.as("created_at"),
          updatedAt: sql`${now}`.as("updated_at"),
        })
        .from(summerSalesMen)
        .where(eq(summerSalesMen.isActive, true))
        .orderBy(load, summerSalesMen.id)
        .limit(1),
    )
    .onConflictDoNothing();
}

/** The student's advisor (only the advisor's columns, so it may share a batch), if linked. */
export const studentAdvisorQuery = (db: Db, userId: number) =>
  db
    .select({ salesMan: summerSalesMen })
    .from(summerAdvisorLinks)
    .innerJoin(summerSalesMen, eq(summerSalesMen.id, summerAdvisorLinks.salesManId))
    .where(eq(summerAdvisorLinks.userId, userId))
    .limit(1);

/** The advisor `id`, if it exists. */
export const salesManIdQuery = (db: Db, id: number) =>
  db.select({ id: summerSalesMen.id }).from(summerSalesMen).where(eq(summerSalesMen.id, id)).limit(1);

/**
 * Links the student to the advisor, or confirms the link when it is to this
 * advisor already; returns the link's advisor only then (a link to another
 * advisor stays, and nothing is returned).
 */
export const linkAdvisor = (db: Db, userId: number, salesManId: number, now: number) =>
  db
    .insert(summerAdvisorLinks)
    .select(
      db
        .select({
          userId: sql`${userId}`.as("user_id"),
          salesManId: summerSalesMen.id,
          status: sql`'NEW'`.as("status"),
          remark: sql`NULL`.as("remark"),
          createdAt: sql`${now}`.as("created_at"),
          updatedAt: sql`${now}`.as("updated_at"),
        })
        .from(summerSalesMen)
        .where(eq(summerSalesMen.id, salesManId)),
    )
    .onConflictDoUpdate({
      target: summerAdvisorLinks.userId,
      set: { updatedAt: now },
      setWhere: eq(summerAdvisorLinks.salesManId, salesManId),
    })
    .returning({ salesManId: summerAdvisorLinks.salesManId });

/** Marks that the student added the advisor (valid_sales_man), while the student's link is to that advisor. */
export const markAdvisorAdded = (db: Db, userId: number, salesManId: number, now: number) => {
  const mine = and(eq(summerAdvisorLinks.userId, userId), eq(summerAdvisorLinks.salesManId, salesManId));
  return db
    .update(summerStudents)
    .set({ validSalesMan: true, updatedAt: now })
    .where(and(eq(summerStudents.userId, userId), exists(db.select({ one: sql`1` }).from(summerAdvisorLinks).where(mine))));
};
