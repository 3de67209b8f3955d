import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * State of the 精弘 upstream simulator:
 * students of the passport (user center) with their passwords, and their
 * 正方 passwords (null: no 正方 account).
 */
export const simJhStudents = sqliteTable("sim_jh_students", {
  pid: text("pid").primaryKey(),
  password: text("password").notNull(),
  zfPassword: text("zf_password"),
  email: text("email").notNull(),
  type: text("type").notNull(),
  name: text("name").notNull(),
});

/** Injected failures: the next `remaining` calls to `target` answer late, fail with HTTP 500 or answer garbage. */
export const JH_FAULTS = ["timeout", "http500", "garbage", "trickle", "huge"] as const;

export const simJhFaults = sqliteTable("sim_jh_faults", {
  target: text("target", { enum: ["passport", "zf"] }).primaryKey(),
  kind: text("kind", { enum: JH_FAULTS }).notNull(),
  remaining: integer("remaining").notNull(),
  /** How late a `timeout` fault answers. */
  delayMs: integer("delay_ms").notNull().default(1500),
});

/**
 * A student's 正方 timetable for a term, as classZf.php lists it (`courses`: a JSON array of its course objects,
 * kcmc, xm, xqmc, cdmc, khfsmc, xqj, jcor, zcd, collage, classscore, classhuor, classinfo). A term without a row
 * gets the simulator's default timetable.
 */
export const simJhCourses = sqliteTable(
  "sim_jh_courses",
  {
    pid: text("pid").notNull(),
    year: integer("year").notNull(),
    term: integer("term").notNull(),
    courses: text("courses").notNull(),
  },
  (t) => [primaryKey({ columns: [t.pid, t.year, t.term] })],
);
