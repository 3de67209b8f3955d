import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BASE, getJson, simJson } from "./helpers";
import { account, admin, api, student, upstreamFault } from "./jh-helpers";

/**
 * /api/course as the clients call it: `credit, year, term` form-encoded (MyDay_Android's NetUtil.post with
 * HttpURLConnection's default form type; tty.com's API table names it too). Each course carries the original's
 * CourseUni fields: name, college, type, teacher, campus, location, weekrange, dayofweek, timerange (strings),
 * classscore, classhour (numbers).
 */
const FIELDS = [
  "name",
  "college",
  "type",
  "teacher",
  "campus",
  "location",
  "weekrange",
  "dayofweek",
  "timerange",
  "classscore",
  "classhour",
];
const refused = (msg: string, code = 403) => ({ code, msg, data: null });

const zf = (kcmc: string, xqj: string, jcor: string, zcd = "1-16周", extra: Record<string, unknown> = {}) => ({
  kcmc,
  xm: `${kcmc}老师`,
  xqmc: "屏峰校区",
  cdmc: "广A101",
  khfsmc: "考试",
  xqj,
  jcor,
  zcd,
  collage: "理学院",
  classscore: 3,
  classhuor: 48,
  classinfo: `${kcmc}-01`,
  ...extra,
});

async function setTimetable(pid: string, year: number, term: number, courses: unknown[]) {
  const res = await simJson("/jh/courses", { pid, year, term, courses });
  expect(res.status).toBe(200);
}

/** An account bound to a simulated student's passport and 正方. */
async function boundStudent(pid: string, nickname: string) {
  await student(pid, `jh-${pid}`, `zf-${pid}`);
  const me = await account(nickname);
  expect((await api("bind", { credit: me.credit, bindname: "jh", pid, password: `jh-${pid}` })).body.code).toBe(200);
  expect((await api("bind", { credit: me.credit, bindname: "zfedu", password: `zf-${pid}` })).body.code).toBe(200);
  return me;
}

const upstreamCalls = async () => (await simJson("/requests")).body.count as number;

/** Makes the cached timetables of a user older than the refresh window. */
async function age(username: string, hours: number) {
  await env.DB.prepare(
    "UPDATE jh_course_cache SET fetched_at = fetched_at - ? WHERE user_id = (SELECT id FROM jh_users WHERE username = ?)",
  )
    .bind(hours * 3_600_000, username)
    .run();
}

/** What the Android client does: NetUtil.post (HTTP 200 or a network failure), then org.json's getters. */
async function androidCourses(credit: string, year: number, term: number) {
  const res = await SELF.fetch(`${BASE}/jh/api/course`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `credit=${credit}&year=${year}&term=${term}`,
  });
  expect(res.status).toBe(200);
  return (await res.json()) as any;
}

function expectCourseShape(course: any) {
  expect(Object.keys(course)).toEqual(FIELDS);
  for (const key of FIELDS.slice(0, 9)) expect(typeof course[key], key).toBe("string");
  expect(typeof course.classscore).toBe("number");
  expect(typeof course.classhour).toBe("number");
}

describe("the timetable", () => {
  it("reads the student's courses from 正方 in the original's fields", async () => {
    const me = await boundStudent("202206060001", "course-reader");
    await setTimetable("202206060001", 2026, 3, [
      zf("数据结构", "1", "1-2"),
      zf("大学物理", "3", "6-8", "2-17周", { classscore: 2.5, classhuor: 40, xqmc: "朝晖校区" }),
    ]);
    const body = await androidCourses(me.credit, 2026, 3);
    expect(body.code).toBe(200);
    expect(body.msg).toBe("获取课表成功");
    for (const course of body.data) expectCourseShape(course);
    expect(body.data).toEqual([
      {
        name: "数据结构",
        college: "理学院",
        type: "考试",
        teacher: "数据结构老师",
        campus: "屏峰校区",
        location: "广A101",
        weekrange: "1-16",
        dayofweek: "1",
        timerange: "1-2",
        classscore: 3,
        classhour: 48,
      },
      {
        name: "大学物理",
        college: "理学院",
        type: "考试",
        teacher: "大学物理老师",
        campus: "朝晖校区",
        location: "广A101",
        weekrange: "2-17",
        dayofweek: "3",
        timerange: "6-8",
        classscore: 2.5,
        classhour: 40,
      },
    ]);
  });

  it("takes the current term of the calendar when year and term are left out", async () => {
    const me = await boundStudent("202206060002", "course-now");
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const { body } = await admin("/terms", {}, "GET");
    for (const t of body.terms) await admin(`/terms/${t.year}/${t.term}`, {}, "DELETE");
    expect((await admin("/terms", { year: 2031, term: 12, begin: today, end: "2099-12-31" })).status).toBe(200);
    await setTimetable("202206060002", 2031, 12, [zf("毕业设计", "2", "1-4")]);
    const res = await api("course", { credit: me.credit });
    expect(res.body.code).toBe(200);
    expect(res.body.data.map((c: any) => c.name)).toEqual(["毕业设计"]);
  });

  it("answers from the cache within six hours, reads 正方 again after, and falls back to the cache when 正方 is down", async () => {
    const me = await boundStudent("202206060003", "course-cache");
    await setTimetable("202206060003", 2026, 12, [zf("线性代数", "4", "3-4")]);
    const first = await api("course", { credit: me.credit, year: "2026", term: "12" });
    expect(first.body.data.map((c: any) => c.name)).toEqual(["线性代数"]);

    await setTimetable("202206060003", 2026, 12, [zf("线性代数", "4", "3-4"), zf("离散数学", "5", "1-2")]);
    const calls = await upstreamCalls();
    const cached = await api("course", { credit: me.credit, year: "2026", term: "12" });
    expect(cached.body).toEqual(first.body);
    expect(await upstreamCalls()).toBe(calls);

    await age(me.username, 7);
    const refreshed = await api("course", { credit: me.credit, year: "2026", term: "12" });
    expect(refreshed.body.data.map((c: any) => c.name)).toEqual(["线性代数", "离散数学"]);
    expect(await upstreamCalls()).toBe(calls + 1);

    for (const kind of ["timeout", "http500", "garbage"] as const) {
      await age(me.username, 7);
      await upstreamFault("zf", kind, 1, 1500);
      const fallback = await api("course", { credit: me.credit, year: "2026", term: "12" });
      expect(fallback.body, kind).toEqual(refreshed.body);
    }
    // Nothing cached for that term: 正方's failure is the answer.
    await upstreamFault("zf", "timeout", 1, 1500);
    expect((await api("course", { credit: me.credit, year: "2026", term: "16" })).body).toEqual(
      refused("正方教务服务器响应超时,请稍后再试"),
    );
    await upstreamFault("zf", "http500");
    expect((await api("course", { credit: me.credit, year: "2026", term: "16" })).body).toEqual(
      refused("正方教务服务器暂时无法访问,请稍后再试"),
    );
  });

  it("does not believe a timetable that is not one", async () => {
    const me = await boundStudent("202206060004", "course-odd");
    await setTimetable("202206060004", 2026, 3, [zf("<script>", "9", "99-100", "第1周", { classscore: -3, classhuor: 1e9 })]);
    const { body } = await api("course", { credit: me.credit, year: "2026", term: "3" });
    expect(body.data).toEqual([expect.objectContaining({ name: "<script>", weekrange: "第1", classscore: 0, classhour: 0 })]);
    await upstreamFault("zf", "huge");
    expect((await api("course", { credit: me.credit, year: "2026", term: "12" })).body).toEqual(
      refused("正方教务服务器暂时无法访问,请稍后再试"),
    );
  });

  it("asks to bind again when 正方 refuses the stored password", async () => {
    const me = await boundStudent("202206060005", "course-rebind");
    expect((await api("course", { credit: me.credit, year: "2026", term: "3" })).body.code).toBe(200);
    await student("202206060005", "jh-202206060005", "a-new-zf-password");
    await age(me.username, 7);
    expect((await api("course", { credit: me.credit, year: "2026", term: "3" })).body).toEqual(refused("请重新绑定正方"));
    const bind = (await api("getinfo", { credit: me.credit, type: "bind" })).body.data;
    expect(bind.find((b: any) => b.bindname === "zfedu").state).toBe(1);
    expect((await api("course", { credit: me.credit, year: "2026", term: "3" })).body).toEqual(refused("请重新绑定正方"));
    expect((await api("bind", { credit: me.credit, bindname: "zfedu", password: "a-new-zf-password" })).body.code).toBe(200);
    expect((await api("course", { credit: me.credit, year: "2026", term: "3" })).body.code).toBe(200);
  });

  it("refuses with the original's messages", async () => {
    const nobody = await account("course-unbound");
    expect((await api("course", { credit: nobody.credit, year: "2026", term: "3" })).body).toEqual(refused("请重新绑定精弘账号"));
    await student("202206060006", "jh-only", null);
    expect((await api("bind", { credit: nobody.credit, bindname: "jh", pid: "202206060006", password: "jh-only" })).body.code).toBe(200);
    expect((await api("course", { credit: nobody.credit, year: "2026", term: "3" })).body).toEqual(refused("你还没有绑定正方"));
    expect((await api("course", { credit: "0".repeat(32), year: "2026", term: "3" })).body).toEqual(refused("自动登录失败，请重新登录"));
    expect((await api("course", { credit: "", year: "2026", term: "3" })).body).toEqual(refused("自动登录失败，请重新登录"));
    expect((await api("course", { year: "2026", term: "3" })).body).toEqual(refused("无效的访问。", 400));
    for (const [year, term] of [
      ["2026", "5"],
      ["26", "3"],
      ["abcd", "3"],
    ]) {
      expect((await api("course", { credit: nobody.credit, year, term })).body, `${year}/${term}`).toEqual(refused("无效的访问。", 400));
    }
    expect((await api("course", { credit: nobody.credit, year: "2026" })).body).toEqual(refused("无效的访问。", 400));
    // A JSON client's numbers are held to the same patterns: no year or term outside them reaches 正方.
    for (const [year, term] of [
      [123456789, 3],
      [2026, 7.5],
      [2026.5, 3],
      [2026, 5],
    ]) {
      const res = await SELF.fetch(`${BASE}/jh/api/course`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ credit: nobody.credit, year, term }),
      });
      expect(await res.json(), `${year}/${term}`).toEqual(refused("无效的访问。", 400));
    }
    const get = await getJson("/jh/api/course?credit=x&year=2026&term=3");
    expect(get.body).toEqual(refused("Get方法已禁止。", 405));
  });
});
