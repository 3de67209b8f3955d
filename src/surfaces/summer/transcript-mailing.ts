import { eq, sql } from "drizzle-orm";
import { summerScoreDetails, summerStudents } from "../../db/schema/summer";
import type { Db } from "../../env";

/**
 * Where a student's transcript is mailed (成绩单寄送地址) as staff keep it:
 * the row the student fills in (score-details.ts), created empty when staff
 * open it first.
 */
type Row = typeof summerScoreDetails.$inferSelect;

export type MailingFields = Pick<Row, "department" | "phone" | "country" | "postCode" | "address">;

/** The mailing details as they read before anything is filled in. */
export const EMPTY_MAILING: MailingFields = { department: "", phone: "", country: "", postCode: "", address: "" };

export const presentMailing = (userId: number, r: MailingFields) => ({
  user: userId,
  department: r.department,
  phone: r.phone,
  country: r.country,
  post_code: r.postCode,
  address: r.address,
});

export const mailingQuery = (db: Db, userId: number) => db.select().from(summerScoreDetails).where(eq(summerScoreDetails.userId, userId));

/** Creates the student's empty mailing details, unless they exist (or the student does not). */
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

/** Writes the fields given, creating the row (the others empty) when missing. */
export const saveMailingQuery = (db: Db, userId: number, changes: Partial<MailingFields> & { updatedAt: number }) =>
  db
    .insert(summerScoreDetails)
    .values({ userId, ...EMPTY_MAILING, ...changes, createdAt: changes.updatedAt })
    .onConflictDoUpdate({ target: summerScoreDetails.userId, set: changes })
    .returning();
