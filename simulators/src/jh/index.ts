import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Context } from "hono";
import * as v from "valibot";
import { describe } from "../../../src/platform/openapi";
import { int, params, text } from "../../../src/platform/params";
import { createSimulator, type SimEnv } from "../simulator";
import { huge, trickle } from "../slow-bodies";
import * as schema from "./schema";
import { JH_FAULTS, simJhCourses, simJhFaults, simJhStudents } from "./schema";

/**
 * The 精弘 upstreams as the jh adapter sees them:
 * - the passport (user center): `GET /passport/api.php?app=passport&action=login&passport=&password=`
 *   -> `{"state":"success","info":"登录成功","data":{pid,email,type}}`, or state "error" with the
 *   passport's own info: 密码不正确, 用户不存在, 参数错误;
 * - 正方 through the 精弘 API: `GET /zf/student/classZf.php?username=&password=&year=&term=`
 *   -> `{"status":"success","msg":[courses]}` or `{"status":"error","msg":"用户名或密码错误"}`.
 * The timetable is the student's for that term (`POST /courses`, the demo seed), else a default one.
 * Controls: `POST /students` (add or change a student), `GET /students`, `POST /courses`, `GET /courses`,
 * `POST /faults {target: passport|zf, kind: timeout|http500|garbage|trickle|huge, count, delay_ms}`.
 */
export const jhSimulator = createSimulator(schema);
type C = Context<SimEnv<typeof schema>>;
type Target = "passport" | "zf";

const tags = ["精弘 upstream simulator"];
const DEFAULT_DELAY_MS = 1500;

/** Takes one pending fault of `target`: a late answer, an HTTP 500, a page that is not JSON, a trickling or endless body. */
async function fault(c: C, target: Target): Promise<Response | null> {
  const [row] = await c.var.db
    .update(simJhFaults)
    .set({ remaining: sql`${simJhFaults.remaining} - 1` })
    .where(and(eq(simJhFaults.target, target), gt(simJhFaults.remaining, 0)))
    .returning({ kind: simJhFaults.kind, delayMs: simJhFaults.delayMs });
  if (!row) return null;
  if (row.kind === "timeout") await new Promise((resolve) => setTimeout(resolve, row.delayMs));
  if (row.kind === "http500") return c.text("Internal Server Error", 500);
  if (row.kind === "garbage") return c.html("<html><body>502 Bad Gateway</body></html>");
  if (row.kind === "trickle") return trickle("application/json");
  if (row.kind === "huge") return huge("application/json");
  return null;
}

const student = (c: C, pid: string) => c.var.db.query.simJhStudents.findFirst({ where: eq(simJhStudents.pid, pid) });

jhSimulator.get(
  "/passport/api.php",
  describe({
    tags,
    summary: "精弘 passport login: state success with {pid, email, type}, or state error with info",
    responses: { 200: ["JSON"] },
  }),
  async (c) => {
    const failed = await fault(c, "passport");
    if (failed) return failed;
    const { app, action, passport, password } = c.req.query();
    const error = (info: string) => c.json({ state: "error", info, data: null });
    if (app !== "passport" || action !== "login" || !passport || !password) return error("参数错误");
    const found = await student(c, passport);
    if (!found) return error("用户不存在");
    if (found.password !== password) return error("密码不正确");
    return c.json({ state: "success", info: "登录成功", data: { pid: found.pid, email: found.email, type: found.type } });
  },
);

jhSimulator.get(
  "/zf/student/classZf.php",
  describe({
    tags,
    summary: "正方 timetable through the 精弘 API: status success with the courses, or status error",
    responses: { 200: ["JSON"] },
  }),
  async (c) => {
    const failed = await fault(c, "zf");
    if (failed) return failed;
    const { username, password, year, term } = c.req.query();
    if (!username || !password || !/^\d{4}$/.test(year ?? "") || !["3", "12", "16"].includes(term ?? "")) {
      return c.json({ status: "error", msg: "参数错误" });
    }
    const found = await student(c, username);
    if (!found?.zfPassword || found.zfPassword !== password) return c.json({ status: "error", msg: "用户名或密码错误" });
    const [own] = await c.var.db
      .select({ courses: simJhCourses.courses })
      .from(simJhCourses)
      .where(and(eq(simJhCourses.pid, found.pid), eq(simJhCourses.year, Number(year)), eq(simJhCourses.term, Number(term))));
    return c.json({ status: "success", msg: own ? JSON.parse(own.courses) : defaultTimetable(`${year}-${term}`) });
  },
);

/** The timetable of a student whose term has none of its own: three courses, as 正方 lists them. */
function defaultTimetable(termKey: string) {
  const course = (kcmc: string, xm: string, cdmc: string, xqj: string, jcor: string, zcd: string, collage: string, score: number) => ({
    kcmc,
    xm,
    xqmc: "屏峰校区",
    cdmc,
    khfsmc: "考试",
    xqj,
    jcor,
    zcd,
    collage,
    classscore: score,
    classhuor: score * 16,
    classinfo: `${termKey}-${kcmc}`,
  });
  return [
    course("高等数学A", "张老师", "教学楼A101", "1", "1-2", "1-16周", "理学院", 5),
    course("大学英语", "李老师", "语林楼B203", "3", "3-4", "1-16周", "外国语学院", 2),
    course("程序设计基础", "王老师", "计算机楼C305", "5", "6-8", "1-8周", "计算机科学与技术学院", 3),
  ];
}

const zfCourse = v.object({
  kcmc: v.string(),
  xm: v.string(),
  xqmc: v.string(),
  cdmc: v.string(),
  khfsmc: v.string(),
  xqj: v.string(),
  jcor: v.string(),
  zcd: v.string(),
  collage: v.string(),
  classscore: v.number(),
  classhuor: v.number(),
  classinfo: v.optional(v.string(), ""),
});

jhSimulator.post(
  "/courses",
  describe({
    tags,
    summary: "Set a student's 正方 timetable for a term (an empty list: no courses)",
    responses: { 200: ["the timetable"] },
  }),
  params(
    v.object({
      pid: v.pipe(text(32), v.regex(/^\d+$/, "a student number")),
      year: int(2000, 2100),
      term: v.picklist([3, 12, 16]),
      courses: v.array(zfCourse),
    }),
  ),
  async (c) => {
    const { pid, year, term, courses } = c.var.params;
    const row = { pid, year, term, courses: JSON.stringify(courses) };
    await c.var.db
      .insert(simJhCourses)
      .values(row)
      .onConflictDoUpdate({ target: [simJhCourses.pid, simJhCourses.year, simJhCourses.term], set: { courses: row.courses } });
    return c.json({ pid, year, term, courses });
  },
);

jhSimulator.get(
  "/courses",
  describe({ tags, summary: "The timetables set for a student, by term", responses: { 200: ["timetables"] } }),
  params(v.object({ pid: text(32) }), "GET"),
  async (c) => {
    const rows = await c.var.db.select().from(simJhCourses).where(eq(simJhCourses.pid, c.var.params.pid));
    return c.json({ timetables: rows.map((r) => ({ year: r.year, term: r.term, courses: JSON.parse(r.courses) })) });
  },
);

const studentParams = v.object({
  pid: v.pipe(text(32), v.regex(/^\d+$/, "a student number")),
  password: text(64),
  zf_password: v.optional(v.nullable(text(64))),
  email: v.optional(text(128)),
  type: v.optional(text(32), "学生"),
  name: v.optional(text(32), "测试学生"),
});
const studentReply = v.object({
  pid: v.string(),
  password: v.string(),
  zf_password: v.nullable(v.string()),
  email: v.string(),
  type: v.string(),
  name: v.string(),
});
const present = (s: typeof simJhStudents.$inferSelect) => ({
  pid: s.pid,
  password: s.password,
  zf_password: s.zfPassword,
  email: s.email,
  type: s.type,
  name: s.name,
});

jhSimulator.post(
  "/students",
  describe({
    tags,
    summary: "Add a student or change one's passwords (zf_password null: no 正方 account)",
    responses: { 200: ["the student", studentReply] },
  }),
  params(studentParams),
  async (c) => {
    const p = c.var.params;
    const row = {
      pid: p.pid,
      password: p.password,
      zfPassword: p.zf_password ?? null,
      email: p.email ?? `${p.pid}@zjut.edu.cn`,
      type: p.type,
      name: p.name,
    };
    const { pid: _pid, ...changes } = row;
    const [saved] = await c.var.db
      .insert(simJhStudents)
      .values(row)
      .onConflictDoUpdate({ target: simJhStudents.pid, set: changes })
      .returning();
    return c.json(present(saved));
  },
);

jhSimulator.get(
  "/students",
  describe({
    tags,
    summary: "The simulated students and their passwords",
    responses: { 200: ["students", v.object({ students: v.array(studentReply) })] },
  }),
  params(v.object({}), "GET"),
  async (c) => c.json({ students: (await c.var.db.select().from(simJhStudents).orderBy(asc(simJhStudents.pid))).map(present) }),
);

jhSimulator.post(
  "/faults",
  describe({
    tags,
    summary:
      "Make the next `count` calls to the passport or 正方 answer late (timeout, after delay_ms), fail with HTTP 500, answer garbage, send their headers and then trickle (trickle) or stream 32 MiB (huge)",
    responses: { 200: ["the fault"] },
  }),
  params(
    v.object({
      target: v.picklist(["passport", "zf"]),
      kind: v.picklist(JH_FAULTS),
      count: v.optional(int(0, 1000), 1),
      delay_ms: v.optional(int(0, 60_000), DEFAULT_DELAY_MS),
    }),
  ),
  async (c) => {
    const { target, kind, count, delay_ms: delayMs } = c.var.params;
    await c.var.db
      .insert(simJhFaults)
      .values({ target, kind, remaining: count, delayMs })
      .onConflictDoUpdate({ target: simJhFaults.target, set: { kind, remaining: count, delayMs } });
    return c.json({ target, kind, count, delay_ms: delayMs });
  },
);
