import { eq } from "drizzle-orm";
import * as v from "valibot";
import { summerScoreDetails } from "../../db/schema/summer";
import type { Db } from "../../env";

/** Where the student's transcript is sent (成绩单信息): one per student; saving creates it or replaces it. */
type Row = typeof summerScoreDetails.$inferSelect;
export type ScoreDetailFields = Pick<Row, "department" | "phone" | "country" | "postCode" | "address">;

const s = v.string();
export const scoreDetailDoc = v.object({ id: v.number(), user: v.number(), department: s, phone: s, country: s, post_code: s, address: s });

export const presentScoreDetail = (r: Row) => ({
  id: r.id,
  user: r.userId,
  department: r.department,
  phone: r.phone,
  country: r.country,
  post_code: r.postCode,
  address: r.address,
});

export const scoreDetailQuery = (db: Db, userId: number) =>
  db.select().from(summerScoreDetails).where(eq(summerScoreDetails.userId, userId)).limit(1);

/** Creates the student's details, or replaces them (the row and its id stay); returns the row. */
export const saveScoreDetail = (db: Db, userId: number, fields: ScoreDetailFields, now: number) =>
  db
    .insert(summerScoreDetails)
    .values({ userId, ...fields, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: summerScoreDetails.userId, set: { ...fields, updatedAt: now } })
    .returning();
