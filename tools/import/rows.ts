import { and, eq, getTableColumns, is, ne, SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { legacyIds } from "../../src/db/schema/legacy";
import type { Db } from "../../src/env";

/** An original row: which original (`source`), which of its tables (`entity`) and its key there. */
export interface LegacyKey {
  source: string;
  entity: string;
  legacyId: string;
}

const keyWhere = (k: LegacyKey) => and(eq(legacyIds.source, k.source), eq(legacyIds.entity, k.entity), eq(legacyIds.legacyId, k.legacyId));

/** The Campus Edge key the original row became (NULL until it is imported), as SQL. */
export const mappedText = (k: LegacyKey) => sql`(SELECT ${legacyIds.id} FROM ${legacyIds} WHERE ${keyWhere(k)})`;
export const mappedInt = (k: LegacyKey) => sql`(SELECT CAST(${legacyIds.id} AS INTEGER) FROM ${legacyIds} WHERE ${keyWhere(k)})`;
const isImported = (k: LegacyKey) => sql`EXISTS (SELECT 1 FROM ${legacyIds} WHERE ${keyWhere(k)})`;
/** True once the original row was imported: the rows that refer to it may follow. */
export const present = (k: LegacyKey) => sql`${mappedText(k)} IS NOT NULL`;

type Values = Record<string, unknown>;

/**
 * `INSERT INTO t SELECT ... WHERE cond ON CONFLICT DO NOTHING`: every column in the table's order, a
 * value given bound through its column's encoder, one not given its column's default.
 */
function insertWhere(db: Db, table: SQLiteTable, values: Values, where: SQL) {
  const columns = Object.entries(getTableColumns(table) as Record<string, SQLiteColumn>);
  for (const k of Object.keys(values)) if (!columns.some(([name]) => name === k)) throw new Error(`unknown column ${k}`);
  const list = columns.map(([k, c]) => {
    const v = values[k];
    if (v !== undefined) return is(v, SQL) ? v : sql.param(v, c);
    if (c.default !== undefined && c.default !== null) return is(c.default, SQL) ? c.default : sql.param(c.default, c);
    return sql`NULL`;
  });
  return db
    .insert(table)
    .select(sql`SELECT ${sql.join(list, sql`, `)} WHERE ${where}`)
    .onConflictDoNothing();
}

export interface RowImport {
  key: LegacyKey;
  table: SQLiteTable;
  /** The new row (drizzle property names); a value may be SQL, such as another imported row's key. */
  values: Values;
  /** The row's Campus Edge key column. */
  id: SQLiteColumn;
  /**
   * How to find the row by what is unique about it (an openid, a username), when something is: a row
   * already there (registered in Campus Edge before the import) is then kept and linked, not duplicated.
   * Without it the new row's key is the one SQLite just assigned.
   */
  natural?: SQL;
  /** The imported rows this one refers to: it is written only when they are there. */
  requires?: LegacyKey[];
  /**
   * Refresh on a later import: the change-time column, the source's change time, and the columns to
   * rewrite. The row is rewritten only while it still carries the stamp the import last wrote (nobody
   * changed it in Campus Edge since) and the source's change time is another.
   */
  refresh?: { column: SQLiteColumn; stamp: number; set: Values };
}

/**
 * The statements that bring one original row over, safe to run again: the row is inserted once
 * (its key recorded in legacy_ids in the same batch), never duplicated, and never overwritten once
 * Campus Edge changed it.
 */
export function importRow(db: Db, r: RowImport, now: number): BatchItem<"sqlite">[] {
  const idIsInt = r.id.columnType === "SQLiteInteger";
  const mapped = idIsInt ? mappedInt(r.key) : mappedText(r.key);
  const out: BatchItem<"sqlite">[] = [];
  if (r.refresh) {
    const { column, stamp, set } = r.refresh;
    const lastWritten = sql`(SELECT ${legacyIds.stamp} FROM ${legacyIds} WHERE ${keyWhere(r.key)})`;
    out.push(
      db
        .update(r.table)
        .set({ ...set, [keyOf(r.table, column)]: stamp })
        .where(and(eq(r.id, mapped), eq(column, lastWritten), ne(column, stamp))),
      db
        .update(legacyIds)
        .set({ stamp })
        .where(and(keyWhere(r.key), sql`changes() > 0`)),
    );
  }
  const conditions = [sql`NOT ${isImported(r.key)}`, ...(r.requires ?? []).map(present)];
  out.push(insertWhere(db, r.table, r.values, sql.join(conditions, sql` AND `)));
  const stamp = r.refresh ? sql`CASE WHEN changes() > 0 THEN ${r.refresh.stamp} END` : sql`NULL`;
  // Columns in legacy_ids' order: source, entity, legacy_id, id, stamp, imported_at.
  const key = sql`${r.key.source}, ${r.key.entity}, ${r.key.legacyId}`;
  const record = r.natural
    ? sql`SELECT ${key}, ${r.id}, ${stamp}, ${now} FROM ${r.table} WHERE ${r.natural}`
    : sql`SELECT ${key}, last_insert_rowid(), ${stamp}, ${now} WHERE changes() > 0`;
  out.push(db.insert(legacyIds).select(record).onConflictDoNothing());
  return out;
}

function keyOf(table: SQLiteTable, column: SQLiteColumn): string {
  const found = Object.entries(getTableColumns(table)).find(([, c]) => c === column);
  if (!found) throw new Error(`column ${column.name} is not in the table`);
  return found[0];
}

/** A row that refers only to imported rows and has no key of its own to record (a link row): inserted once. */
export function insertLink(db: Db, table: SQLiteTable, values: Values, requires: LegacyKey[]): BatchItem<"sqlite"> {
  return insertWhere(db, table, values, requires.length ? sql.join(requires.map(present), sql` AND `) : sql`1`);
}

/**
 * A row that belongs to another imported row (a comment of a post) and has no key of its own SQLite assigns:
 * inserted once (recorded in legacy_ids as `id`), and only when the rows it refers to are there; `after`
 * runs only when it was inserted now (the parent's count and change stamp).
 */
export function importChild(
  db: Db,
  r: { key: LegacyKey; table: SQLiteTable; values: Values; id: SQL; requires: LegacyKey[]; after: (db: Db) => BatchItem<"sqlite"> },
  now: number,
): BatchItem<"sqlite">[] {
  const conditions = [sql`NOT ${isImported(r.key)}`, ...r.requires.map(present)];
  return [
    insertWhere(db, r.table, r.values, sql.join(conditions, sql` AND `)),
    db
      .insert(legacyIds)
      .select(sql`SELECT ${r.key.source}, ${r.key.entity}, ${r.key.legacyId}, ${r.id}, NULL, ${now} WHERE changes() > 0`)
      .onConflictDoNothing(),
    r.after(db),
  ];
}
