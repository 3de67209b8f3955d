import { eq, sql } from "drizzle-orm";
import { summerScoreDetails, summerStudents } from "../../db/schema/summer";
import type { Db } from "../../env";
import type { ScoreDetailFields } from "./score-details";

/**
 * Where a student's transcript is mailed (成绩单寄送地址) as staff keep it:
 * the student's score details (score-details.ts, read with its
 * `scoreDetailQuery`), created empty when staff open them first, and
 * changed field by field.
 */
export const EMPTY_MAILING: ScoreDetailFields = { department: "", phone: "", country: "", postCode: "", address: "" };

/** The details as staff read them: no id, the student's id as `user`. */
export const presentMailing = (userId: number, r: ScoreDetailFields) => ({
  user: userId,
  department: r.department,
  phone: r.phone,
  country: r.country,
  post_code: r.postCode,
  address: r.address,
});

/** Creates the student's empty details, unless they exist (or the student does not). */
export const createEmptyMailingQuery = (db: Db, userId: number, now = Date.now()) =>
  db
    .insert(summerScoreDetails)
    .select(
      db
        .select({
          id: sql`NULL`.as("id"),
          userId: summerStudents.userId,
          department: sql`''`.as("department"),
          phone: sql`''`.as("phone"),
          country: sql`''`.as("country"),
          postCode: sql`''`.as("post_code"),
          address: sql`''`.as("address"),
          createdAt: sql`${now}`.as("created_at"),
          updatedAt: sql`${now}`.as("updated_at"),
        })
        .from(summerStudents)
        .where(eq(summerStudents.userId, userId)),
    )
    .onConflictDoNothing();

/** Writes the fields given, creating the details (the others empty) when missing. */
export const saveMailingQuery = (db: Db, userId: number, changes: Partial<ScoreDetailFields> & { updatedAt: number }) =>
  db
    .insert(summerScoreDetails)
    .values({ userId, ...EMPTY_MAILING, ...changes, createdAt: changes.updatedAt })
    .onConflictDoUpdate({ target: summerScoreDetails.userId, set: changes })
    .returning();
