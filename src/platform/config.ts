import * as v from "valibot";
import type { Bindings } from "../env";

/** A text variable; unset or empty takes the default. */
const text = (fallback: string) =>
  v.pipe(
    v.optional(v.string(), ""),
    v.transform((s) => (s === "" ? fallback : s)),
  );

/** A number variable; unset, empty or not a number takes the default. */
const number = (fallback: number) =>
  v.pipe(
    v.optional(v.string(), ""),
    v.transform((s) => (s.trim() !== "" && Number.isFinite(Number(s)) ? Number(s) : fallback)),
  );

/** An on/off variable: on, true, 1 or yes (any case) is on. */
const onOff = v.pipe(
  v.optional(v.string(), ""),
  v.transform((s) => ["on", "true", "1", "yes"].includes(s.toLowerCase())),
);

/** A secret: no default; `secret()` refuses to run without it. */
const secretVar = v.optional(v.string());

function hoursByType(json: string): Record<string, number> {
  let parsedJson: unknown;
  try {
    parsedJson = JSON.parse(json);
  } catch {
    return {};
  }
  if (parsedJson === null || typeof parsedJson !== "object") return {};
  return Object.fromEntries(
    Object.entries(parsedJson).filter((e): e is [string, number] => typeof e[1] === "number" && Number.isFinite(e[1]) && e[1] > 0),
  );
}

/** Every variable the worker reads, with its one default. README "Configuration" explains each. */
export const configSchema = v.object({
  LOCAL_UTC_OFFSET: text("+08:00"),
  WECHAT_API_BASE: text("https://api.weixin.qq.com"),
  WECHAT_MINIPROGRAM_STATE: v.pipe(
    text("formal"),
    v.transform((s) => (s === "developer" || s === "trial" ? s : "formal")),
  ),
  SERVICE_APPID: text("wx-service-demo"),
  SERVICE_APPSECRET: text(""),
  SERVICE_ACCEPT_RAW_OPENID: onOff,
  /** Life of a 002 handle; a getOpenid issues a fresh one. */
  SERVICE_HANDLE_TTL_DAYS: number(180),
  SPORTS_APPID: text("wx-sports-demo"),
  SPORTS_APPSECRET: text(""),
  LIBRARY_APPID: text("wx-library-demo"),
  LIBRARY_APPSECRET: text(""),
  SUMMER_APPID: text("wx-summer-demo"),
  SUMMER_APPSECRET: text(""),
  /** How check_account reads its code: a mini-program wx.login code, or an Official Account web-OAuth code. */
  SUMMER_LOGIN_MODE: v.pipe(
    text("miniprogram"),
    v.transform((s): "miniprogram" | "oauth" => (s === "oauth" ? "oauth" : "miniprogram")),
  ),
  SUMMER_TICKET_TTL_SECONDS: number(86_400),
  SUMMER_LOGIN_MAX_FAILURES: number(5),
  SUMMER_LOGIN_LOCK_SECONDS: number(900),
  REMINDER_SCAN_CHUNKS: number(400),
  REMINDER_MAX_ATTEMPTS: number(7),
  LIBRARY_API_BASE: text("https://library.example.edu/X"),
  LIBRARY_ALEPH_BASE: text("CAM01"),
  /** The base of foreign-language records, searched for the client's 英文库 (the original's xxx01 / xxx09 pair). */
  LIBRARY_ALEPH_FOREIGN_BASE: text("CAM09"),
  LIBRARY_ALEPH_LIBRARY: text("CAM50"),
  LIBRARY_API_TIMEOUT_MS: number(8000),
  LIBRARY_SESSION_TTL_S: number(30 * 86_400),
  LIBRARY_TRAINING_TEMPLATE_ID: text(""),
  LIBRARY_BOOK_TEMPLATE_ID: text(""),
  SPORTS_SESSION_TTL_SECONDS: number(7200),
  SPORTS_RENTAL_HOURS: number(2),
  /** JSON object of item type -> hours, e.g. {"basketball": 4}; anything unreadable is ignored. */
  SPORTS_RENTAL_HOURS_BY_TYPE: v.pipe(text("{}"), v.transform(hoursByType)),
  SPORTS_DUE_SOON_MINUTES: number(15),
  SPORTS_DUE_SOON_TEMPLATE_ID: text(""),
  SPORTS_OVERDUE_TEMPLATE_ID: text(""),
  SPORTS_CODE_ROTATE_SECONDS: number(60),
  SPORTS_OPERATION_TIMEOUT_SECONDS: number(30),
  JH_PASSPORT_API_BASE: text("http://user.jh.zjut.edu.cn"),
  JH_ZF_API_BASE: text("http://api.jh.zjut.edu.cn"),
  JH_API_TIMEOUT_MS: number(8000),
  JH_CREDIT_TTL_DAYS: number(90),
  JH_LOCKOUT_ATTEMPTS: number(5),
  JH_LOCKOUT_MINUTES: number(15),
  /** Life of a console sign-in, and how many wrong passwords lock an operator account for how long. */
  CONSOLE_SESSION_HOURS: number(12),
  CONSOLE_LOGIN_MAX_FAILURES: number(5),
  CONSOLE_LOGIN_LOCK_SECONDS: number(900),
  ADMIN_TOKEN: secretVar,
  SESSION_SECRET: secretVar,
  LIBRARY_RSA_PRIVATE_KEY: secretVar,
  LIBRARY_CREDENTIAL_KEY: secretVar,
  JH_CREDENTIAL_KEY: secretVar,
});

export type Config = v.InferOutput<typeof configSchema>;
export type SecretName = "ADMIN_TOKEN" | "SESSION_SECRET" | "LIBRARY_RSA_PRIVATE_KEY" | "LIBRARY_CREDENTIAL_KEY" | "JH_CREDENTIAL_KEY";

// Keyed by the env object itself, so an env made for one test or one call is parsed on its own and collected with it.
const parsed = new WeakMap<Bindings, Config>();

/** The worker's configuration, parsed once per env. */
export function config(env: Bindings): Config {
  let cfg = parsed.get(env);
  if (!cfg) {
    cfg = v.parse(configSchema, env);
    parsed.set(env, cfg);
  }
  return cfg;
}

/** A secret that must exist; a missing one is an operator's mistake, reported as such. */
export function secret(env: Bindings, name: SecretName): string {
  const value = config(env)[name];
  if (value === undefined || value === "") throw new Error(`secret ${name} is not configured`);
  return value;
}
