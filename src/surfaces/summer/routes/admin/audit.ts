import { count, desc } from "drizzle-orm";
import * as v from "valibot";
import { summerAudit } from "../../../../db/schema/summer";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { auditWhere, presentAuditEntry } from "../../audit-log";
import { requireArea, requireLogin } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import { doc, pageOf as pageDoc } from "../../docs";
import { ok } from "../../envelope";
import { id, optText } from "../../inputs";
import { paged, pageOf, pageParam } from "../../page";
import type { SummerApp } from "../../surface";

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

/** /admin/audit: the record of every staff write (who, what, when, before and after), for ADMIN. */
export function adminAuditRoutes(app: SummerApp) {
  app.get(
    "/admin/audit",
    doc("The record of staff writes, newest first, 10 a page; filters entity, entity_id, staff", pageDoc(entryDoc), {
      who: "staff: audit (ADMIN)",
    }),
    requireLogin,
    requireArea("audit"),
    callerBeforeParams,
    params(filters, "GET"),
    async (c) => {
      const db = c.var.db;
      const where = auditWhere(c.var.params);
      const { page, limit, offset } = pageOf(c);
      const [, rows, [{ total }]] = await callerAnd(
        c,
        db.select().from(summerAudit).where(where).orderBy(desc(summerAudit.id)).limit(limit).offset(offset),
        db.select({ total: count() }).from(summerAudit).where(where),
      );
      return ok(c, paged(c, page, total, rows.map(presentAuditEntry)));
    },
  );
}
