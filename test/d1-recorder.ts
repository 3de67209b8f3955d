/**
 * Records what the code really sends to D1: every statement with its bound
 * values, and every round trip (`first`, `all`, `run`, `raw`, `batch`, `exec`)
 * with the result meta D1 hands back.
 *
 * `recordD1(env.DB)` instruments the binding object itself rather than
 * handing out a copy: in the Workers test runner the worker behind `SELF`,
 * its Durable Objects and its cron and queue handlers all hold this same
 * object, so requests driven through `SELF` (and whatever they set off) are
 * recorded as they run in production. `stop()` puts the binding back.
 * Statements prepared before recording started are recorded when run, with
 * their SQL read from the statement.
 */

export interface RecordedStatement {
  sql: string;
  params: unknown[];
}

export type D1Method = "first" | "all" | "run" | "raw" | "batch" | "exec";

/** One round trip to D1. */
export interface D1Call {
  method: D1Method;
  statements: RecordedStatement[];
  /**
   * D1's meta per statement (`exec` has none). `first` and `raw` return no
   * meta of their own: a read is run again with `all()` for it, a write is
   * served by `all()` (see `instrument`).
   */
  meta: Array<D1Meta | null>;
  /** Rows each statement handed back. */
  rows: number[];
  ms: number;
  /** The error D1 answered with, if it failed. */
  error?: string;
}

export interface D1Recorder {
  /** Round trips in the order they were made. */
  readonly calls: D1Call[];
  /** Every statement run, in order (a batch contributes each of its statements). */
  statements(): RecordedStatement[];
  /** One entry per distinct SQL text, with the values it was first run with. */
  distinct(): RecordedStatement[];
  /** Forgets what was recorded so far; recording goes on. */
  clear(): void;
  /** Restores the binding's own methods. */
  stop(): void;
}

const METHODS = ["first", "all", "run", "raw"] as const;

export function recordD1(binding: D1Database): D1Recorder {
  const calls: D1Call[] = [];
  const known = new WeakMap<D1PreparedStatement, RecordedStatement>();

  /** The SQL and values of a statement: from our notes, or from the statement's own fields. */
  const statementOf = (stmt: D1PreparedStatement): RecordedStatement => {
    const noted = known.get(stmt);
    if (noted) return noted;
    const fields = stmt as unknown as { statement?: unknown; params?: unknown };
    return {
      sql: typeof fields.statement === "string" ? fields.statement : "<unknown statement>",
      params: Array.isArray(fields.params) ? [...fields.params] : [],
    };
  };

  const timed = async <R>(
    method: D1Method,
    statements: RecordedStatement[],
    go: () => Promise<R>,
    metaOf: (r: R) => Array<D1Meta | null>,
    rowsOf: (r: R) => number[],
    after?: (call: D1Call) => Promise<void>,
  ) => {
    const started = performance.now();
    const call: D1Call = { method, statements, meta: [], rows: [], ms: 0 };
    calls.push(call);
    try {
      const result = await go();
      call.meta = metaOf(result);
      call.rows = rowsOf(result);
      call.ms = performance.now() - started;
      await after?.(call);
      return result;
    } catch (err) {
      call.error = err instanceof Error ? err.message : String(err);
      throw err;
    } finally {
      call.ms ||= performance.now() - started;
    }
  };

  /** Notes a statement's SQL and values, and records its round trips. */
  const instrument = (stmt: D1PreparedStatement, entry: RecordedStatement): D1PreparedStatement => {
    known.set(stmt, entry);
    const own = stmt as unknown as Record<string, unknown>;
    const bind = stmt.bind;
    own.bind = (...values: unknown[]) => instrument(bind.apply(stmt, values), { sql: entry.sql, params: values });
    const all = stmt.all as (...args: unknown[]) => Promise<D1Result<Record<string, unknown>>>;
    const readOnly = /^\s*(select|with|pragma|explain)\b/i.test(entry.sql) && !/\breturning\b/i.test(entry.sql);
    for (const method of METHODS) {
      const original = stmt[method] as (...args: unknown[]) => Promise<unknown>;
      const hasMeta = method === "all" || method === "run";
      own[method] = (...args: unknown[]) => {
        let served: D1Meta | null = null;
        // `first` and `raw` of a write: served by `all()` so its meta is seen (running it twice would write twice).
        const viaAll = () =>
          all.apply(stmt).then((r) => {
            served = r.meta;
            return shaped(method, r, args);
          });
        return timed(
          method,
          [entry],
          hasMeta || readOnly ? () => original.apply(stmt, args) : viaAll,
          (r) => [hasMeta ? metaOf(r) : served],
          (r) => [rowCount(method, r)],
          // `first` and `raw` of a read: run again with `all()` for D1's meta; not a round trip of the code.
          hasMeta || !readOnly
            ? undefined
            : async (call) => {
                call.meta = [(await all.apply(stmt)).meta];
              },
        );
      };
    }
    return stmt;
  };

  const original = { prepare: binding.prepare, batch: binding.batch, exec: binding.exec };
  const names = Object.keys(original);
  const saved = new Map(names.map((name) => [name, Object.getOwnPropertyDescriptor(binding, name)]));
  const own = binding as unknown as Record<string, unknown>;
  own.prepare = (sql: string) => instrument(original.prepare.call(binding, sql), { sql, params: [] });
  own.batch = (statements: D1PreparedStatement[]) =>
    timed(
      "batch",
      statements.map(statementOf),
      () => original.batch.call(binding, statements),
      (results) => results.map(metaOf),
      (results) => results.map((r) => rowCount("all", r)),
    );
  own.exec = (sql: string) =>
    timed(
      "exec",
      [{ sql, params: [] }],
      () => original.exec.call(binding, sql),
      () => [null],
      () => [0],
    );

  return {
    calls,
    statements: () => calls.flatMap((c) => c.statements),
    distinct() {
      const bySql = new Map<string, RecordedStatement>();
      for (const s of calls.flatMap((c) => c.statements)) if (!bySql.has(s.sql)) bySql.set(s.sql, s);
      return [...bySql.values()];
    },
    clear: () => {
      calls.length = 0;
    },
    stop() {
      for (const [name, descriptor] of saved) {
        if (descriptor) Object.defineProperty(binding, name, descriptor);
        else delete own[name];
      }
    },
  };
}

function metaOf(result: unknown): D1Meta | null {
  const meta = (result as { meta?: D1Meta } | null)?.meta;
  return meta ?? null;
}

function rowCount(method: D1Method, result: unknown): number {
  if (method === "first") return result == null ? 0 : 1;
  if (Array.isArray(result)) return result.length;
  const rows = (result as { results?: unknown[] } | null)?.results;
  return Array.isArray(rows) ? rows.length : 0;
}

/** What `first` or `raw` would have answered, from the `all()` result of the same statement. */
function shaped(method: D1Method, result: D1Result<Record<string, unknown>>, args: unknown[]): unknown {
  const rows = result.results ?? [];
  if (method === "first") {
    const column = args[0];
    const row = rows[0] ?? null;
    return typeof column === "string" ? (row?.[column] ?? null) : row;
  }
  const values = rows.map((row) => Object.values(row));
  const options = args[0] as { columnNames?: boolean } | undefined;
  return options?.columnNames ? [rows[0] ? Object.keys(rows[0]) : [], ...values] : values;
}
