import { type SQL, sql } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import { positionallyNamed, selectColumnCount } from "./sql-columns";

/**
 * A session still to be confirmed: the caller is known from its signed
 * token, and `holds` lists the SQL conditions under which its session (and
 * whatever the surface requires of the account) is live in D1.
 */
export interface SessionCheck {
  holds: SQL[];
  /** The error to answer with when it does not hold. */
  refusal: () => Promise<Error>;
}

/**
 * A refusal meaning the session is live but the token's claims no longer
 * describe its caller (a staff member's role changed). Nothing the request
 * sent reached D1, so the platform answers it again (`replayOf`), this time
 * with the caller read from D1 before the route runs. `body` is the
 * request's body, kept by the surface before the route read it (null for a
 * request without one).
 */
export class ClaimsOutdated extends Error {
  constructor(readonly body: ArrayBuffer | null) {
    super("the token's claims are outdated");
    this.name = "ClaimsOutdated";
  }
}

/** The `ClaimsOutdated` a request ended with, as thrown or as wrapped by drizzle; else null. */
export function claimsOutdatedOf(err: unknown): ClaimsOutdated | null {
  if (err instanceof ClaimsOutdated) return err;
  return err instanceof Error && err.cause instanceof ClaimsOutdated ? err.cause : null;
}

/** Requests being answered again: weakly held, so the set never outlives them. */
const replays = new WeakSet<Request>();

/** The request answered again after `outdated`, under the same request id. */
export function replayOf(request: Request, requestId: string, outdated: ClaimsOutdated): Request {
  const headers = new Headers(request.headers);
  headers.set("x-request-id", requestId);
  const again = new Request(request.url, { method: request.method, headers, body: outdated.body });
  replays.add(again);
  return again;
}

/** Whether the request is a replay: its caller must be read from D1, not taken from its token's claims. */
export const isReplay = (request: Request): boolean => replays.has(request);

const dialect = new SQLiteAsyncDialect();
const RUNS = new Set<PropertyKey>(["first", "all", "run", "raw"]);

/**
 * Confirms a session in the request's first D1 round trip instead of a
 * round trip of its own. `binding` is the request's D1 binding; once a
 * check is armed, the first batch or statement sent through it goes to D1
 * as one batch led by a guard statement that fails when the session does
 * not hold. A D1 batch is one transaction, so the failure rolls back
 * everything sent with it: nothing is read for, nor written by, a caller
 * whose session ended. Calls made while that first trip is under way wait
 * for it. `settle` runs the check on its own when the route made no D1
 * call, and answers with the refusal whenever the check failed.
 */
export class SessionGate {
  readonly binding: D1Database;
  private check?: { guard: D1PreparedStatement; probe: D1PreparedStatement; refusal: () => Promise<Error> };
  private state: "none" | "armed" | "confirmed" | "refused" = "none";
  private riding?: Promise<unknown>;
  /** Each handed-out statement's own D1 statement, and its SQL and values. */
  private readonly statements = new WeakMap<D1PreparedStatement, { stmt: D1PreparedStatement; text: string; values: unknown[] }>();

  constructor(private readonly d1: D1Database) {
    this.binding = new Proxy(d1, {
      get: (target, prop) => {
        if (prop === "prepare") return (query: string) => this.wrap(target.prepare(query), query, []);
        if (prop === "batch") return (stmts: D1PreparedStatement[]) => this.ride(stmts);
        if (prop === "exec")
          return async (query: string) => {
            await this.confirmed();
            return target.exec(query);
          };
        if (prop === "withSession")
          return () => {
            throw new Error("D1 sessions are not available through the session gate");
          };
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }

  arm(check: SessionCheck) {
    const holds = sql.join(check.holds, sql` AND `);
    const prepare = (q: SQL) => {
      const { sql: text, params } = dialect.sqlToQuery(q);
      return this.d1.prepare(text).bind(...params);
    };
    // json('{') raises "malformed JSON": the guard's way to fail its batch.
    this.check = {
      guard: prepare(sql`SELECT json(CASE WHEN ${holds} THEN '1' ELSE '{' END) AS "ok"`),
      probe: prepare(sql`SELECT CASE WHEN ${holds} THEN 1 ELSE 0 END AS "ok"`),
      refusal: check.refusal,
    };
    this.state = "armed";
  }

  /** After the route: the refusal if the check failed, or the check on its own if nothing ran it. */
  settle(): Promise<void> {
    return this.confirmed();
  }

  private async confirmed(): Promise<void> {
    if (this.riding) await this.riding.catch(() => undefined);
    if (this.state === "armed" && this.check) {
      const ok = await this.check.probe.first<number>("ok");
      this.state = ok === 1 ? "confirmed" : "refused";
    }
    if (this.state === "refused" && this.check) throw await this.check.refusal();
  }

  /** Runs `statements` as one batch, with the guard in front while the check is still to be made. */
  private async ride<T>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    const inner = statements.map((s) => this.batchable(s));
    if (this.riding || this.state !== "armed" || !this.check) {
      await this.confirmed();
      return this.d1.batch<T>(inner);
    }
    const check = this.check;
    const trip = this.d1.batch<T>([check.guard, ...inner]);
    this.riding = trip;
    try {
      const results = await trip;
      this.state = "confirmed";
      return results.slice(1);
    } catch (err) {
      // The guard or a statement failed: the check, made on its own, decides which.
      const ok = await check.probe.first<number>("ok");
      this.state = ok === 1 ? "confirmed" : "refused";
      if (this.state === "refused") throw await check.refusal();
      throw err;
    } finally {
      this.riding = undefined;
    }
  }

  private wrap(stmt: D1PreparedStatement, text: string, values: unknown[]): D1PreparedStatement {
    const proxy = new Proxy(stmt, {
      get: (target, prop) => {
        if (prop === "bind") return (...bound: unknown[]) => this.wrap(target.bind(...bound), text, bound);
        const value = Reflect.get(target, prop, target);
        if (typeof value !== "function") return value;
        if (!RUNS.has(prop)) return value.bind(target);
        if (this.state === "none") return value.bind(target);
        return async (...args: unknown[]) => {
          if (this.state === "armed" && !this.riding) return this.single(target, text, values, prop, args);
          await this.confirmed();
          return value.apply(target, args);
        };
      },
    });
    this.statements.set(proxy, { stmt, text, values });
    return proxy;
  }

  /**
   * A statement as a batch may carry it. Rows come back from a batch as
   * objects, and drizzle reads their values in order: a select whose columns
   * share a name would lose one, so it is sent with its columns named by position.
   */
  private batchable(handed: D1PreparedStatement): D1PreparedStatement {
    const own = this.statements.get(handed);
    return own ? (this.positional(own.text, own.values) ?? own.stmt) : handed;
  }

  /** The statement with its columns named by position, when it is a select whose columns share a name; else null. */
  private positional(text: string, values: unknown[]): D1PreparedStatement | null {
    const renamed = positionallyNamed(text);
    return renamed ? this.d1.prepare(renamed).bind(...values) : null;
  }

  /** One statement run while the check is pending: sent as a batch behind the guard, its result reshaped to the method's. */
  private async single(stmt: D1PreparedStatement, text: string, values: unknown[], method: PropertyKey, args: unknown[]): Promise<unknown> {
    const options = args[0];
    if (method === "raw" && typeof options === "object" && options !== null && "columnNames" in options && options.columnNames) {
      await this.confirmed();
      return stmt.raw({ columnNames: true });
    }
    // Rows come back from a batch as objects: for rows as arrays, a select whose columns share a name is sent renamed.
    const renamed = method === "raw" ? this.positional(text, values) : null;
    const [result] = await this.ride<Record<string, unknown>>([renamed ?? stmt]);
    if (method === "all" || method === "run") return result;
    const rows = result.results ?? [];
    if (method === "first") {
      const row = rows[0] ?? null;
      return typeof options === "string" && row ? (row[options] ?? null) : row;
    }
    // raw: rows as arrays; should a select's row objects still have merged two columns, the rows are read again.
    const columns = selectColumnCount(text);
    if (columns === null || rows.every((r) => Object.keys(r).length === columns)) return rows.map((r) => Object.values(r));
    return stmt.raw();
  }
}
