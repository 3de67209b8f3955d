import { env, runInDurableObject } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import * as schema from "../src/db/schema";
import { sign } from "../src/surfaces/sports/signature";
import { BASE } from "./helpers";
import { type Cab, onlineCabinet, q, signup, stub, uniq } from "./sports-helpers";

/**
 * D1 round trips of renting and returning, in the worker and in the
 * cabinet's Durable Object, counted on a D1 binding that records every
 * batch and every statement run on its own; and the plan of every statement
 * they issue (no full scan of a sports table).
 */

interface Statement {
  sql: string;
  params: unknown[];
}

class Recorder {
  /** One entry per round trip: the statements it carried. */
  trips: string[][] = [];
  statements: Statement[] = [];

  reset() {
    this.trips = [];
  }

  binding(d1: D1Database): D1Database {
    const real = new WeakMap<object, D1PreparedStatement>();
    const sqlOf = new WeakMap<object, Statement>();
    const wrap = (stmt: D1PreparedStatement, entry: Statement): D1PreparedStatement => {
      const proxy = new Proxy(stmt, {
        get: (target, prop) => {
          if (prop === "bind") {
            return (...params: unknown[]) => {
              entry.params = params;
              return wrap(target.bind(...params), entry);
            };
          }
          if (prop === "all" || prop === "run" || prop === "raw" || prop === "first") {
            return (...args: unknown[]) => {
              this.trips.push([entry.sql]);
              return (target as any)[prop](...args);
            };
          }
          const value = Reflect.get(target, prop, target);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
      real.set(proxy, stmt);
      sqlOf.set(proxy, entry);
      return proxy;
    };
    return new Proxy(d1, {
      get: (target, prop) => {
        if (prop === "prepare") {
          return (sql: string) => {
            const entry: Statement = { sql, params: [] };
            this.statements.push(entry);
            return wrap(target.prepare(sql), entry);
          };
        }
        if (prop === "batch") {
          return (stmts: D1PreparedStatement[]) => {
            this.trips.push(stmts.map((s) => sqlOf.get(s)?.sql ?? "?"));
            return target.batch(stmts.map((s) => real.get(s) ?? s));
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }
}

const ball = (slot: number, tag = uniq("T")) => ({ tag, name: `篮球${slot}`, type: "篮球", slot });

/** The worker with a recording D1, and the cabinet's object switched to one too. */
async function instrumented(cab: Cab) {
  const worker = new Recorder();
  const object = new Recorder();
  await runInDurableObject(stub(cab.deviceId), (instance) => {
    Object.assign(Reflect.get(instance, "ops"), { db: drizzle(object.binding(env.DB), { schema }) });
  });
  const app = createApp();
  const workerEnv = { ...env, DB: worker.binding(env.DB) };
  const get = async (path: string) => (await app.fetch(new Request(`${BASE}${path}`), workerEnv)).json() as Promise<any>;
  const signed = async (path: string, body: unknown) => {
    const text = JSON.stringify(body);
    const ts = String(Math.floor(Date.now() / 1000));
    const headers = {
      "content-type": "application/json",
      "x-device-id": cab.deviceId,
      "x-timestamp": ts,
      "x-signature": await sign(cab.secret, ts, "POST", path, text),
    };
    return (await app.fetch(new Request(`${BASE}${path}`, { method: "POST", headers, body: text }), workerEnv)).json() as Promise<any>;
  };
  const trips = () => {
    const counts = { worker: worker.trips.length, object: object.trips.length };
    worker.reset();
    object.reset();
    return counts;
  };
  return { get, signed, trips, statements: () => [...worker.statements, ...object.statements] };
}

async function fullScans({ sql, params }: Statement): Promise<string[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return results.map((r) => r.detail).filter((d) => /^SCAN sports_/.test(d) && !/USING/.test(d));
}

describe("D1 round trips of renting and returning", () => {
  it("rent, poll, report, status, revert, poll, report: the counts in the worker and in the cabinet's object", async () => {
    const cab = await onlineCabinet([ball(1, "T-RT1")]);
    const s = await signup();
    const io = await instrumented(cab);
    const code = cab.codes[0];

    const rent = await io.get(`/sports/device/try_to_rent?${q(s, { device_id: cab.deviceId, type: "篮球", verification_code: code })}`);
    expect(rent.status).toBe("accepted");
    // Session, user, cabinet, open rental and operation in flight in one batch. The object records the operation.
    expect(io.trips()).toEqual({ worker: 1, object: 1 });

    const polled = await io.signed("/sports/cabinet/poll", { slots: [{ slot: 1, tag: "T-RT1" }] });
    expect(polled.commands).toHaveLength(1);
    // The signature's device; the object answers from its own storage.
    expect(io.trips()).toEqual({ worker: 1, object: 0 });

    expect(
      await io.signed("/sports/cabinet/report", { command_id: rent.operation_id, door: "opened", slot: 1, tag_removed: "T-RT1" }),
    ).toEqual({
      ok: true,
    });
    // The item's name and type; the rental (with the renter to remind, in the same batch); the two reminders.
    expect(io.trips()).toEqual({ worker: 1, object: 4 });

    expect((await io.get(`/sports/device/latest_renting_or_reverting_status?${q(s)}`)).operation.state).toBe("succeeded");
    // The session is checked in the route's own batch.
    expect(io.trips()).toEqual({ worker: 1, object: 0 });

    const revert = await io.get(`/sports/device/try_to_revert?${q(s, { device_id: cab.deviceId, verification_code: code })}`);
    expect(revert.status).toBe("accepted");
    expect(io.trips()).toEqual({ worker: 1, object: 1 });

    const again = await io.signed("/sports/cabinet/poll", { slots: [{ slot: 1, tag: null }] });
    expect(again.commands.map((c: any) => c.command_id)).toEqual([revert.operation_id]);
    expect(io.trips()).toEqual({ worker: 1, object: 0 });

    expect(
      await io.signed("/sports/cabinet/report", { command_id: revert.operation_id, door: "opened", slot: 1, tag_inserted: "T-RT1" }),
    ).toEqual({ ok: true });
    // The item's name and type; the rental closed and the item placed in one batch; the reminders cancelled.
    expect(io.trips()).toEqual({ worker: 1, object: 3 });

    expect((await io.get(`/sports/user/history/page_length/5/page_id/0?${q(s)}`)).items).toHaveLength(1);
    expect(io.trips()).toEqual({ worker: 1, object: 0 });

    for (const statement of io.statements()) {
      expect({ sql: statement.sql, scans: await fullScans(statement) }).toEqual({ sql: statement.sql, scans: [] });
    }
  });
});
