import nodeSqlParser from "node-sql-parser";
import { InputError } from "../plan";
import { lineAt } from "./text";

const { Parser } = nodeSqlParser;

export type MysqlValue = string | number | null;

/** A table of a dump: its columns (from CREATE TABLE), its rows as objects, and where each row's INSERT is. */
export interface DumpTable {
  name: string;
  columns: string[];
  rows: { values: Record<string, MysqlValue>; line: number }[];
}

/**
 * Reads a `mysqldump` file with node-sql-parser (MySQL grammar): CREATE TABLE gives each table's
 * columns, INSERT INTO its rows (positional, or with a column list under --complete-insert); the
 * session SETs, LOCK/UNLOCK TABLES and `/*!...*\/` lines mysqldump writes are skipped. A dump cut short
 * (no `-- Dump completed` trailer, or a statement broken off) and a statement that is not SQL stop
 * the import with the file and line.
 */
export function readMysqlDump(file: string, text: string): Map<string, DumpTable> {
  if (!/^-- Dump completed/m.test(text.slice(-400))) {
    throw new InputError(
      file,
      lineAt(text, text.length),
      "the dump is cut short: mysqldump ends every dump with a '-- Dump completed' line",
    );
  }
  let statements: unknown;
  try {
    statements = new Parser().astify(text, { database: "MySQL" });
  } catch (err) {
    const line = hasLocation(err) ? err.location.start.line : null;
    throw new InputError(file, line, `not a MySQL dump statement (${err instanceof Error ? err.message.slice(0, 160) : err})`);
  }
  const tables = new Map<string, DumpTable>();
  const insertLines = linesOf(text, /^INSERT INTO `([^`]+)`/gm);
  const seen = new Map<string, number>();
  for (const st of Array.isArray(statements) ? statements : [statements]) {
    if (!isNode(st)) continue;
    if (st.type === "create" && st.keyword === "table") {
      const name = tableName(st.table);
      const columns = (Array.isArray(st.create_definitions) ? st.create_definitions : [])
        .filter((d): d is { resource: string; column: { column: string } } => isNode(d) && d.resource === "column")
        .map((d) => columnName(d.column));
      tables.set(name, { name, columns, rows: [] });
    } else if (st.type === "insert") {
      const name = tableName(st.table);
      const table = tables.get(name);
      const n = seen.get(name) ?? 0;
      seen.set(name, n + 1);
      const line = insertLines.get(name)?.[n] ?? null;
      if (!table) throw new InputError(file, line, `INSERT INTO ${name} before its CREATE TABLE`);
      const columns = Array.isArray(st.columns) && st.columns.length ? st.columns.map(columnName) : table.columns;
      const values = isNode(st.values) && Array.isArray(st.values.values) ? st.values.values : [];
      for (const tuple of values) {
        const list = isNode(tuple) && Array.isArray(tuple.value) ? tuple.value : [];
        if (list.length !== columns.length) {
          throw new InputError(file, line, `a row of ${name} has ${list.length} values for ${columns.length} columns`);
        }
        const row: Record<string, MysqlValue> = {};
        list.forEach((v, i) => {
          row[columns[i]] = literal(file, line, v);
        });
        table.rows.push({ values: row, line: line ?? 0 });
      }
    }
  }
  return tables;
}

type Node = Record<string, unknown>;
const isNode = (x: unknown): x is Node => x !== null && typeof x === "object" && !Array.isArray(x);

function hasLocation(err: unknown): err is { location: { start: { line: number } } } {
  return isNode(err) && isNode(err.location) && isNode(err.location.start) && typeof err.location.start.line === "number";
}

function tableName(t: unknown): string {
  const first = Array.isArray(t) ? t[0] : t;
  return isNode(first) && typeof first.table === "string" ? first.table : "";
}

function columnName(c: unknown): string {
  if (typeof c === "string") return c;
  if (isNode(c)) {
    if (typeof c.column === "string") return c.column;
    if (isNode(c.column) && isNode(c.column.expr) && typeof c.column.expr.value === "string") return c.column.expr.value;
    if (isNode(c.expr) && typeof c.expr.value === "string") return c.expr.value;
  }
  return "";
}

/** Where each table's INSERT statements start (mysqldump writes each at the start of a line). */
function linesOf(text: string, re: RegExp): Map<string, number[]> {
  const out = new Map<string, number[]>();
  let line = 1;
  let last = 0;
  for (const m of text.matchAll(re)) {
    line += countNewlines(text, last, m.index);
    last = m.index;
    const list = out.get(m[1]) ?? [];
    list.push(line);
    out.set(m[1], list);
  }
  return out;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

const ESCAPES: Record<string, string> = { "0": "\0", b: "\b", n: "\n", r: "\r", t: "\t", Z: "\x1a" };

/** A literal as the row holds it: strings with MySQL's backslash escapes undone. */
function literal(file: string, line: number | null, v: unknown): MysqlValue {
  if (!isNode(v)) throw new InputError(file, line, "a value that is not a literal");
  switch (v.type) {
    case "null":
      return null;
    case "number":
    case "bigint": {
      const n = Number(v.value);
      if (!Number.isFinite(n)) throw new InputError(file, line, `number ${String(v.value)} out of range`);
      return n;
    }
    case "bool":
      return v.value ? 1 : 0;
    case "single_quote_string":
    case "double_quote_string":
    case "natural_string":
      return String(v.value).replace(/\\(.)/gs, (_, c: string) => ESCAPES[c] ?? c);
    default:
      throw new InputError(file, line, `a value mysqldump does not write (${String(v.type)})`);
  }
}
