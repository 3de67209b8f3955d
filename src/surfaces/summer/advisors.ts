import { and, eq, exists, sql } from "drizzle-orm";
import * as v from "valibot";
import { summerAdvisorLinks, summerSalesMen, summerStudents } from "../../db/schema/summer";
import type { Db } from "../../env";
import { params } from "../../platform/params";
import { doc, emptyDoc, salesManDoc } from "./docs";
import { done, ok } from "./envelope";
import { fileUrl } from "./files";
import { id } from "./inputs";
import { qualified } from "./read";
import { requireSelf, requireStudent } from "./roles";
import { requireLogin } from "./session";
import type { SummerApp } from "./surface";
import { bad } from "./writes";

/** Sales advisors as students see them: GET assigns one once, POST binds one ('已发送好友申请'). */
const LINKED = "已有关联的销售顾问";
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
export function assignAdvisor(db: Db, userId: number | ReturnType<typeof sql>, now = Date.now()) {
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

const advisorOf = (db: Db, userId: number) =>
  db
    .select({ salesMan: summerSalesMen })
    .from(summerAdvisorLinks)
    .innerJoin(summerSalesMen, eq(summerSalesMen.id, summerAdvisorLinks.salesManId))
    .where(eq(summerAdvisorLinks.userId, userId))
    .limit(1);

export function advisorRoutes(app: SummerApp) {
  const path = "/auth/user/:user_id{[0-9]+}/sales_man";

  app.get(
    path,
    doc("The student's sales advisor, assigned on first ask (the one with the fewest students)", v.nullable(salesManDoc), {
      who: "the student whose id is in the path",
      description: "`data` is null only while no advisor exists at all.",
    }),
    requireLogin,
    params(v.object({}), "GET"),
    requireStudent,
    requireSelf,
    async (c) => {
      const db = c.var.db;
      const [, [row]] = await db.batch([assignAdvisor(db, c.var.user.id), advisorOf(db, c.var.user.id)]);
      return ok(c, row ? presentSalesMan(row.salesMan, c.req.url) : null);
    },
  );

  app.post(
    path,
    doc("The student has sent the advisor a friend request: binds the advisor (or confirms the one assigned)", emptyDoc, {
      who: "the student whose id is in the path",
      errors: [`400 ${LINKED} (another advisor is linked)`, "400 销售人员不存在"],
    }),
    requireLogin,
    requireStudent,
    requireSelf,
    params(v.object({ sales_man: id }), "POST"),
    async (c) => {
      const db = c.var.db;
      const me = c.var.user.id;
      const salesManId = c.var.params.sales_man;
      const now = Date.now();
      const mine = and(eq(summerAdvisorLinks.userId, me), eq(summerAdvisorLinks.salesManId, salesManId));
      const [[advisor], [linked]] = await db.batch([
        db.select({ id: summerSalesMen.id }).from(summerSalesMen).where(eq(summerSalesMen.id, salesManId)),
        db
          .insert(summerAdvisorLinks)
          .select(
            db
              .select({
                userId: sql`${me}`.as("user_id"),
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
          .returning({ salesManId: summerAdvisorLinks.salesManId }),
        db
          .update(summerStudents)
          .set({ validSalesMan: true, updatedAt: now })
          .where(and(eq(summerStudents.userId, me), exists(db.select({ one: sql`1` }).from(summerAdvisorLinks).where(mine)))),
      ]);
      if (!advisor) throw bad("sales_man", "销售人员不存在");
      if (!linked) throw bad("non_field_errors", LINKED);
      return done(c);
    },
  );
}
