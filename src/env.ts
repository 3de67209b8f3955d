import type { DrizzleD1Database } from "drizzle-orm/d1";
import type * as schema from "./db/schema";
import type { ErrorEnvelope } from "./platform/errors";
import type { Logger } from "./platform/logging";
import type { TokenHolderRpc } from "./platform/wechat/token-holder";
import type { CabinetNamespace } from "./surfaces/sports/cabinet-rpc";

/**
 * Bindings, variables and secrets of the worker. Variables are read through
 * `config()` (src/platform/config.ts), which holds every default.
 */
export interface Bindings {
  DB: D1Database;
  /** One access-token holder per appid (durable-objects/wechat-token-holder.ts). */
  WECHAT_TOKENS: DurableObjectNamespace<TokenHolderRpc>;
  /** Reminder ids the cron hands to the consumer (src/reminders). */
  REMINDER_QUEUE?: Queue<{ id: number }>;
  CABINETS: CabinetNamespace;
  /** Uploaded files (R2); each surface keeps its own key prefix: `summer/`, `jh/portraits/`. */
  FILES: R2Bucket;
  /** Rate limit of libuser/login attempts, per user and per library card (wrangler.toml [[ratelimits]]). */
  LIBRARY_LOGIN_LIMIT: RateLimit;
  /** Rate limit of 精弘 /api/shared, per client address (wrangler.toml [[ratelimits]]). */
  JH_SHARED_LIMIT: RateLimit;
  ADMIN_TOKEN?: string;
  SESSION_SECRET?: string;
  LOCAL_UTC_OFFSET?: string;
  WECHAT_API_BASE?: string;
  WECHAT_MINIPROGRAM_STATE?: string;
  SERVICE_APPID?: string;
  SERVICE_APPSECRET?: string;
  SERVICE_ACCEPT_RAW_OPENID?: string;
  SERVICE_HANDLE_TTL_DAYS?: string;
  SPORTS_APPID?: string;
  SPORTS_APPSECRET?: string;
  LIBRARY_APPID?: string;
  LIBRARY_APPSECRET?: string;
  SUMMER_APPID?: string;
  SUMMER_APPSECRET?: string;
  SUMMER_LOGIN_MODE?: string;
  SUMMER_TICKET_TTL_SECONDS?: string;
  SUMMER_LOGIN_MAX_FAILURES?: string;
  SUMMER_LOGIN_LOCK_SECONDS?: string;
  REMINDER_SCAN_CHUNKS?: string;
  REMINDER_MAX_ATTEMPTS?: string;
  LIBRARY_API_BASE?: string;
  LIBRARY_ALEPH_BASE?: string;
  LIBRARY_ALEPH_FOREIGN_BASE?: string;
  LIBRARY_ALEPH_LIBRARY?: string;
  LIBRARY_API_TIMEOUT_MS?: string;
  LIBRARY_SESSION_TTL_S?: string;
  LIBRARY_TRAINING_TEMPLATE_ID?: string;
  LIBRARY_BOOK_TEMPLATE_ID?: string;
  LIBRARY_RSA_PRIVATE_KEY?: string;
  LIBRARY_CREDENTIAL_KEY?: string;
  SPORTS_SESSION_TTL_SECONDS?: string;
  SPORTS_RENTAL_HOURS?: string;
  SPORTS_RENTAL_HOURS_BY_TYPE?: string;
  SPORTS_DUE_SOON_MINUTES?: string;
  SPORTS_DUE_SOON_TEMPLATE_ID?: string;
  SPORTS_OVERDUE_TEMPLATE_ID?: string;
  SPORTS_CODE_ROTATE_SECONDS?: string;
  SPORTS_OPERATION_TIMEOUT_SECONDS?: string;
  JH_PASSPORT_API_BASE?: string;
  JH_ZF_API_BASE?: string;
  JH_API_TIMEOUT_MS?: string;
  JH_CREDIT_TTL_DAYS?: string;
  JH_LOCKOUT_ATTEMPTS?: string;
  JH_LOCKOUT_MINUTES?: string;
  JH_CREDENTIAL_KEY?: string;
  CONSOLE_SESSION_HOURS?: string;
  CONSOLE_LOGIN_MAX_FAILURES?: string;
  CONSOLE_LOGIN_LOCK_SECONDS?: string;
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
