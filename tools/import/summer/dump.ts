import { InputError } from "../plan";
import type { DumpTable, MysqlValue } from "../sources/mysqldump";
import { dateText, wallTime } from "../times";

export type Row = { values: Record<string, MysqlValue>; line: number };

/**
 * StuSystem's tables in a dump: a table the import reads must have the columns it reads (the
 * layout of the version document 001 describes), or the import stops; a table not in the dump
 * has no rows.
 */
export class Dump {
  constructor(
    readonly file: string,
    private readonly tables: Map<string, DumpTable>,
  ) {}

  rows(table: string, columns: string[], required = false): Row[] {
    const t = this.tables.get(table);
    if (!t) {
      if (required) throw new InputError(this.file, null, `no table \`${table}\`: not a dump of StuSystem's database`);
      return [];
    }
    const missing = columns.filter((c) => !t.columns.includes(c));
    if (missing.length) {
      throw new InputError(
        this.file,
        t.rows[0]?.line ?? null,
        `table \`${table}\` lacks ${missing.join(", ")}: a layout this import does not know`,
      );
    }
    return t.rows;
  }

  /** Tables in the dump that the import does not read. */
  unread(read: Set<string>): string[] {
    return [...this.tables.keys()].filter((t) => !read.has(t));
  }
}

export const int = (v: MysqlValue): number | null => (v === null || v === "" || !Number.isFinite(Number(v)) ? null : Math.trunc(Number(v)));
export const num = (v: MysqlValue): number | null => (v === null || v === "" || !Number.isFinite(Number(v)) ? null : Number(v));
export const text = (v: MysqlValue): string | null => (v === null ? null : String(v));
/** StuSystem ran with USE_TZ = True: MySQL holds its DATETIMEs in UTC. */
export const utc = (v: MysqlValue): number | null => (v === null ? null : wallTime(String(v), "+00:00"));
export const date = (v: MysqlValue): string | null => (v === null ? null : dateText(String(v)));
export const bool = (v: MysqlValue): boolean => Number(v) === 1;
