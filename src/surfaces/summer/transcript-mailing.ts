import { eq, sql } from "drizzle-orm";
import * as v from "valibot";
import { summerScoreDetails, summerStudents } from "../../db/schema/summer";
import type { Db } from "../../env";
import { callerAnd } from "../../platform/caller";
import { summerWrite } from "./call";
import { str } from "./inputs";
import { type ScoreDetailFields, scoreDetailQuery } from "./score-details";
import { studentExistsQuery } from "./student-files";
import { audit, defined, notFound } from "./writes";

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

const mailingParams = v.object({
  department: v.optional(str(30)),
  phone: v.optional(str(30)),
  country: v.optional(str(30)),
  post_code: v.optional(str(30)),
  address: v.optional(str(60)),
});

/** Changes the fields sent of a student's mailing details, created when missing. */
export const saveMailing = summerWrite("scores", mailingParams, async (call, p, userId: number) => {
  const db = call.var.db;
  const [me, [row], [student]] = await callerAnd(call, scoreDetailQuery(db, userId), studentExistsQuery(db, userId));
  if (!row && !student) throw notFound();
  const before = presentMailing(userId, row ?? EMPTY_MAILING);
  const changes: Partial<ScoreDetailFields> & { updatedAt: number } = {
    ...(p.department !== undefined ? { department: p.department } : {}),
    ...(p.phone !== undefined ? { phone: p.phone } : {}),
    ...(p.country !== undefined ? { country: p.country } : {}),
    ...(p.post_code !== undefined ? { postCode: p.post_code } : {}),
    ...(p.address !== undefined ? { address: p.address } : {}),
    updatedAt: Date.now(),
  };
  const [[saved]] = await db.batch([
    saveMailingQuery(db, userId, changes),
    audit(db, me.id, "update", "score_info", userId, before, { ...before, ...defined(p) }),
  ]);
  return presentMailing(userId, saved);
});
