import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import * as schema from "../src/db/schema";
import { serviceUsers } from "../src/db/schema/service";
import type { Db } from "../src/env";
import { cancelReminders, scheduleReminder } from "../src/platform/reminders";
import { issueToken, purgeEndedSessions, revokeSubject, verifyToken, verifyTokenWith } from "../src/platform/tokens";
import { scanOptions } from "../src/reminders/config";
import { scanDue } from "../src/reminders/scan";
import { findByUsername } from "../src/surfaces/jh/accounts";
import { bindingsOf } from "../src/surfaces/jh/bind";
import { findCredit } from "../src/surfaces/jh/credits";
import { countAttempt } from "../src/surfaces/jh/lockout";
import { findUsers } from "../src/surfaces/jh/shared";
import { findUser as findLibraryUser } from "../src/surfaces/library/accounts";
import { listTrainings } from "../src/surfaces/library/notices";
import { addHistory, findUser, registerOrRefresh, updateProfile } from "../src/surfaces/service/users";

/**
 * Hot queries and their plans. A full scan (`SCAN <table>` without an index)
 * of a users, sessions, rentals, operations or reminders table fails the test.
 *
 * Each entry either runs production code (`run`), whose statements are
 * recorded as it issues them, or names a statement outright (`sql`) where the
 * code that will issue it does not exist yet. Surfaces append their own.
 */
type HotQuery =
  | { name: string; run: (db: Db) => Promise<unknown> }
  | { name: string; runD1: (d1: D1Database) => Promise<unknown> }
  | { name: string; sql: string; params: unknown[] };

const SECRET = "query-plan-secret-0123456789abcdef";
const PROFILE = { phone: "13800000000", qq: "10001", cardno: "2026000001" };
const REMINDER = {
  surface: "service",
  appid: "wx-plan",
  openid: "plan-openid",
  templateId: "tpl",
  data: { thing1: { value: "x" } },
  sendAt: Date.now(),
  dedupeKey: "plan-1",
};

const HOT_QUERIES: HotQuery[] = [
  { name: "sessions: issue a token", run: (db) => issueToken(db, SECRET, "service", "plan-openid") },
  {
    name: "sessions: lookup by id (every authenticated request)",
    run: async (db) => {
      const { token } = await issueToken(db, SECRET, "service", "plan-openid");
      return verifyToken(db, SECRET, "service", token);
    },
  },
  { name: "sessions: revoke a subject's tokens", run: (db) => revokeSubject(db, "service", "plan-openid") },
  { name: "service_users: by openid", run: (db) => findUser(db, "plan-openid") },
  {
    name: "service_users: handle and record in one round trip (get, loginByOpenid, getHistory)",
    run: async (db) => {
      const { token } = await issueToken(drizzle(env.DB, { schema }), SECRET, "service", "plan-openid");
      return verifyTokenWith(db, SECRET, "service", token, (subject) =>
        db.select().from(serviceUsers).where(eq(serviceUsers.openid, subject)).limit(1),
      );
    },
  },
  { name: "service_users: register or refresh", run: (db) => registerOrRefresh(db, "plan-openid", PROFILE) },
  { name: "service_users: update profile", run: (db) => updateProfile(db, "plan-openid", { qq: "10002" }) },
  { name: "service_users: add history", run: (db) => addHistory(db, "plan-openid", "art") },
  { name: "reminders: schedule", run: (db) => scheduleReminder(db, REMINDER) },
  { name: "reminders: cancel by dedupe key", run: (db) => cancelReminders(db, ["plan-1", "plan-2"]) },
  {
    name: "reminders: the cron's due scan (claims, requeues, sweeps)",
    runD1: async (d1) => {
      await scheduleReminder(drizzle(env.DB, { schema }), { ...REMINDER, dedupeKey: "plan-due", sendAt: Date.now() - 1000 });
      return scanDue(d1, { sendBatch: async () => undefined }, scanOptions(env, { maxPerSecond: Number.POSITIVE_INFINITY }));
    },
  },
  { name: "sessions: purge ended rows (cron)", run: (db) => purgeEndedSessions(db) },
  { name: "library_users: by openid (every libuser call)", run: (db) => findLibraryUser(db, "plan-openid") },
  { name: "library: a user's own trainings", run: (db) => listTrainings(db, { limit: 10, offset: 0 }, "B", "plan-openid") },
  {
    name: "jh_credits: credit and user in one statement (every 004 call with a credit)",
    run: (db) => findCredit(db, "0123456789abcdef0123456789abcdef"),
  },
  { name: "jh_users: by username without regard to case (login, changepw)", run: (db) => findByUsername(db, "Plan-User") },
  { name: "jh_users: shared by usernames", run: (db) => findUsers(db, ["10086", "plan-user"]) },
  { name: "jh_users: count a password attempt", run: (db) => countAttempt(db, 1, { attempts: 5, minutes: 15 }, Date.now()) },
  { name: "jh_bindings: a user's bindings", run: (db) => bindingsOf(db, 1) },
  {
    name: "reminders: a user's reminders on (surface, openid)",
    sql: "SELECT id FROM reminders WHERE surface = ? AND openid = ?",
    params: ["service", "plan-openid"],
  },
];

/** Tables that must never be read by a full scan on a hot path (drizzle's relational queries alias them in camelCase). */
const GUARDED = /(users|sessions|rentals|operations|reminders)$/i;

interface Statement {
  sql: string;
  params: unknown[];
}

/** A D1 binding that records every statement prepared through it, with its parameters. */
function recording(db: D1Database, seen: Statement[]): D1Database {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "prepare") {
        return (sql: string) => {
          const entry: Statement = { sql, params: [] };
          seen.push(entry);
          const stmt = target.prepare(sql);
          return new Proxy(stmt, {
            get(s, p) {
              if (p === "bind") {
                return (...params: unknown[]) => {
                  entry.params = params;
                  return s.bind(...params);
                };
              }
              const value = Reflect.get(s, p, s);
              return typeof value === "function" ? value.bind(s) : value;
            },
          });
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

async function statementsOf(query: HotQuery): Promise<Statement[]> {
  if ("sql" in query) return [{ sql: query.sql, params: query.params }];
  const seen: Statement[] = [];
  if ("runD1" in query) await query.runD1(recording(env.DB, seen));
  else await query.run(drizzle(recording(env.DB, seen), { schema }));
  return seen;
}

async function planOf({ sql, params }: Statement): Promise<string[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return results.map((r) => r.detail);
}

/** The plan lines that read a guarded table in full. */
function fullScans(plan: string[]): string[] {
  return plan.filter((line) => {
    const m = /^SCAN (\S+)(.*)$/.exec(line);
    return m !== null && GUARDED.test(m[1]) && !/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(m[2]);
  });
}

describe("query plans of hot queries", () => {
  it("flags a full scan of a guarded table, also under drizzle's alias", async () => {
    const plan = await planOf({ sql: "SELECT id FROM reminders WHERE page = ?", params: ["x"] });
    expect(fullScans(plan)).toEqual(["SCAN reminders"]);
    const [statement] = await statementsOf({
      name: "unindexed",
      run: (db) => db.query.serviceUsers.findFirst({ where: eq(serviceUsers.phone, "13800000000") }),
    });
    expect(fullScans(await planOf(statement))).toEqual(["SCAN serviceUsers"]);
  });

  for (const query of HOT_QUERIES) {
    it(`${query.name}: no full scan`, async () => {
      const statements = await statementsOf(query);
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        const plan = await planOf(statement);
        expect({ sql: statement.sql, scans: fullScans(plan) }).toEqual({ sql: statement.sql, scans: [] });
      }
    });
  }
});
