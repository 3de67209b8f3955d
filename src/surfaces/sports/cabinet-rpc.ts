/**
 * What a Cabinet Durable Object exposes to the worker over RPC.
 * durable-objects/cabinet implements it; src/env.ts types the CABINETS
 * binding with it, so neither imports the other.
 */

/** One slot as the cabinet's reader sees it. */
export interface SlotView {
  slot: number;
  tag: string | null;
}

/** What a door command did, as the cabinet reports it. */
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

export interface PollReply {
  codes: string[];
  commands: CommandView[];
  poll_after_ms: number;
}

/** An item an operator puts into a slot. */
export interface PlacedItem {
  tag: string;
  name: string;
  type: string;
  slot: number;
}

/** What makes a signed request fresh: its timestamp (unix seconds) and signature. */
export interface Seal {
  timestamp: number;
  signature: string;
}

/** A report the object refused as contradicting what is known: 409, nothing changed (its repeats get the same). */
export interface Refused {
  refused: string;
}

/** What a cabinet claimed against what was known, kept for operators. */
export interface Anomaly {
  kind: string;
  commandId?: string | null;
  claimed: Record<string, unknown>;
  expected: Record<string, unknown>;
}

/** The outcome of try_to_rent / try_to_revert at the cabinet: the operation, or the document's error text. */
export type Outcome = { ok: true; operationId: string } | { ok: false; error: string };

/** The rental a revert brings back. */
export interface RentalToReturn {
  id: string;
  tag: string;
  name: string;
}

/**
 * An operator's change the cabinet refused, nothing changed: `error` in the API's words, `reason` and
 * `subject` (the slot number or the tag concerned) for pages that word it themselves.
 */
export interface StockRefusal {
  ok: false;
  error: string;
  reason: "slot busy" | "rented out" | "slot held";
  subject: string;
}

export type StockChange = { ok: true } | StockRefusal;

/** The live state operators inspect. */
export interface CabinetInspection {
  online: boolean;
  last_poll_at: string | null;
  codes: string[];
  slots: Array<{ slot: number; tag: string | null; name: string | null; type: string | null }>;
  commands: Array<{ command_id: string; kind: "rent" | "revert"; slot: number; expires_at: string }>;
}

/** Every method names the cabinet (its device_id): the object loads it from D1 on first use. */
export interface CabinetRpc {
  /** Queues a door-open on an item of `type`. */
  rent(deviceId: string, userId: string, type: string, code: string): Promise<Outcome>;
  /** Queues a door-open on an empty slot for the rental to come back. */
  revert(deviceId: string, userId: string, rental: RentalToReturn, code: string): Promise<Outcome>;
  /**
   * Records the reader's snapshot; returns the codes to show and the doors to open. A repeated request, or a
   * snapshot older than the newest applied, is answered the same way and applies nothing.
   */
  poll(deviceId: string, snapshot: SlotView[] | undefined, seal: Seal, pollAfterMs?: number): Promise<PollReply>;
  /** Applies a report; "unknown" when the command is not this cabinet's. A repeated request gets the first answer. */
  report(deviceId: string, report: Report, seal: Seal): Promise<"ok" | "unknown" | Refused>;
  /** Times out what is past its deadline now, should the alarm run late. */
  sweep(deviceId: string): Promise<void>;
  /** Puts tagged items into slots; refuses a slot with a door command in flight or a tag rented out. */
  place(deviceId: string, items: PlacedItem[]): Promise<StockChange>;
  /** Another cabinet's reader (or an operator) put `tag` elsewhere: it leaves this object's `slot`. */
  forget(deviceId: string, tag: string, slot: number): Promise<void>;
  /** Changes the slot count; refuses dropping a slot that holds a tag or a door command. */
  resize(deviceId: string, slotCount: number): Promise<StockChange>;
  /** Stops the cabinet: codes stop rotating, its sockets close. */
  retire(deviceId: string): Promise<void>;
  inspect(deviceId: string): Promise<CabinetInspection>;
}

/** The CABINETS binding: one object per cabinet, `idFromName(device_id)`. */
export type CabinetNamespace = DurableObjectNamespace<CabinetRpc & Rpc.DurableObjectBranded>;
