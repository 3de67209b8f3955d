import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * Users of the library mini-program (document 000). `credential` holds the
 * library password AES-GCM encrypted (never plaintext); it is set by
 * libuser/login and cleared when the library account is unbound or changed.
 */
export const libraryUsers = sqliteTable("library_users", {
  openid: text("openid").primaryKey(),
  nickName: text("nick_name"),
  avatarUrl: text("avatar_url"),
  gender: integer("gender"),
  city: text("city"),
  province: text("province"),
  country: text("country"),
  libId: text("lib_id"),
  credential: text("credential"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** Notices: type N (通知), Z (资源动态), P (培训活动). */
export const libraryNotices = sqliteTable(
  "library_notices",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    type: text("type", { enum: ["N", "Z", "P"] }).notNull(),
    title: text("title").notNull(),
    content: text("content").notNull(),
    author: text("author").notNull().default(""),
    url: text("url"),
    publishTime: integer("publish_time").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  // The list of every type pages by publish time.
  (t) => [index("library_notices_type_idx").on(t.type, t.publishTime), index("library_notices_publish_idx").on(t.publishTime)],
);

/** Trainings: type B (毕业指导), X (学习助手), S (实用软件). */
export const libraryTrainings = sqliteTable(
  "library_trainings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    type: text("type", { enum: ["B", "X", "S"] }).notNull(),
    title: text("title").notNull(),
    content: text("content").notNull(),
    speaker: text("speaker").notNull().default(""),
    place: text("place").notNull().default(""),
    startTime: integer("start_time").notNull(),
    endTime: integer("end_time").notNull(),
    publishTime: integer("publish_time").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("library_trainings_type_idx").on(t.type, t.startTime)],
);

export const libraryActivities = sqliteTable(
  "library_activities",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    title: text("title").notNull(),
    content: text("content").notNull(),
    place: text("place").notNull().default(""),
    image: text("image"),
    /** The page the mini-program opens when the banner is tapped. */
    url: text("url"),
    startTime: integer("start_time").notNull(),
    endTime: integer("end_time").notNull(),
    publishTime: integer("publish_time").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  // The mini-program lists the latest published first.
  (t) => [index("library_activities_start_idx").on(t.startTime), index("library_activities_publish_idx").on(t.publishTime)],
);

/** Complaints and suggestions (投诉). `openid` is set when the sender gave a session. */
export const libraryAdvises = sqliteTable(
  "library_advises",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    openid: text("openid"),
    tel: text("tel").notNull(),
    contents: text("contents").notNull(),
    publishTime: integer("publish_time").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("library_advises_publish_idx").on(t.publishTime)],
);

/**
 * A user's sign-up for a training, made by add_training_reminder. A new row
 * (new id) per sign-up, so the reminder's dedupe key is fresh after a cancel.
 */
export const librarySignups = sqliteTable(
  "library_signups",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    openid: text("openid").notNull(),
    trainingId: integer("training_id").notNull(),
    remindText: text("remind_text").notNull().default(""),
    createdAt: integer("created_at").notNull(),
  },
  // Operators list a training's sign-ups.
  (t) => [
    uniqueIndex("library_signups_user_training_idx").on(t.openid, t.trainingId),
    index("library_signups_training_idx").on(t.trainingId),
  ],
);
