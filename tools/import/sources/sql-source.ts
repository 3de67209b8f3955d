import { InputError } from "../plan";

export type SqlRow = Record<string, unknown>;

/** A SQL database of an original (a Django SQLite file, or its dump loaded elsewhere), read with plain SELECTs. */
export interface SqlSource {
  /** The file it came from, for messages. */
  file: string;
  all(query: string): Promise<SqlRow[]>;
}

/**
 * Checks that `table` has at least `columns` (the original's layout); anything else is an
 * unknown layout and stops the import before it writes.
 */
export async function requireTable(source: SqlSource, table: string, columns: string[], layout: string) {
  const info = await source.all(`PRAGMA table_info("${table.replaceAll('"', '""')}")`);
  if (info.length === 0) throw new InputError(source.file, null, `no table ${table}: not the layout of ${layout}`);
  const have = new Set(info.map((c) => String(c.name)));
  const missing = columns.filter((c) => !have.has(c));
  if (missing.length) throw new InputError(source.file, null, `table ${table} lacks ${missing.join(", ")}: not the layout of ${layout}`);
}
