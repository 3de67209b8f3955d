import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { Cabinet } from "../durable-objects/cabinet";
import { MIGRATIONS, SCHEMA_VERSION } from "../durable-objects/cabinet/schema";
import { migrate } from "../durable-objects/cabinet/storage";
import { ADMIN, getJson } from "./helpers";
import { createDevice, placeItems, poll, stub, uniq } from "./sports-helpers";

/** The Cabinet object's own SQLite: versioned, migrated when the object starts. */

const tables = (sql: SqlStorage) =>
  sql
    .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY name")
    .toArray()
    .map((r) => r.name);

const version = (sql: SqlStorage) => sql.exec<{ version: number }>("SELECT version FROM schema_version").one().version;

describe("the Cabinet object's storage", () => {
  it("starts at the current schema version", async () => {
    const cab = await createDevice();
    await poll(cab);
    await runInDurableObject(stub(cab.deviceId), (_instance, state) => {
      expect(SCHEMA_VERSION).toBe(4);
      expect(version(state.storage.sql)).toBe(SCHEMA_VERSION);
      expect(tables(state.storage.sql)).toEqual(["cabinet", "commands", "schema_version", "seen_signatures", "slots"]);
      // Migrating again changes nothing.
      expect(migrate(state.storage)).toBe(SCHEMA_VERSION);
      expect(state.storage.sql.exec("SELECT count(*) AS n FROM cabinet").one().n).toBe(1);
    });
  });

  it("upgrades an object created before versioning in place, keeping its codes, slots and commands", async () => {
    const cab = await createDevice(uniq("cab"), "旧柜", 3);
    expect((await placeItems(cab.deviceId, [{ tag: "T-OLD1", name: "篮球1", type: "篮球", slot: 1 }])).status).toBe(200);
    const now = Date.now();
    await runInDurableObject(stub(cab.deviceId), async (_instance, state) => {
      const sql = state.storage.sql;
      // Back to the first layout: a key/value meta table and no version.
      sql.exec("DROP TABLE cabinet; DROP TABLE slots; DROP TABLE commands; DROP TABLE schema_version;");
      sql.exec(MIGRATIONS[0]);
      for (const [k, v] of [
        ["device_id", cab.deviceId],
        ["codes", JSON.stringify(["481", "027"])],
        ["codes_at", String(now)],
        ["last_poll_at", String(now)],
        ["seen_mirrored_at", String(now)],
      ]) {
        sql.exec("INSERT INTO meta (k, v) VALUES (?, ?)", k, v);
      }
      sql.exec(
        "INSERT INTO slots (slot, tag, name, type, changed_at) VALUES (1, 'T-OLD1', '篮球1', '篮球', 0), (2, NULL, NULL, NULL, 0), (3, NULL, NULL, NULL, 0)",
      );
      sql.exec(
        "INSERT INTO commands (id, kind, slot, user_id, tag, rental_id, state, created_at, expires_at) VALUES ('cmd-old', 'revert', 2, 'u-old', 'T-X', 'r-old', 'pending', ?, ?)",
        now,
        now + 30_000,
      );
      // The object starting on these tables.
      const restarted = new Cabinet(state, env);
      // Started inside this event, the constructor's blockConcurrencyWhile runs once the event yields.
      await scheduler.wait(1);
      const live = await restarted.inspect(cab.deviceId);
      expect(live).toMatchObject({ online: true, codes: ["481", "027"] });
      expect(live.slots.map((s) => s.tag)).toEqual(["T-OLD1", null, null]);
      expect(live.commands).toEqual([{ command_id: "cmd-old", kind: "revert", slot: 2, expires_at: new Date(now + 30_000).toISOString() }]);
      expect(version(sql)).toBe(SCHEMA_VERSION);
      expect(tables(sql)).not.toContain("meta");
    });
    // The object in service reads the upgraded tables too.
    const { body } = await poll(cab);
    expect(body.codes).toEqual(["481", "027"]);
    expect(body.commands.map((c: any) => c.command_id)).toEqual(["cmd-old"]);
    expect((await getJson(`/admin/sports/devices/${cab.deviceId}`, ADMIN)).body.slots[0]).toEqual({
      slot: 1,
      tag: "T-OLD1",
      name: "篮球1",
      type: "篮球",
    });
  });

  it("upgrades an object whose first layout never saw its cabinet", async () => {
    const cab = await createDevice();
    await runInDurableObject(stub(cab.deviceId), (_instance, state) => {
      const sql = state.storage.sql;
      sql.exec("DROP TABLE IF EXISTS cabinet; DROP TABLE IF EXISTS slots; DROP TABLE IF EXISTS commands; DROP TABLE schema_version;");
      sql.exec(MIGRATIONS[0]);
      expect(migrate(state.storage)).toBe(SCHEMA_VERSION);
      expect(sql.exec("SELECT count(*) AS n FROM cabinet").one().n).toBe(0);
    });
    // First use loads the cabinet from D1 as usual.
    expect((await poll(cab)).body.codes).toHaveLength(1);
  });

  it("upgrades a version 2 object: accepted signatures remembered, its slot count taken from its slots", async () => {
    const cab = await createDevice(uniq("cab"), "二版柜", 3);
    await poll(cab);
    await runInDurableObject(stub(cab.deviceId), (_instance, state) => {
      const sql = state.storage.sql;
      sql.exec(
        "DROP TABLE seen_signatures; ALTER TABLE cabinet DROP COLUMN newest_request_at; ALTER TABLE cabinet DROP COLUMN slot_count; UPDATE schema_version SET version = 2;",
      );
      expect(migrate(state.storage)).toBe(SCHEMA_VERSION);
      expect(sql.exec("SELECT slot_count, newest_request_at FROM cabinet").one()).toEqual({ slot_count: 3, newest_request_at: 0 });
      expect(tables(sql)).toContain("seen_signatures");
    });
    expect((await poll(cab)).status).toBe(200);
  });

  it("upgrades a version 3 object: the signatures it accepted are kept, and reports' answers kept from now on", async () => {
    const cab = await createDevice(uniq("cab"), "三版柜", 2);
    await poll(cab);
    await runInDurableObject(stub(cab.deviceId), (_instance, state) => {
      const sql = state.storage.sql;
      sql.exec("ALTER TABLE seen_signatures DROP COLUMN answer; UPDATE schema_version SET version = 3;");
      const accepted = sql.exec("SELECT count(*) AS n FROM seen_signatures").one().n;
      expect(migrate(state.storage)).toBe(SCHEMA_VERSION);
      expect(sql.exec("SELECT count(*) AS n FROM seen_signatures WHERE answer IS NULL").one().n).toBe(accepted);
    });
    expect((await poll(cab)).status).toBe(200);
  });
});
