import { and, eq, type SQL } from "drizzle-orm";
import { summerAudit } from "../../db/schema/summer";
import { isoZ } from "./present";

/** The record of every staff write (written by writes.ts `audit`), as ADMIN reads it. */
export interface AuditFilter {
  entity?: string | null;
  entity_id?: string | null;
  staff?: number;
}

/** The entries a filter keeps (every entry when nothing is given). */
export function auditWhere(f: AuditFilter): SQL | undefined {
  const conds: SQL[] = [];
  if (f.entity) conds.push(eq(summerAudit.entity, f.entity));
  if (f.entity_id) conds.push(eq(summerAudit.entityId, f.entity_id));
  if (f.staff) conds.push(eq(summerAudit.staffId, f.staff));
  return conds.length ? and(...conds) : undefined;
}

export const presentAuditEntry = (r: typeof summerAudit.$inferSelect) => ({
  id: r.id,
  staff: r.staffId,
  action: r.action,
  entity: r.entity,
  entity_id: r.entityId,
  before: r.before,
  after: r.after,
  create_time: isoZ(r.createdAt),
});
