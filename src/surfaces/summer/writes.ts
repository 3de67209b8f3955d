import { type SQL, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { summerAudit } from "../../db/schema/summer";
import type { Db } from "../../env";
import { AppError } from "../../platform/errors";

/** True when D1 refused a write for a UNIQUE constraint (drizzle wraps the D1 error). */
export function isUnique(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) if (/UNIQUE constraint failed/i.test(e.message)) return true;
  return false;
}

/** Runs a write; a UNIQUE violation becomes a 400 naming `field`. */
export async function unique<T>(field: string, message: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUnique(err)) throw new AppError("invalid_param", message, { field });
    throw err;
  }
}

/**
 * The audit record of a staff write, to batch with the write itself.
 * `entityId` may be SQL (the row just inserted in the same batch).
 */
export function audit(
  db: Db,
  staffId: number,
  action: string,
  entity: string,
  entityId: string | number | SQL,
  before: unknown,
  after: unknown,
) {
  return db.insert(summerAudit).values({
    staffId,
    action,
    entity,
    entityId: typeof entityId === "object" ? sql`CAST(${entityId} AS TEXT)` : String(entityId),
    before: before ?? null,
    after: after ?? null,
    createdAt: Date.now(),
  });
}

/** The newest id of a table, inside the batch that just inserted it (D1 runs a batch alone, in one transaction). */
export const newestId = (table: SQLiteTable) => sql`(SELECT max("id") FROM ${table})`;

export const notFound = () => new AppError("not_found", "请求失败");

/** The row that was looked up, or the surface's 404. */
export function found<T>(row: T | null | undefined): T {
  if (row === undefined || row === null) throw notFound();
  return row;
}
export const bad = (field: string, message: string) => new AppError("invalid_param", message, { field });

/** The fields of `o` that were sent (drops undefined), e.g. the "after" of a partial update. */
export function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/**
 * True inside the batch statement right after a write that changed a row:
 * SQLite's changes() counts the rows of the last completed statement, and D1
 * runs a batch's statements one after another on one connection.
 */
export const previousChanged = sql`changes() > 0`;

/** The audit record of a conditional write, inserted only while `happened` holds (checked in the same batch). */
export function auditIf(
  db: Db,
  staffId: number,
  action: string,
  entity: string,
  entityId: string | number,
  before: unknown,
  after: unknown,
  happened: SQL,
) {
  const now = Date.now();
  return db.insert(summerAudit).select(
    db
      .select({
        id: sql`NULL`.as("id"),
        staffId: sql`${staffId}`.as("staff_id"),
        action: sql`${action}`.as("action"),
        entity: sql`${entity}`.as("entity"),
        entityId: sql`${String(entityId)}`.as("entity_id"),
        before: sql`${JSON.stringify(before ?? null)}`.as("before"),
        after: sql`${JSON.stringify(after ?? null)}`.as("after"),
        createdAt: sql`${now}`.as("created_at"),
      })
      .from(sql`(SELECT 1)`)
      .where(happened),
  );
}
