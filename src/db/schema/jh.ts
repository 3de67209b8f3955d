import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const JH_USERTYPES = ["COMMON", "WEJH", "TEST"] as const;
export type JhUsertype = (typeof JH_USERTYPES)[number];
export const JH_DEVICES = ["mobile", "pc"] as const;
export type JhDevice = (typeof JH_DEVICES)[number];
export const JH_BINDNAMES = ["jh", "zfedu"] as const;
export type JhBindname = (typeof JH_BINDNAMES)[number];

/**
 * 精弘 accounts (document 004). `username_key` is the username in lower case:
 * names are unique without regard to case. `password_hash` is a PBKDF2 of
 * the client's upper-case MD5. `portrait_version` names the portrait stored
 * in R2 (null: none). `public_md5` caches the usermd5 of the public fields;
 * every change to them sets it back to null. The index on `permission_msgboard`
 * lists the message board's moderators (the console).
 */
export const jhUsers = sqliteTable(
  "jh_users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    username: text("username").notNull(),
    usernameKey: text("username_key").notNull().unique(),
    nickname: text("nickname").notNull(),
    passwordHash: text("password_hash").notNull(),
    usertype: text("usertype", { enum: JH_USERTYPES }).notNull().default("COMMON"),
    permissionMsgboard: integer("permission_msgboard").notNull().default(0),
    email: text("email").notNull().default(""),
    phone: text("phone").notNull().default(""),
    portraitVersion: text("portrait_version"),
    publicMd5: text("public_md5"),
    /** Password attempts counted in the current window, its start, and the end of a lockout. */
    failedLogins: integer("failed_logins").notNull().default(0),
    failedSince: integer("failed_since"),
    lockedUntil: integer("locked_until"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("jh_users_permission_msgboard_idx").on(t.permissionMsgboard)],
);

/** One credit per user and device type, kept as the SHA-256 of the credit. */
export const jhCredits = sqliteTable(
  "jh_credits",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => jhUsers.id, { onDelete: "cascade" }),
    deviceType: text("device_type", { enum: JH_DEVICES }).notNull(),
    creditHash: text("credit_hash").notNull().unique(),
    lastUsedAt: integer("last_used_at").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.deviceType] })],
);

/**
 * Bindings to the 精弘 passport (`jh`, pid = student number) and 正方
 * (`zfedu`, pid = the student number it was checked with). The password is
 * sealed (AES-GCM bound to user, bindname and pid). state: 1 no longer valid, 2 valid. A student number is
 * bound validly to one account at a time (the index finds the others when it moves).
 */
export const jhBindings = sqliteTable(
  "jh_bindings",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => jhUsers.id, { onDelete: "cascade" }),
    bindname: text("bindname", { enum: JH_BINDNAMES }).notNull(),
    pid: text("pid").notNull(),
    sealedPassword: text("sealed_password").notNull(),
    state: integer("state").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.bindname] }), index("jh_bindings_pid_idx").on(t.pid)],
);

/** The term calendar operators manage: term 3 first, 12 second, 16 short; dates YYYY-MM-DD, end inclusive. */
export const jhTerms = sqliteTable(
  "jh_terms",
  {
    year: integer("year").notNull(),
    term: integer("term").notNull(),
    begin: text("begin").notNull(),
    end: text("end").notNull(),
  },
  (t) => [primaryKey({ columns: [t.year, t.term] }), index("jh_terms_begin_idx").on(t.begin)],
);

/** Named counters; `username` is the last numeric username register2 handed out. */
export const jhSequences = sqliteTable("jh_sequences", {
  name: text("name").primaryKey(),
  value: integer("value").notNull(),
});

/**
 * Attempts to bind the 精弘 passport, per account (`user:<id>`) and per student number (`pid:<number>`): each is
 * counted before the passport is asked, and too many within the window lock that key for the window.
 */
export const jhBindAttempts = sqliteTable("jh_bind_attempts", {
  key: text("key").primaryKey(),
  attempts: integer("attempts").notNull(),
  since: integer("since").notNull(),
  lockedUntil: integer("locked_until"),
});

/**
 * The message board (`/api/msgboard`). `mark` is the original's: 0 normal, 2 deleted by its author or a board
 * admin (the row stays). `hidden_at` is an operator's hiding (reversible); clients see a hidden post as mark 2.
 * `updated_at` changes with every change clients must see (a post, an edit, a comment added or removed, a
 * deletion, hiding, restoring); it is set from D1's own clock in the writing statement, at least
 * BOARD_SPACING_MS after every other post's (src/surfaces/jh/board-stamps.ts), so "what changed since T" is an
 * index seek that can page without losing a change. `comment_last_id` numbers the post's comments from 1, as
 * the original did; `username` is kept as written (usernames never change). The user_id indexes serve the
 * foreign keys (and a user's posts).
 */
export const jhBoardPosts = sqliteTable(
  "jh_board_posts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => jhUsers.id, { onDelete: "cascade" }),
    username: text("username").notNull(),
    content: text("content").notNull(),
    /** The picture's key in R2 (FILES), null without one. */
    picKey: text("pic_key"),
    mark: integer("mark").notNull().default(0),
    deletedBy: integer("deleted_by"),
    hiddenAt: integer("hidden_at"),
    hiddenBy: text("hidden_by"),
    commentLastId: integer("comment_last_id").notNull().default(0),
    commentCount: integer("comment_count").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("jh_board_posts_updated_idx").on(t.updatedAt), index("jh_board_posts_user_idx").on(t.userId)],
);

/** A post's comments, numbered within the post; a deleted comment is gone, as in the original. */
export const jhBoardComments = sqliteTable(
  "jh_board_comments",
  {
    postId: integer("post_id")
      .notNull()
      .references(() => jhBoardPosts.id, { onDelete: "cascade" }),
    id: integer("id").notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => jhUsers.id, { onDelete: "cascade" }),
    username: text("username").notNull(),
    content: text("content").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.id] }), index("jh_board_comments_user_idx").on(t.userId)],
);

/**
 * Timetables read from 正方 (`/api/course`), per user and term, as the reply's course list (JSON), with the
 * student number they were read with (a cache of another number is never served) and when.
 */
export const jhCourseCache = sqliteTable(
  "jh_course_cache",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => jhUsers.id, { onDelete: "cascade" }),
    year: integer("year").notNull(),
    term: integer("term").notNull(),
    pid: text("pid").notNull(),
    courses: text("courses").notNull(),
    fetchedAt: integer("fetched_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.year, t.term] })],
);

export const JH_UPSTREAMS = ["passport", "zf"] as const;
export const JH_UPSTREAM_FAILURES = ["timeout", "down", "garbled"] as const;

/**
 * Calls to the 精弘 passport or 正方 that failed: timed out, unreachable or an error status (`down`), or a reply
 * that is not what the endpoint answers (`garbled`); `detail` is the surface's own words (an HTTP status, what
 * was wrong), never the upstream's text nor the URL. Written after the answer (src/surfaces/jh/upstream-failures.ts),
 * read by the console's first page for the last hour (a seek per upstream on the index), dropped after a day by the
 * every-minute housekeeping.
 */
export const jhUpstreamFailures = sqliteTable(
  "jh_upstream_failures",
  {
    id: integer("id").primaryKey(),
    system: text("system", { enum: JH_UPSTREAMS }).notNull(),
    kind: text("kind", { enum: JH_UPSTREAM_FAILURES }).notNull(),
    detail: text("detail").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("jh_upstream_failures_system_at_idx").on(t.system, t.at)],
);
