import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import * as schema from "../src/db/schema";
import type { SqlSource } from "../tools/import/sources/sql-source";

export const db = drizzle(env.DB, { schema });

/**
 * A Django SQLite fixture (a `sqlite3 .dump`) loaded into the test D1 beside Campus Edge's tables
 * (their names do not meet), read as the command line reads the database file. D1 runs its own
 * transactions, so the dump's PRAGMA, BEGIN and COMMIT lines are left out.
 */
export async function loadSqliteDump(file: string, dump: string): Promise<SqlSource> {
  const statements = dump
    .split("\n")
    .filter(
      (line) => line.trim() && !/^(PRAGMA|BEGIN TRANSACTION|COMMIT|DELETE FROM sqlite_sequence|INSERT INTO sqlite_sequence)/.test(line),
    );
  await env.DB.exec(statements.join("\n"));
  return { file, all: async (query) => (await env.DB.prepare(query).all<Record<string, unknown>>()).results };
}

/** The number of rows in a table. */
export const rowsIn = async (table: string) => (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())?.n ?? 0;
