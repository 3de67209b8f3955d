import { eq, sql } from "drizzle-orm";
import { summerOrders } from "../../db/schema/summer";
import type { Db } from "../../env";
import { cappedCount } from "../../platform/console/counts";
import { toConfirmCountQuery } from "./chosen-courses";
import { pairCountQuery, pairsWhere } from "./credit-transfer";

/** What waits for the summer school's staff now, by the area it belongs to, as counts (scalar subqueries, each on an index). */
export function summerAttention(db: Db) {
  return {
    /** FINANCE: payments reported, to confirm or fail. */
    orders: cappedCount(db.select({ one: sql`1` }).from(summerOrders).where(eq(summerOrders.status, "TO_CONFIRM"))),
    /** PRODUCT: course-approval photos to pass or reject (the count the courses page shows). */
    photos: sql<number>`(${toConfirmCountQuery(db)})`,
    /** PRODUCT: credit transfers whose transcript was sent (to mark received), and received (to decide), as the credit page filters them. */
    posted: sql<number>`(${pairCountQuery(db, pairsWhere({ status: "POSTED" }))})`,
    received: sql<number>`(${pairCountQuery(db, pairsWhere({ status: "RECEIVED" }))})`,
  };
}
