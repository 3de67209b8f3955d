import { and, asc, count, eq, exists, type SQL, sql } from "drizzle-orm";
import * as v from "valibot";
import { summerAdvisorLinks, summerFiles, summerSalesMen, summerStudents } from "../../db/schema/summer";
import type { Db } from "../../env";
import { callerAnd } from "../../platform/caller";
import { summerWrite } from "./call";
import { dropFiles, fileUrl, putFile } from "./files";
import { str } from "./inputs";
import type { Window } from "./page";
import { qualified } from "./read";
import { imageField } from "./uploads";
import { audit, defined, newestId, notFound } from "./writes";

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
export const studentAdvisorQuery = (db: Db, userId: number | SQL) =>
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

const email = v.pipe(str(30), v.email("请输入合法的邮件地址。"));
const createParams = v.object({ name: str(30), wechat: str(30), email, qr_code: imageField });
const updateParams = v.object({
  name: v.optional(str(30)),
  wechat: v.optional(str(30)),
  email: v.optional(email),
  qr_code: v.optional(imageField),
});

/** A page of the advisors, oldest first, and their count. */
export const salesMenQuery = (db: Db, page: Window) =>
  db.select().from(summerSalesMen).orderBy(asc(summerSalesMen.id)).limit(page.limit).offset(page.offset);
export const salesManCountQuery = (db: Db) => db.select({ total: count() }).from(summerSalesMen);
export const salesManQuery = (db: Db, id: number) => db.select().from(summerSalesMen).where(eq(summerSalesMen.id, id));

/** Creates an advisor with its QR image (stored first in R2, dropped again if the batch fails). */
export const createSalesMan = summerWrite("advisors", createParams, async (call, p) => {
  const db = call.var.db;
  const [me] = await callerAnd(call);
  const file = await putFile(call.env, "advisor_qr", p.qr_code, {});
  const now = Date.now();
  const values = { name: p.name, wechat: p.wechat, email: p.email, qrFileId: file.id, createdAt: now, updatedAt: now };
  try {
    const [[row]] = await db.batch([
      db.insert(summerSalesMen).values(values).returning(),
      db.insert(summerFiles).values({ ...file, salesManId: newestId(summerSalesMen) }),
      audit(db, me.id, "create", "sales_man", newestId(summerSalesMen), null, values),
    ]);
    return presentSalesMan(row, call.req.url);
  } catch (err) {
    await dropFiles(call.env, [file.key]);
    throw err;
  }
});

/** Changes an advisor; a new QR image replaces the old one (the old one's file is dropped after the batch). */
export const updateSalesMan = summerWrite("advisors", updateParams, async (call, p, advisorId: number) => {
  const db = call.var.db;
  const [me, [before]] = await callerAnd(call, salesManQuery(db, advisorId));
  if (!before) throw notFound();
  const file = p.qr_code ? await putFile(call.env, "advisor_qr", p.qr_code, { salesManId: advisorId }) : null;
  const replaced = file ? before.qrFileId : null;
  const changes = { name: p.name, wechat: p.wechat, email: p.email, qrFileId: file?.id, updatedAt: Date.now() };
  const [[row], old] = await db
    .batch([
      db.update(summerSalesMen).set(changes).where(eq(summerSalesMen.id, advisorId)).returning(),
      db
        .delete(summerFiles)
        .where(eq(summerFiles.id, replaced ?? ""))
        .returning({ key: summerFiles.key }),
      ...(file ? [db.insert(summerFiles).values(file)] : []),
      audit(db, me.id, "update", "sales_man", advisorId, before, { ...before, ...defined(changes) }),
    ])
    .catch(async (err: unknown) => {
      await dropFiles(call.env, [file?.key]);
      throw err;
    });
  await dropFiles(
    call.env,
    old.map((o) => o.key),
  );
  return presentSalesMan(row, call.req.url);
});
