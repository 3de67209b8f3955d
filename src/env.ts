import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { Cabinet } from "../durable-objects/cabinet";
import type * as schema from "./db/schema";
import type { ErrorEnvelope } from "./platform/errors";
import type { Logger } from "./platform/logging";

/** Bindings, variables and secrets of the worker (see README "Configuration"). */
export interface Bindings {
  DB: D1Database;
  WECHAT_TOKENS: DurableObjectNamespace;
  /** Reminder ids the cron hands to the consumer (src/reminders). */
  REMINDER_QUEUE?: Queue<{ id: number }>;
  CABINETS: DurableObjectNamespace<Cabinet>;
  ADMIN_TOKEN?: string;
  SESSION_SECRET?: string;
  SIMULATORS?: string;
  WECHAT_API_BASE?: string;
  SERVICE_ACCEPT_RAW_OPENID?: string;
  LOCAL_UTC_OFFSET?: string;
  [key: string]: unknown;
}

export type Db = DrizzleD1Database<typeof schema>;

export interface Variables {
  db: Db;
  requestId: string;
  log: Logger;
  /** Set by each surface so the one onError answers in that surface's envelope. */
  envelope: ErrorEnvelope;
  /** The request's parameters from query and body, read once. */
  rawParams: Record<string, unknown>;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}
