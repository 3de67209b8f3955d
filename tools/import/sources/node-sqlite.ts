import { readFileSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { InputError } from "../plan";
import type { SqlSource } from "./sql-source";
import { decodeUtf8 } from "./text";

/**
 * A Django SQLite database through Node's own SQLite (node:sqlite): the database file itself,
 * opened read-only, or a `sqlite3 db .dump` of it, loaded into memory.
 */
export function openSqlite(file: string): SqlSource {
  const bytes = readFileSync(file);
  const isDatabase = bytes.subarray(0, 16).toString("latin1") === "SQLite format 3\u0000";
  let db: DatabaseSync;
  if (isDatabase) {
    db = new DatabaseSync(file, { readOnly: true });
  } else {
    const text = decodeUtf8(file, bytes);
    db = new DatabaseSync(":memory:");
    try {
      db.exec(text);
    } catch (err) {
      throw new InputError(file, null, `not an SQLite database nor a dump of one (${err instanceof Error ? err.message : err})`);
    }
  }
  return {
    file,
    all: async (query) => db.prepare(query).all(),
  };
}
