import { and, count, desc, eq, type SQL } from "drizzle-orm";
import * as v from "valibot";
import { summerAudit } from "../../db/schema/summer";
import { params } from "../../platform/params";
import { doc, pageOf as pageDoc } from "./docs";
import { ok } from "./envelope";
import { id, optText } from "./inputs";
import { paged, pageOf, pageParam } from "./page";
import { isoZ } from "./present";
import { requireArea } from "./roles";
import { requireLogin } from "./session";
import type { SummerApp } from "./surface";

/** The record of every staff write (who, what, when, before and after), for ADMIN. */
const entryDoc = v.object({
  id: v.number(),
  staff: v.number(),
  action: v.string(),
  entity: v.string(),
  entity_id: v.string(),
  before: v.unknown(),
  after: v.unknown(),
  create_time: v.string(),
});

const filters = v.object({
  page: pageParam,
  entity: optText(40),
  entity_id: optText(40),
  staff: v.optional(id),
});

export function auditRoutes(app: SummerApp) {
  app.get(
    "/admin/audit",
    doc("The record of staff writes, newest first, 10 a page; filters entity, entity_id, staff", pageDoc(entryDoc), {
      who: "staff: audit (ADMIN)",
    }),
    requireLogin,
    requireArea("audit"),
    params(filters, "GET"),
    async (c) => {
      const db = c.var.db;
      const { entity, entity_id, staff } = c.var.params;
      const conds: SQL[] = [];
      if (entity) conds.push(eq(summerAudit.entity, entity));
      if (entity_id) conds.push(eq(summerAudit.entityId, entity_id));
      if (staff) conds.push(eq(summerAudit.staffId, staff));
      const where = conds.length ? and(...conds) : undefined;
      const { page, limit, offset } = pageOf(c);
      const [rows, [{ total }]] = await db.batch([
        db.select().from(summerAudit).where(where).orderBy(desc(summerAudit.id)).limit(limit).offset(offset),
        db.select({ total: count() }).from(summerAudit).where(where),
      ]);
      return ok(
        c,
        paged(
          c,
          page,
          total,
          rows.map((r) => ({
            id: r.id,
            staff: r.staffId,
            action: r.action,
            entity: r.entity,
            entity_id: r.entityId,
            before: r.before,
            after: r.after,
            create_time: isoZ(r.createdAt),
          })),
        ),
      );
    },
  );
}
