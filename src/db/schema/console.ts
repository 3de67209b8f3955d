import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** What an operator may manage in the console: a surface's pages, or other operators. */
export type ConsoleScope = "service" | "sports" | "library" | "reminders" | "jh" | "operators";

/** People who run the campus services from the console (summer school staff sign in with their own accounts). */
export const consoleOperators = sqliteTable("console_operators", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  username: text("username").notNull().unique(),
  displayName: text("display_name").notNull().default(""),
  passwordHash: text("password_hash").notNull(),
  scopes: text("scopes", { mode: "json" }).$type<ConsoleScope[]>().notNull(),
  disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
  failedLogins: integer("failed_logins").notNull().default(0),
  failedSince: integer("failed_since"),
  lockedUntil: integer("locked_until"),
  lastLoginAt: integer("last_login_at"),
  createdBy: text("created_by").notNull(),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Operator sign-in attempts on usernames with no operator, counted as an
 * operator's are (src/platform/login-attempts.ts), so a lock tells nothing of
 * which usernames exist.
 */
export const consoleLoginThrottle = sqliteTable(
  "console_login_throttle",
  {
    username: text("username").primaryKey(),
    failedLogins: integer("failed_logins").notNull().default(0),
    failedSince: integer("failed_since"),
    lockedUntil: integer("locked_until"),
  },
  (t) => [index("console_login_throttle_failed_since_idx").on(t.failedSince)],
);

/**
 * A signed-in browser. The cookie carries a random token; only its SHA-256 is stored. A summer school
 * staff member's session holds the summer ticket the console acts with (sealed), as the summer school's caller.
 */
export const consoleSessions = sqliteTable(
  "console_sessions",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: ["operator", "summer"] }).notNull(),
    operatorId: integer("operator_id"),
    summerTicket: text("summer_ticket"),
    username: text("username").notNull(),
    /**
     * A summer staff member's account and their ticket's session: the session's read joins the account as it is
     * now (its role, whether it is active, whether the ticket's session is live), so the header and the menu follow
     * a change at once. Neither is a credential: the ticket itself is only in `summer_ticket`, sealed.
     */
    summerUserId: integer("summer_user_id"),
    summerSessionId: text("summer_session_id"),
    csrf: text("csrf").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("console_sessions_expires_idx").on(t.expiresAt), index("console_sessions_operator_idx").on(t.operatorId)],
);

/**
 * Daily counts behind the console's "last 30 days" charts, written by the cron (src/console/rollup.ts) so a page
 * view reads a few dozen rows instead of counting a month of rentals or reminders. `series` names what is
 * counted (`sports.rentals`, `reminders.sent`, ...), `day` is the campus date, `hour` the campus hour for
 * series counted by hour, -1 for a whole day.
 */
export const consoleDaily = sqliteTable(
  "console_daily",
  {
    series: text("series").notNull(),
    day: text("day").notNull(),
    hour: integer("hour").notNull(),
    value: integer("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.series, t.day, t.hour] })],
);

/**
 * How far the rollup has counted each source it reads by row id (`mark`: the last rowid counted, `prev`: the
 * one before the last step), and how many days back it has recounted the others (`source` = `backfill`).
 */
export const consoleRollupMarks = sqliteTable("console_rollup_marks", {
  source: text("source").primaryKey(),
  prev: integer("prev").notNull(),
  mark: integer("mark").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** The last run of each cron job, for the console's health part: when, how long, what it enqueued, why it failed. */
export const consoleCronRuns = sqliteTable("console_cron_runs", {
  job: text("job").primaryKey(),
  startedAt: integer("started_at").notNull(),
  ms: integer("ms").notNull(),
  claimed: integer("claimed").notNull(),
  requeued: integer("requeued").notNull(),
  enqueued: integer("enqueued").notNull(),
  abandoned: integer("abandoned").notNull(),
  /** The run stopped at its budget with reminders still due. */
  more: integer("more", { mode: "boolean" }).notNull(),
  error: text("error"),
  /** The last run that enqueued anything, and how many. */
  lastEnqueuedAt: integer("last_enqueued_at"),
  lastEnqueued: integer("last_enqueued").notNull().default(0),
});
