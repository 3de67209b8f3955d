import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ADMIN } from "./helpers";
import { lib, login } from "./library-helpers";

const local = (ms: number) => {
  const d = new Date(ms + 8 * 3_600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 19)}`;
};
const day = (offsetDays: number) => local(Date.now() + offsetDays * 86_400_000).slice(0, 10);

async function training(startInMs: number, title = "毕业论文写作与文献管理：从选题到答辩的完整流程") {
  const start = Date.now() + startInMs;
  const res = await SELF.fetch("http://campus.test/admin/library/trainings", {
    method: "POST",
    headers: { ...ADMIN, "content-type": "application/json" },
    body: JSON.stringify({
      type: "B",
      title,
      content: "…",
      place: "文理分馆 201 教室",
      startTime: local(start),
      endTime: local(start + 3_600_000),
    }),
  });
  return ((await res.json()) as { id: number }).id;
}

async function remindersOf(openid: string) {
  const { results } = await env.DB.prepare("SELECT * FROM reminders WHERE surface = 'library' AND openid = ? ORDER BY id")
    .bind(openid)
    .all();
  return results.map((r: any) => ({ ...r, data: JSON.parse(r.data) }));
}

describe("library reminders", () => {
  it("schedules a training reminder an hour before the start, with thing values cut to 20 characters", async () => {
    const session = await login("lib-rem-1");
    const id = await training(2 * 86_400_000);
    const { body } = await lib("/training/add_training_reminder", {
      session,
      trainId: id,
      formId: "the formId",
      page: "pages/training/detail?id=1",
      remindText: "记得带上笔记本电脑和学生证，提前十分钟到场",
    });
    expect(body).toEqual({ status: 0, session: expect.any(String) });
    const [r] = await remindersOf("lib-rem-1");
    expect(r).toMatchObject({
      template_id: "library-training-demo-template",
      appid: "wx-library-demo",
      page: "pages/training/detail?id=1",
      state: "pending",
    });
    for (const [key, { value }] of Object.entries(r.data as Record<string, { value: string }>))
      if (key.startsWith("thing")) expect([...value].length).toBeLessThanOrEqual(20);
    expect(r.data.thing1.value).toBe("毕业论文写作与文献管理：从选题到答辩的完");
    expect(r.data.time2.value).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const start = (await env.DB.prepare("SELECT start_time FROM library_trainings WHERE id = ?").bind(id).first())!.start_time as number;
    expect(r.send_at).toBe(start - 3_600_000);
    // Signing up twice keeps one reminder.
    await lib("/training/add_training_reminder", { session, trainId: id });
    expect(await remindersOf("lib-rem-1")).toHaveLength(1);
  });

  it("concurrent sign-ups for the same training keep one sign-up and one reminder", async () => {
    const session = await login("lib-rem-race");
    const id = await training(86_400_000);
    const replies = await Promise.all(
      [1, 2, 3].map(() => lib("/training/add_training_reminder", { session, trainId: id }).then((r) => r.body.status)),
    );
    expect(replies).toEqual([0, 0, 0]);
    expect(await remindersOf("lib-rem-race")).toHaveLength(1);
    expect((await lib("/training", { session })).body.count).toBe(1);
  });

  it("accepts only trainings within 7 days", async () => {
    const session = await login("lib-rem-2");
    const far = await training(8 * 86_400_000);
    const past = await training(-3_600_000);
    expect((await lib("/training/add_training_reminder", { session, trainId: far })).body).toMatchObject({
      status: 6,
      err_msg: "OUT_OF_RANGE",
      detail: "只接受7天内的提醒",
    });
    expect((await lib("/training/add_training_reminder", { session, trainId: past })).body).toMatchObject({
      status: 6,
      err_msg: "OUT_OF_RANGE",
    });
    expect((await lib("/training/add_training_reminder", { session, trainId: 99999 })).body).toMatchObject({
      status: 6,
      err_msg: "TRAINING_NOT_FOUND",
    });
    expect((await lib("/training/add_training_reminder", { session })).body).toMatchObject({ status: 4, err_msg: "PARAM_trainId_MISS" });
    expect(await remindersOf("lib-rem-2")).toEqual([]);
  });

  it("cancels the user's own sign-up, and a new sign-up schedules again", async () => {
    const session = await login("lib-rem-3");
    const id = await training(3 * 86_400_000);
    await lib("/training/add_training_reminder", { session, trainId: id });
    expect((await lib("/training/cancel_training_reminder", { session, trainId: id })).body).toEqual({
      status: 0,
      session: expect.any(String),
    });
    expect((await remindersOf("lib-rem-3")).map((r) => r.state)).toEqual(["cancelled"]);
    expect((await lib("/training/cancel_training_reminder", { session, trainId: id })).body).toMatchObject({
      status: 6,
      err_msg: "NOT_SIGNED_UP",
    });
    await lib("/training/add_training_reminder", { session, trainId: id });
    expect((await remindersOf("lib-rem-3")).map((r) => r.state)).toEqual(["cancelled", "pending"]);
  });

  it("one user's session cannot cancel another's reminder", async () => {
    const alice = await login("lib-rem-alice");
    const bob = await login("lib-rem-bob");
    const id = await training(86_400_000);
    await lib("/training/add_training_reminder", { session: alice, trainId: id });
    expect((await lib("/training/cancel_training_reminder", { session: bob, trainId: id })).body).toMatchObject({
      status: 6,
      err_msg: "NOT_SIGNED_UP",
    });
    expect((await remindersOf("lib-rem-alice")).map((r) => r.state)).toEqual(["pending"]);
    expect((await lib("/training", { session: bob })).body.count).toBe(0);
  });

  it("schedules a book due reminder at 09:00 the day before, only within 7 days", async () => {
    const session = await login("lib-rem-4");
    const params = { session, formId: "f", page: "pages/borrow/index", bookName: "深入理解计算机系统（原书第3版）", borrowTime: day(-25) };
    expect((await lib("/user/add_book_reminder", { ...params, expiredTime: day(5) })).body).toEqual({
      status: 0,
      session: expect.any(String),
    });
    const [r] = await remindersOf("lib-rem-4");
    expect(r).toMatchObject({ template_id: "library-book-due-demo-template", page: "pages/borrow/index", state: "pending" });
    expect(r.data).toEqual({
      thing1: { value: "深入理解计算机系统（原书第3版）" },
      date2: { value: day(-25) },
      date3: { value: day(5) },
      thing4: { value: "即将到期，请及时归还或续借" },
    });
    expect(local(r.send_at)).toBe(`${day(4)} 09:00:00`);
    // The same book and date twice: one reminder.
    await lib("/user/add_book_reminder", { ...params, expiredTime: day(5) });
    expect(await remindersOf("lib-rem-4")).toHaveLength(1);
    expect((await lib("/user/add_book_reminder", { ...params, expiredTime: day(8) })).body).toMatchObject({
      status: 6,
      err_msg: "OUT_OF_RANGE",
    });
    expect((await lib("/user/add_book_reminder", { ...params, expiredTime: day(-1) })).body).toMatchObject({
      status: 6,
      err_msg: "OUT_OF_RANGE",
    });
    expect((await lib("/user/add_book_reminder", { ...params, expiredTime: "2026/12/01" })).body).toMatchObject({
      status: 4,
      err_msg: "PARAM_expiredTime_INVALID",
    });
    expect((await lib("/user/add_book_reminder", { ...params, expiredTime: "2026-02-30" })).body).toMatchObject({
      status: 4,
      err_msg: "PARAM_expiredTime_INVALID",
    });
    expect((await lib("/user/add_book_reminder", { ...params, borrowTime: day(6), expiredTime: day(5) })).body).toMatchObject({
      status: 4,
      err_msg: "PARAM_borrowTime_INVALID",
    });
    const { bookName: _b, ...noBook } = params;
    expect((await lib("/user/add_book_reminder", { ...noBook, expiredTime: day(3) })).body).toMatchObject({
      status: 4,
      err_msg: "PARAM_bookName_MISS",
    });
    // Due today: 09:00 yesterday has passed, so it goes out now.
    await lib("/user/add_book_reminder", { ...params, bookName: "明天到期", expiredTime: day(0) });
    const today = (await remindersOf("lib-rem-4")).find((x) => x.data.thing1.value === "明天到期")!;
    expect(today.send_at).toBeLessThanOrEqual(Date.now());
  });
});
