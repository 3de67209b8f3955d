import { DurableObject } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import * as v from "valibot";
import * as schema from "../src/db/schema";
import type { Bindings } from "../src/env";
import { config } from "../src/platform/config";
import { AppError } from "../src/platform/errors";
import { issueToError } from "../src/platform/params";
import { formatIso } from "../src/platform/time";
import {
  claimOperation,
  itemArrived,
  itemInfo,
  itemLeft,
  mirrorCodes,
  mirrorSeen,
  operationFailed,
  placeItems,
  rentSucceeded,
  revertSucceeded,
} from "../src/surfaces/sports/ledger";
import { pollParams, reportParams } from "../src/surfaces/sports/schemas";
import { verifyCabinet } from "../src/surfaces/sports/signature";
import { ONLINE_MS, POLL_AFTER_MS, WS_POLL_AFTER_MS } from "../src/surfaces/sports/timing";

/** The D1 copy of `last_seen_at` is refreshed at most this often. */
const SEEN_MIRROR_MS = 10_000;
/**
 * A snapshot may have been taken before a report that reached us first; for
 * this long after a report changed a slot, snapshots do not
 * change it back (later snapshots still reconcile it).
 */
const SNAPSHOT_GRACE_MS = 5000;
/** A slot change in a poll snapshot settles a command issued this recently. */
const SNAPSHOT_SETTLES_MS = 10 * 60_000;
/** Settled and expired commands are kept this long (late reports still win). */
const KEEP_COMMANDS_MS = 24 * 3_600_000;
const POLL_PATH = "/sports/cabinet/poll";
const REPORT_PATH = "/sports/cabinet/report";

export interface SlotView {
  slot: number;
  tag: string | null;
}

export interface Report {
  command_id: string;
  door: "opened" | "jammed";
  slot: number;
  tag_removed: string | null;
  tag_inserted: string | null;
}

export interface CommandView {
  command_id: string;
  action: "open";
  slot: number;
  purpose: "rent" | "revert";
  expires_at: string;
}

export interface PlacedItem {
  tag: string;
  name: string;
  type: string;
  slot: number;
}

export interface PollReply {
  codes: string[];
  commands: CommandView[];
  poll_after_ms: number;
}

export type Outcome = { ok: true; operationId: string } | { ok: false; error: string };

interface Command extends Record<string, SqlStorageValue> {
  id: string;
  kind: "rent" | "revert";
  slot: number;
  user_id: string;
  tag: string | null;
  rental_id: string | null;
  state: "claiming" | "pending" | "expired" | "reported";
  created_at: number;
  expires_at: number;
}

interface Slot extends Record<string, SqlStorageValue> {
  slot: number;
  tag: string | null;
  name: string | null;
  type: string | null;
  changed_at: number;
}

/**
 * One cabinet (named by its device_id): the single writer of its live state.
 * Slots, verification codes and door commands live in this object's SQLite;
 * every change that matters beyond the cabinet is written through to D1.
 * Checks and reservations run synchronously before any await, so requests
 * racing for the same cabinet are served one after another.
 */
export class Cabinet extends DurableObject<Bindings> {
  private readonly sql: SqlStorage;
  private loading: Promise<void> | null = null;

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS slots (slot INTEGER PRIMARY KEY, tag TEXT, name TEXT, type TEXT, changed_at INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE IF NOT EXISTS commands (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL, slot INTEGER NOT NULL, user_id TEXT NOT NULL, tag TEXT, rental_id TEXT,
        state TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS commands_state_idx ON commands (state, expires_at);
      CREATE INDEX IF NOT EXISTS commands_slot_idx ON commands (slot, created_at);
    `);
  }

  // ---- state helpers (synchronous) ----

  private meta(k: string): string | null {
    const row = this.sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = ?", k).toArray()[0];
    return row ? row.v : null;
  }

  private setMeta(k: string, v: string | number) {
    this.sql.exec("INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", k, String(v));
  }

  private get deviceId(): string {
    return this.meta("device_id") ?? "";
  }

  private rotateMs() {
    return config(this.env).SPORTS_CODE_ROTATE_SECONDS * 1000;
  }

  private timeoutMs() {
    return config(this.env).SPORTS_OPERATION_TIMEOUT_SECONDS * 1000;
  }

  private codes(): string[] {
    return JSON.parse(this.meta("codes") ?? "[]");
  }

  private online(now: number) {
    return Number(this.meta("last_poll_at") ?? 0) > now - ONLINE_MS;
  }

  private busySlots = "SELECT slot FROM commands WHERE state IN ('claiming', 'pending')";

  private slotRow(slot: number): Slot | undefined {
    return this.sql.exec<Slot>("SELECT slot, tag, name, type, changed_at FROM slots WHERE slot = ?", slot).toArray()[0];
  }

  private setSlot(slot: number, tag: string | null, info: { name: string; type: string } | null) {
    if (tag) this.sql.exec("UPDATE slots SET tag = NULL, name = NULL, type = NULL WHERE tag = ? AND slot <> ?", tag, slot);
    this.sql.exec(
      "INSERT INTO slots (slot, tag, name, type) VALUES (?, ?, ?, ?) ON CONFLICT (slot) DO UPDATE SET tag = excluded.tag, name = excluded.name, type = excluded.type",
      slot,
      tag,
      info?.name ?? null,
      info?.type ?? null,
    );
  }

  /** Picks a fresh code and keeps the one shown until now as the previous. Returns true when rotated. */
  private rotateIfDue(now: number): boolean {
    const at = Number(this.meta("codes_at") ?? 0);
    if (this.meta("codes") !== null && now - at < this.rotateMs()) return false;
    const [current] = this.codes();
    let next = current;
    while (next === current) next = String(crypto.getRandomValues(new Uint16Array(1))[0] % 1000).padStart(3, "0");
    this.setMeta("codes", JSON.stringify(current ? [next, current] : [next]));
    this.setMeta("codes_at", now);
    return true;
  }

  private async rotate(now: number) {
    if (this.rotateIfDue(now)) await mirrorCodes(this.env, this.deviceId, this.codes());
  }

  /** Next wake-up: the earliest command expiry, and the code rotation while the cabinet is online. */
  private async schedule(now = Date.now()) {
    const times: number[] = [];
    const expiry = this.sql
      .exec<{ t: number | null }>("SELECT min(expires_at) AS t FROM commands WHERE state IN ('claiming', 'pending')")
      .one().t;
    if (expiry !== null) times.push(expiry);
    if (this.meta("retired") === null && this.online(now)) times.push(Number(this.meta("codes_at") ?? now) + this.rotateMs());
    const oldest = this.sql
      .exec<{ t: number | null }>("SELECT min(created_at) AS t FROM commands WHERE state IN ('expired', 'reported')")
      .one().t;
    if (oldest !== null) times.push(oldest + KEEP_COMMANDS_MS);
    if (times.length === 0) return;
    const next = Math.max(now + 50, Math.min(...times));
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > next || current < now) await this.ctx.storage.setAlarm(next);
  }

  /**
   * First use of this object: the cabinet's record and equipment come from
   * D1 (provisioned by an operator or the seed), then live here.
   */
  private async load(deviceId: string) {
    if (this.meta("device_id") === deviceId) return;
    this.loading ??= (async () => {
      try {
        const device = await this.env.DB.prepare("SELECT slot_count FROM sports_devices WHERE id = ?")
          .bind(deviceId)
          .first<{ slot_count: number }>();
        const items = await this.env.DB.prepare("SELECT tag, name, type, slot FROM sports_items WHERE device_id = ?")
          .bind(deviceId)
          .all<PlacedItem>();
        if (this.meta("device_id") === deviceId) return;
        for (let slot = 1; slot <= (device?.slot_count ?? 0); slot++) this.setSlot(slot, null, null);
        for (const item of items.results) this.setSlot(item.slot, item.tag, item);
        this.setMeta("device_id", deviceId);
        await this.rotate(Date.now());
      } finally {
        this.loading = null;
      }
    })();
    await this.loading;
  }

  // ---- students ----

  /** Queues a door-open for the first slot holding an item of `type`. */
  async rent(deviceId: string, userId: string, type: string, code: string): Promise<Outcome> {
    await this.load(deviceId);
    const now = Date.now();
    const refusal = this.precheck(code, now);
    if (refusal) return refusal;
    const slot = this.sql
      .exec<Slot>(
        `SELECT slot, tag, name, type FROM slots WHERE type = ? AND tag IS NOT NULL AND slot NOT IN (${this.busySlots}) ORDER BY slot LIMIT 1`,
        type,
      )
      .toArray()[0];
    if (!slot) return { ok: false, error: "no item available" };
    return this.queue("rent", { userId, slot: slot.slot, tag: slot.tag as string, itemName: null, now });
  }

  /** Queues a door-open for the first empty slot so the renter can put the item back. */
  async revert(deviceId: string, userId: string, rental: { id: string; tag: string; name: string }, code: string): Promise<Outcome> {
    await this.load(deviceId);
    const now = Date.now();
    const refusal = this.precheck(code, now);
    if (refusal) return refusal;
    const slot = this.sql
      .exec<{ slot: number }>(`SELECT slot FROM slots WHERE tag IS NULL AND slot NOT IN (${this.busySlots}) ORDER BY slot LIMIT 1`)
      .toArray()[0];
    if (!slot) return { ok: false, error: "no empty slot" };
    return this.queue("revert", { userId, slot: slot.slot, tag: rental.tag, itemName: rental.name, rentalId: rental.id, now });
  }

  private precheck(code: string, now: number): Outcome | null {
    if (this.meta("retired") !== null) return { ok: false, error: "invalid device_id" };
    if (!this.codes().includes(code)) return { ok: false, error: "invalid verification code" };
    if (!this.online(now)) return { ok: false, error: "device offline" };
    return null;
  }

  /**
   * Reserves the slot (synchronously, so a racing request picks another or
   * none), then records the operation in D1, where the partial unique index
   * allows one operation in flight per person across every cabinet.
   */
  private async queue(
    kind: "rent" | "revert",
    c: { userId: string; slot: number; tag: string; itemName: string | null; rentalId?: string; now: number },
  ): Promise<Outcome> {
    const id = crypto.randomUUID();
    const expiresAt = c.now + this.timeoutMs();
    this.sql.exec(
      "INSERT INTO commands (id, kind, slot, user_id, tag, rental_id, state, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, 'claiming', ?, ?)",
      id,
      kind,
      c.slot,
      c.userId,
      c.tag,
      c.rentalId ?? null,
      c.now,
      expiresAt,
    );
    let claim: Awaited<ReturnType<typeof claimOperation>>;
    try {
      claim = await claimOperation(this.env.DB, kind, { id, deviceId: this.deviceId, expiresAt, ...c });
    } catch (err) {
      // D1 may have recorded the operation before failing: the alarm expires it either way.
      await this.schedule(c.now);
      throw err;
    }
    if (claim !== "ok") {
      this.sql.exec("DELETE FROM commands WHERE id = ?", id);
      if (kind === "rent") return { ok: false, error: "already renting" };
      return { ok: false, error: claim === "busy" ? "operation pending" : "not renting" };
    }
    const queued = this.sql.exec("UPDATE commands SET state = 'pending' WHERE id = ? AND state = 'claiming'", id).rowsWritten > 0;
    // D1 took longer than the timeout and the alarm expired the claim meanwhile: record that outcome.
    if (!queued) await operationFailed(this.env, id, "timeout", { onlyIfPending: true });
    await this.schedule(c.now);
    this.push();
    return { ok: true, operationId: id };
  }

  // ---- the cabinet ----

  /** A poll: records the reader's snapshot, returns the codes to show and the doors to open. */
  async poll(deviceId: string, snapshot: SlotView[] | undefined, pollAfterMs = POLL_AFTER_MS): Promise<PollReply> {
    await this.load(deviceId);
    const now = Date.now();
    const wasOnline = this.online(now);
    this.setMeta("last_poll_at", now);
    if (now - Number(this.meta("seen_mirrored_at") ?? 0) >= SEEN_MIRROR_MS) {
      this.setMeta("seen_mirrored_at", now);
      await mirrorSeen(this.env, deviceId, now);
    }
    if (snapshot) await this.applySnapshot(snapshot);
    await this.rotate(now);
    if (!wasOnline) await this.schedule(now);
    return this.pollReply(pollAfterMs);
  }

  /** The codes to show and every door command still to carry out. */
  private pollReply(pollAfterMs: number): PollReply {
    const commands = this.sql
      .exec<Command>("SELECT * FROM commands WHERE state = 'pending' AND expires_at > ? ORDER BY created_at", Date.now())
      .toArray()
      .map((cmd) => ({
        command_id: cmd.id,
        action: "open" as const,
        slot: cmd.slot,
        purpose: cmd.kind,
        expires_at: formatIso(cmd.expires_at),
      }));
    return { codes: this.codes(), commands, poll_after_ms: pollAfterMs };
  }

  /** A report on a command. Unknown commands change nothing; a repeated report changes nothing again. */
  async report(deviceId: string, r: Report): Promise<"ok" | "unknown"> {
    await this.load(deviceId);
    const cmd = this.sql.exec<Command>("SELECT * FROM commands WHERE id = ?", r.command_id).toArray()[0];
    if (!cmd || cmd.state === "claiming") return "unknown";
    if (cmd.state !== "reported") await this.settle(cmd, r);
    return "ok";
  }

  /**
   * Applies what a command did: the operation's outcome and where the tags
   * now are. Marked settled before the first await so a duplicate report (or
   * a snapshot showing the same change) is a no-op; undone if D1 fails.
   */
  private async settle(cmd: Command, r: Report) {
    const now = Date.now();
    const previous = cmd.state;
    this.sql.exec("UPDATE commands SET state = 'reported' WHERE id = ?", cmd.id);
    const opened = r.door === "opened";
    const removed = opened ? r.tag_removed : null;
    const inserted = opened ? r.tag_inserted : null;
    try {
      if (removed) this.sql.exec("UPDATE slots SET tag = NULL, name = NULL, type = NULL, changed_at = ? WHERE tag = ?", now, removed);
      if (inserted) this.setSlot(r.slot, inserted, await itemInfo(this.env, inserted));
      this.sql.exec("UPDATE slots SET changed_at = ? WHERE slot = ?", now, r.slot);
      const deviceId = this.deviceId;
      if (cmd.kind === "rent") {
        if (removed) await rentSucceeded(this.env, { operationId: cmd.id, userId: cmd.user_id, deviceId, tag: removed, now });
        else await operationFailed(this.env, cmd.id, opened ? "not taken" : "door jammed", { now });
        if (inserted) await itemArrived(this.env, inserted, deviceId, r.slot, now);
      } else {
        if (inserted && inserted === cmd.tag) {
          await revertSucceeded(this.env, {
            operationId: cmd.id,
            rentalId: cmd.rental_id ?? "",
            deviceId,
            slot: r.slot,
            tag: inserted,
            now,
          });
        } else {
          await operationFailed(this.env, cmd.id, !opened ? "door jammed" : inserted ? "wrong item" : "not taken", { now });
          if (inserted) await itemArrived(this.env, inserted, deviceId, r.slot, now);
        }
        if (removed) await itemLeft(this.env, removed, deviceId, now);
      }
    } catch (err) {
      this.sql.exec("UPDATE commands SET state = ? WHERE id = ? AND state = 'reported'", previous, cmd.id);
      throw err;
    }
    await this.schedule(now);
  }

  /**
   * The inventory follows the reader. A changed slot with a recent unsettled
   * command settles it as if reported (the report was lost); any other
   * change moves the tag in D1.
   */
  private async applySnapshot(snapshot: SlotView[]) {
    const now = Date.now();
    const deviceId = this.deviceId;
    for (const { slot, tag } of snapshot) {
      const before = this.slotRow(slot);
      const old = before?.tag ?? null;
      if (before && (old === tag || before.changed_at > now - SNAPSHOT_GRACE_MS)) continue;
      const cmd = this.sql
        .exec<Command>(
          "SELECT * FROM commands WHERE slot = ? AND state IN ('pending', 'expired') AND created_at > ? ORDER BY created_at DESC LIMIT 1",
          slot,
          now - SNAPSHOT_SETTLES_MS,
        )
        .toArray()[0];
      if (cmd && cmd.kind === "rent" && old && !tag) {
        await this.settle(cmd, { command_id: cmd.id, door: "opened", slot, tag_removed: old, tag_inserted: null });
      } else if (cmd && cmd.kind === "revert" && tag) {
        await this.settle(cmd, { command_id: cmd.id, door: "opened", slot, tag_removed: old, tag_inserted: tag });
      } else {
        this.setSlot(slot, tag, tag ? await itemInfo(this.env, tag) : null);
        if (old) await itemLeft(this.env, old, deviceId, now);
        if (tag) await itemArrived(this.env, tag, deviceId, slot, now);
      }
    }
  }

  /** Rotates the codes, times out unconfirmed commands and forgets old ones. */
  async alarm() {
    const now = Date.now();
    if (this.meta("device_id") === null) return;
    if (this.meta("retired") === null && this.online(now) && this.rotateIfDue(now)) {
      await mirrorCodes(this.env, this.deviceId, this.codes());
      this.push();
    }
    await this.expire(now);
    this.sql.exec("DELETE FROM commands WHERE state IN ('expired', 'reported') AND created_at <= ?", now - KEEP_COMMANDS_MS);
    await this.schedule(now);
  }

  /** Times out what is past its deadline now, should the alarm run late. */
  async sweep(deviceId: string) {
    await this.load(deviceId);
    await this.expire(Date.now());
  }

  private async expire(now: number) {
    const expired = this.sql
      .exec<Command>("SELECT * FROM commands WHERE state IN ('claiming', 'pending') AND expires_at <= ?", now)
      .toArray();
    for (const cmd of expired) this.sql.exec("UPDATE commands SET state = 'expired' WHERE id = ?", cmd.id);
    for (const [i, cmd] of expired.entries()) {
      try {
        await operationFailed(this.env, cmd.id, "timeout", { onlyIfPending: true, now });
      } catch (err) {
        // Not recorded: put these back so the retried alarm expires them again.
        for (const left of expired.slice(i))
          this.sql.exec("UPDATE commands SET state = ? WHERE id = ? AND state = 'expired'", left.state, left.id);
        throw err;
      }
    }
  }

  // ---- the cabinet over a WebSocket ----

  /**
   * Accepts a cabinet's WebSocket (the route checked the signed handshake).
   * Hibernatable: the object may sleep between messages.
   */
  async fetch(request: Request): Promise<Response> {
    const deviceId = request.headers.get("x-cabinet-device");
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket" || !deviceId) {
      return new Response("expected a WebSocket upgrade", { status: 426 });
    }
    await this.load(deviceId);
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * A message is a signed request: `{id?, path, timestamp, signature, body}`
   * where `path` is /sports/cabinet/poll or /report, `body` the JSON text and
   * `signature` exactly what the HTTP request would carry (method POST). The
   * answer is `{id, path, status, body}` with the HTTP endpoint's status and
   * body; a 401 closes the socket.
   */
  async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    let id: unknown = null;
    let path = "";
    let reply: { status: number; body: unknown };
    try {
      const msg = JSON.parse(typeof message === "string" ? message : new TextDecoder().decode(message));
      id = msg?.id ?? null;
      path = typeof msg?.path === "string" ? msg.path : "";
      reply = await this.handleMessage(msg);
    } catch (err) {
      if (!(err instanceof AppError) && !(err instanceof SyntaxError)) throw err;
      const status = err instanceof AppError && err.kind === "unauthenticated" ? 401 : 400;
      reply = { status, body: { ok: false, error: err.message } };
    }
    ws.send(JSON.stringify({ id, path, ...reply }));
    if (reply.status === 401) ws.close(4401, "unauthorised");
  }

  private async handleMessage(msg: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    const { path, timestamp, signature, body } = msg;
    if ((path !== POLL_PATH && path !== REPORT_PATH) || typeof body !== "string") {
      throw new AppError("invalid_param", `path must be ${POLL_PATH} or ${REPORT_PATH}, body a JSON string`);
    }
    const db = drizzle(this.env.DB, { schema });
    const deviceId = this.deviceId;
    await verifyCabinet(db, { deviceId, timestamp: String(timestamp ?? ""), signature: String(signature ?? "") }, "POST", path, body);
    const json = body.trim() === "" ? {} : JSON.parse(body);
    if (path === POLL_PATH) {
      const parsed = v.safeParse(pollParams, json);
      if (!parsed.success) throw issueToError(parsed.issues);
      return { status: 200, body: await this.poll(deviceId, parsed.output.slots, WS_POLL_AFTER_MS) };
    }
    const parsed = v.safeParse(reportParams, json);
    if (!parsed.success) throw issueToError(parsed.issues);
    const result = await this.report(deviceId, parsed.output);
    return result === "ok" ? { status: 200, body: { ok: true } } : { status: 404, body: { ok: false, error: "unknown command" } };
  }

  async webSocketClose(ws: WebSocket, code: number) {
    try {
      ws.close(code === 1005 ? 1000 : code, "closing");
    } catch {
      // Already closed by the runtime.
    }
  }

  /** Sends connected cabinets the poll reply at once, so a door opens without waiting for the next poll. */
  private push() {
    const sockets = this.ctx.getWebSockets();
    if (sockets.length === 0) return;
    const text = JSON.stringify({ id: null, path: POLL_PATH, status: 200, push: true, body: this.pollReply(WS_POLL_AFTER_MS) });
    for (const ws of sockets) {
      try {
        ws.send(text);
      } catch {
        // A socket closing meanwhile: the cabinet reconnects and polls.
      }
    }
  }

  // ---- operators ----

  /** Puts tagged items into slots; refuses a slot with a door command in flight. */
  async place(deviceId: string, items: PlacedItem[]): Promise<{ ok: true } | { ok: false; error: string }> {
    await this.load(deviceId);
    const busy = new Set(
      this.sql
        .exec<{ slot: number }>(this.busySlots)
        .toArray()
        .map((r) => r.slot),
    );
    const clash = items.find((i) => busy.has(i.slot));
    if (clash) return { ok: false, error: `slot ${clash.slot} has a door command in flight` };
    const rented = await placeItems(this.env, deviceId, items);
    if (rented) return { ok: false, error: `${rented} is rented out; it comes back through a return` };
    for (const item of items) this.setSlot(item.slot, item.tag, item);
    return { ok: true };
  }

  /** Stops rotating codes; the cabinet's requests are refused from now on. */
  async retire(deviceId: string) {
    await this.load(deviceId);
    this.setMeta("retired", Date.now());
    for (const ws of this.ctx.getWebSockets()) ws.close(4401, "retired");
  }

  /** The live state, for operators. */
  async inspect(deviceId: string) {
    await this.load(deviceId);
    const now = Date.now();
    return {
      online: this.online(now),
      last_poll_at: this.meta("last_poll_at") ? formatIso(Number(this.meta("last_poll_at"))) : null,
      codes: this.codes(),
      slots: this.sql.exec<Slot>("SELECT slot, tag, name, type FROM slots ORDER BY slot").toArray() as Omit<Slot, "changed_at">[],
      commands: this.sql
        .exec<Command>("SELECT * FROM commands WHERE state IN ('pending', 'claiming') ORDER BY created_at")
        .toArray()
        .map((c) => ({ command_id: c.id, kind: c.kind, slot: c.slot, expires_at: formatIso(c.expires_at) })),
    };
  }
}
