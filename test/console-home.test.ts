import { createScheduledController, env, SELF } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { consoleCron } from "../src/console/cron";
import { EXPECTED_MIGRATION } from "../src/console/health";
import { consoleCronRuns, consoleDaily } from "../src/db/schema/console";
import { jhUpstreamFailures } from "../src/db/schema/jh";
import { libraryAdvises, librarySignups } from "../src/db/schema/library";
import { reminders } from "../src/db/schema/reminders";
import { sportsAnomalies, sportsDevices, sportsOperations, sportsRentals } from "../src/db/schema/sports";
import { summerAudit, summerOrders, summerProjectResults, summerUserCourses } from "../src/db/schema/summer";
import worker from "../src/index";
import { dbOf } from "../src/platform/middleware";
import { ConsoleBrowser, operatorBrowser, visibleText } from "./console-helpers";
import { ADMIN, BASE, getJson } from "./helpers";
import { account, api, student, upstreamFault } from "./jh-helpers";
import { type Catalogue, type Staff, staffTeam } from "./summer-helpers";

const db = dbOf(env.DB);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Campus time is UTC+8 (wrangler.toml). */
const campusDay = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
const campusHour = (ms: number) => new Date(ms + 8 * HOUR).getUTCHours();

/** The number a count's link shows on the page (its label reads "<what>：<n>"). */
function shown(html: string, key: string): number | null {
  const m = new RegExp(`data-count="${key.replace(".", "\\.")}" aria-label="[^"]*：(\\d+)"`).exec(html);
  return m ? Number(m[1]) : null;
}

/** The values of a chart's table (folded under the chart), by row label, for one series column. */
function chartTable(html: string, id: string): Map<string, number[]> {
  const start = html.indexOf(`id="${id}-title"`);
  expect(start, `chart ${id}`).toBeGreaterThan(-1);
  const body = html.slice(start, html.indexOf("</tbody>", start));
  const rows = new Map<string, number[]>();
  for (const row of body.matchAll(/<tr><th scope="row">([^<]+)<\/th>((?:<td>\d+<\/td>)+)<\/tr>/g)) {
    rows.set(
      row[1],
      [...row[2].matchAll(/<td>(\d+)<\/td>/g)].map((cell) => Number(cell[1])),
    );
  }
  return rows;
}

let now: number;
let team: { admin: Staff; market: Staff; product: Staff; finance: Staff; cat: Catalogue };
const rentalTimes: number[] = [];

/**
 * The seeded data set, written straight into D1 with times around now:
 * sports: 4 cabinets (one online, one silent 2 h, one never polled, one retired and silent), 3 anomalies (2 in
 * the last 24 h), 1 operation in flight and 1 held, 5 rentals (2 overdue, 1 out and not due, 2 returned today);
 * reminders: 3 failed (1 dead-lettered), 1 rejected, 2 sent; library: 3 complaints (2 this week), 3 sign-ups;
 * summer: 2 orders waiting for confirmation, 1 confirmed (with its decision's audit record and a credit
 * transfer posted), 1 to pay, 1 course photo waiting.
 */
async function seed() {
  now = Date.now();
  await db.insert(sportsDevices).values([
    {
      id: "home-on",
      name: "在线柜",
      location: "东操场",
      slotCount: 4,
      secret: "s",
      secretRotatedAt: now,
      lastSeenAt: now - 5_000,
      createdAt: now,
    },
    {
      id: "home-quiet",
      name: "沉默柜",
      location: "北门",
      slotCount: 4,
      secret: "s",
      secretRotatedAt: now,
      lastSeenAt: now - 2 * HOUR,
      createdAt: now,
    },
    { id: "home-never", name: "新柜", location: "", slotCount: 4, secret: "s", secretRotatedAt: now, lastSeenAt: null, createdAt: now },
    {
      id: "home-retired",
      name: "旧柜",
      location: "",
      slotCount: 4,
      secret: "s",
      secretRotatedAt: now,
      lastSeenAt: now - 30 * DAY,
      retiredAt: now - DAY,
      createdAt: now - 60 * DAY,
    },
  ]);
  const anomaly = (id: string, at: number) => ({ id, deviceId: "home-quiet", kind: "wrong item", claimed: {}, expected: {}, at });
  await db.insert(sportsAnomalies).values([anomaly("a1", now - HOUR), anomaly("a2", now - 20 * HOUR), anomaly("a3", now - 3 * DAY)]);
  const op = { deviceId: "home-on", kind: "rent" as const, slot: 1, createdAt: now - 60_000, updatedAt: now, expiresAt: now + 60_000 };
  await db.insert(sportsOperations).values([
    { ...op, id: "op-pending", userId: "u1", state: "pending" },
    { ...op, id: "op-held", userId: "u2", state: "failed", holdUntil: now + 5 * 60_000 },
    { ...op, id: "op-done", userId: "u3", state: "succeeded" },
  ]);
  const rental = (id: string, startedAt: number, dueAt: number, returnedAt: number | null) => {
    rentalTimes.push(startedAt);
    return {
      id,
      userId: `u-${id}`,
      tag: `T-${id}`,
      itemName: "篮球",
      itemType: "篮球",
      deviceId: "home-on",
      rentOperationId: `op-${id}`,
      startedAt,
      dueAt,
      returnedAt,
    };
  };
  await db
    .insert(sportsRentals)
    .values([
      rental("r1", now - 2 * DAY, now - DAY, null),
      rental("r2", now - 3 * DAY, now - HOUR, null),
      rental("r3", now - HOUR, now + DAY, null),
      rental("r4", now - 3 * HOUR, now + DAY, now - 60_000),
      rental("r5", now - 3 * HOUR, now + DAY, now - 30_000),
    ]);
  const reminder = (n: number, state: "failed" | "rejected" | "sent", lastError: string | null = null) => ({
    surface: "sports",
    appid: "wx-sports-demo",
    openid: `home-${n}`,
    templateId: "t",
    data: {},
    sendAt: now - 10 * 60_000,
    state,
    lastError,
    createdAt: now - HOUR,
    updatedAt: now,
  });
  await db
    .insert(reminders)
    .values([
      reminder(1, "failed", "gave up after 7 attempts: -1: system error"),
      reminder(2, "failed", "dead-lettered after 7 attempts: -1: system error"),
      reminder(3, "failed", "outcome unknown"),
      reminder(4, "rejected", "43101: user refuse"),
      reminder(5, "sent"),
      reminder(6, "sent"),
    ]);
  const advise = (days: number) => ({ tel: "13800000000", contents: "太吵了", publishTime: now - days * DAY, createdAt: now - days * DAY });
  await db.insert(libraryAdvises).values([advise(1), advise(6), advise(10)]);
  await db
    .insert(librarySignups)
    .values([1, 2, 3].map((n) => ({ openid: `home-reader-${n}`, trainingId: 1, createdAt: now - n * 60_000 })));

  team = await staffTeam("home", "H");
  const order = (userId: number, status: "TO_CONFIRM" | "CONFIRMED" | "TO_PAY") => ({
    userId,
    projectId: team.cat.project,
    currency: "RMB" as const,
    payment: "BANK" as const,
    status,
    courseNum: 1,
    standardFee: 1000,
    payFee: 1000,
    createdAt: now - HOUR,
    updatedAt: now,
  });
  const [, , confirmed] = await db
    .insert(summerOrders)
    .values([order(9001, "TO_CONFIRM"), order(9002, "TO_CONFIRM"), order(9003, "CONFIRMED"), order(9004, "TO_PAY")])
    .returning({ id: summerOrders.id });
  await db.insert(summerAudit).values({
    staffId: team.finance.id,
    action: "decide",
    entity: "order",
    entityId: String(confirmed.id),
    before: { status: "TO_CONFIRM" },
    after: { status: "CONFIRMED" },
    createdAt: now - 30 * 60_000,
  });
  await db.insert(summerUserCourses).values({
    userId: 9003,
    orderId: confirmed.id,
    projectId: team.cat.project,
    courseId: team.cat.courses[0],
    status: "TO_CONFIRM",
    createdAt: now,
    updatedAt: now,
  });
  await db
    .insert(summerProjectResults)
    .values({ userId: 9003, projectId: team.cat.project, status: "POSTED", createdAt: now, updatedAt: now });
}

/** The every-minute cron, as Cloudflare runs it: the reminder scan, then the console's record and rollup. */
const cron = () => worker.scheduled(createScheduledController({ cron: "* * * * *" }), env);

async function staffBrowser(who: Staff) {
  const browser = new ConsoleBrowser();
  const res = await browser.signIn(who.username, "secret-pass", "summer");
  if (res.status !== 303) throw new Error(`sign-in: ${res.status} ${visibleText(res.html).slice(0, 200)}`);
  return browser;
}

beforeAll(async () => {
  await seed();
  await cron();
});

describe("the console's first page", () => {
  it("shows a sports operator the sports office's numbers, lists and charts, and nothing of the others", async () => {
    const browser = await operatorBrowser("home.sports", ["sports"]);
    const page = await browser.get("/console");
    expect(page.status).toBe(200);
    expect(shown(page.html, "sports.offline")).toBe(2);
    expect(shown(page.html, "sports.anomalies")).toBe(2);
    expect(shown(page.html, "sports.pending")).toBe(1);
    expect(shown(page.html, "sports.held")).toBe(1);
    expect(shown(page.html, "sports.overdue")).toBe(2);
    expect(page.html).toContain('href="/console/sports/rentals?state=overdue"');
    const text = visibleText(page.html);
    // The silent cabinets, longest silent first, and for how long; not the retired one nor the online one.
    expect(text).toMatch(/新柜（home-never） — 从未上线 沉默柜（home-quiet） 北门 2 小时（最近轮询/);
    expect(text).not.toContain("home-retired");
    expect(text).not.toContain("在线柜（home-on）");
    expect(text).toContain("借出 · 槽位 1 home-on");
    expect(text).toContain("等待柜机回报");
    expect(text).toContain("超时未确认，占用至");

    // The "now" part refreshes itself as the cabinets page does.
    expect(page.html).toContain('<div id="home-now" data-live="15">');

    // Charts as SVG with their titles, and the numbers as a table.
    expect(page.html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="chart-rentals-svg-title chart-rentals-desc"/);
    expect(page.html).toContain('<title id="chart-rentals-svg-title">每天的借出与归还</title>');
    expect(page.html).toContain('<title id="chart-hours-svg-title">借出最多的时段</title>');
    const daily = chartTable(page.html, "chart-rentals");
    expect(daily.size).toBe(30);
    const byDay = new Map<string, number>();
    for (const t of rentalTimes) byDay.set(campusDay(t), (byDay.get(campusDay(t)) ?? 0) + 1);
    for (const [day, n] of byDay) expect(daily.get(day)?.[0], day).toBe(n);
    expect(daily.get(campusDay(now))?.[1]).toBe(2);
    const hours = chartTable(page.html, "chart-hours");
    const byHour = new Map<number, number>();
    for (const t of rentalTimes) byHour.set(campusHour(t), (byHour.get(campusHour(t)) ?? 0) + 1);
    for (const [h, n] of byHour) expect(hours.get(`${String(h).padStart(2, "0")}:00`)?.[0]).toBe(n);
    expect(text).toContain("近 30 天共借出 5 次，归还 2 次");

    for (const hidden of ["reminders.failed", "library.complaints", "summer.orders", "summer.photos"])
      expect(shown(page.html, hidden)).toBeNull();
    for (const chart of ["chart-reminders", "chart-orders", "chart-signups"]) expect(page.html).not.toContain(chart);
    expect(text).not.toContain("运行状况");
  });

  it("shows the reminders' operators their failures and the health of the worker, D1, the cron and the queue", async () => {
    const browser = await operatorBrowser("home.reminders", ["reminders", "operators"]);
    // The backlog: one reminder queued, one due and not yet claimed (written after the cron ran).
    const base = { surface: "library", appid: "wx-library-demo", templateId: "t", data: {}, createdAt: now, updatedAt: now };
    await db.insert(reminders).values([
      { ...base, openid: "home-q", sendAt: Date.now() - 1000, state: "queued", leaseUntil: Date.now() + 600_000 },
      { ...base, openid: "home-d", sendAt: Date.now() - 1000, state: "pending" },
    ]);
    const page = await browser.get("/console");
    expect(page.status).toBe(200);
    expect(shown(page.html, "reminders.failed")).toBe(3);
    expect(shown(page.html, "reminders.dead")).toBe(1);
    expect(shown(page.html, "reminders.rejected")).toBe(1);
    expect(page.html).toContain('href="/console/reminders?state=failed"');
    const text = visibleText(page.html);
    expect(text).toContain("运行状况");
    expect(text).toMatch(/程序版本 \d+\.\d+\.\d+/);
    expect(text).toMatch(/数据库 D1 正常 本页查询用时 \d+ 毫秒/);
    expect(text).toContain(`数据库迁移 ${EXPECTED_MIGRATION} 已是最新`);
    expect(text).toMatch(/定时任务（每分钟） 上次运行 \S+ \S+（\d+ (秒|分钟)前，用时 \d+ 毫秒）：认领 0 条，入队 0 条/);
    expect(text).not.toContain("定时任务可能没有运行");
    expect(text).toContain("队列积压 已入队待发送 1 条，已到期未入队 1 条");

    const outcomes = chartTable(page.html, "chart-reminders").get(campusDay(now - 10 * 60_000));
    expect(outcomes).toEqual([2, 1, 3]);
    expect(page.html).toContain('<title id="chart-reminders-svg-title">每天的提醒发送结果</title>');
    for (const hidden of ["sports.overdue", "library.complaints", "summer.orders"]) expect(shown(page.html, hidden)).toBeNull();
  });

  it("shows a library operator the week's complaints and the sign-ups per day", async () => {
    const browser = await operatorBrowser("home.library", ["library"]);
    const page = await browser.get("/console");
    expect(shown(page.html, "library.complaints")).toBe(2);
    expect(page.html).toContain('href="/console/library/complaints"');
    const signups = chartTable(page.html, "chart-signups");
    expect([...signups.values()].reduce((n, [v]) => n + v, 0)).toBe(3);
    for (const hidden of ["sports.overdue", "reminders.failed", "summer.orders"]) expect(shown(page.html, hidden)).toBeNull();
    expect(visibleText(page.html)).not.toContain("运行状况");
  });

  it("shows summer staff what their role covers: FINANCE the orders, PRODUCT the photos and transfers, MARKET none", async () => {
    const finance = await (await staffBrowser(team.finance)).get("/console");
    expect(finance.status).toBe(200);
    expect(shown(finance.html, "summer.orders")).toBe(2);
    expect(finance.html).toContain('href="/console/summer/orders?status=TO_CONFIRM"');
    const orders = chartTable(finance.html, "chart-orders").get(campusDay(now - HOUR));
    expect(orders).toEqual([4, campusDay(now - 30 * 60_000) === campusDay(now - HOUR) ? 1 : 0]);
    for (const hidden of ["summer.photos", "summer.posted", "sports.overdue", "reminders.failed", "library.complaints"]) {
      expect(shown(finance.html, hidden), hidden).toBeNull();
    }
    expect(finance.html).not.toContain("chart-rentals");

    const product = await (await staffBrowser(team.product)).get("/console");
    expect(shown(product.html, "summer.photos")).toBe(1);
    expect(shown(product.html, "summer.posted")).toBe(1);
    expect(shown(product.html, "summer.received")).toBe(0);
    expect(shown(product.html, "summer.orders")).toBeNull();
    expect(product.html).not.toContain("chart-orders");

    const market = await (await staffBrowser(team.market)).get("/console");
    expect(market.status).toBe(200);
    expect(visibleText(market.html)).not.toContain("需要处理");
    expect(market.html).toContain("管理入口");
  });

  it("shows the 精弘 operators the passport's and 正方's failures of the last hour, what kind each was, and keeps them a day", async () => {
    // Written before: one failure 90 minutes ago (outside the hour), one two days ago (for the housekeeping to drop).
    await db.insert(jhUpstreamFailures).values([
      { system: "zf", kind: "down", detail: "HTTP 502", at: Date.now() - 90 * 60_000 },
      { system: "passport", kind: "timeout", detail: "两天前", at: Date.now() - 2 * DAY },
    ]);
    await student("201806069901", "home-pw", "home-zf");
    const me = await account("home-jh");
    const bindJh = () => api("bind", { credit: me.credit, bindname: "jh", pid: "201806069901", password: "home-pw" });
    // The simulators' faults: the passport answers late (the tests' timeout is 400 ms), then HTTP 500; 正方
    // answers garbage to a bind, then late to a timetable nothing is cached for.
    await upstreamFault("passport", "timeout", 1, 1500);
    expect((await bindJh()).body.msg).toBe("精弘用户中心服务器响应超时,请稍后再试");
    await upstreamFault("passport", "http500");
    expect((await bindJh()).body.msg).toBe("精弘用户中心服务器暂时无法访问,请稍后再试");
    expect((await bindJh()).body.msg).toBe("绑定精弘账号成功");
    await upstreamFault("zf", "garbage");
    expect((await api("bind", { credit: me.credit, bindname: "zfedu", password: "home-zf" })).body.msg).toBe(
      "正方教务服务器暂时无法访问,请稍后再试",
    );
    expect((await api("bind", { credit: me.credit, bindname: "zfedu", password: "home-zf" })).body.code).toBe(200);
    await upstreamFault("zf", "timeout", 1, 1500);
    expect((await api("course", { credit: me.credit, year: "2026", term: "16" })).body.msg).toBe("正方教务服务器响应超时,请稍后再试");

    const browser = await operatorBrowser("home.jh", ["jh"]);
    // Each failure is written after its answer was sent.
    const page = await vi.waitFor(
      async () => {
        const p = await browser.get("/console");
        expect([shown(p.html, "jh.passport"), shown(p.html, "jh.zf")]).toEqual([2, 2]);
        return p;
      },
      { timeout: 5000, interval: 100 },
    );
    expect(page.html).toContain('href="#jh-failures"');
    const text = visibleText(page.html);
    expect(text).toContain("精弘账号");
    // The latest first: 正方's timeout, its garbage, the passport's HTTP 500, its timeout; not the one 90 minutes ago.
    expect(text).toMatch(
      /最近的上游调用失败 时间 上游 失败类型 说明 .*正方教务 超时 400 毫秒内未答完 .*正方教务 回复无法识别 回复不是 JSON .*精弘用户中心 连接失败或出错 HTTP 500 .*精弘用户中心 超时 400 毫秒内未答完/,
    );
    expect(text).not.toContain("HTTP 502");
    for (const hidden of ["sports.overdue", "reminders.failed", "library.complaints", "summer.orders"]) {
      expect(shown(page.html, hidden), hidden).toBeNull();
    }
    // Nobody else sees them.
    const sportsPage = await (await operatorBrowser("home.nojh", ["sports", "library"])).get("/console");
    expect(shown(sportsPage.html, "jh.passport")).toBeNull();
    expect(sportsPage.html).not.toContain("最近的上游调用失败");

    // The every-minute housekeeping drops what is older than a day, and only that.
    await cron();
    const kept = await db.select({ detail: jhUpstreamFailures.detail }).from(jhUpstreamFailures);
    expect(kept.map((r) => r.detail).sort()).toEqual(["400 毫秒内未答完", "400 毫秒内未答完", "HTTP 500", "HTTP 502", "回复不是 JSON"]);
  });

  it("follows a change of scope at once: the part comes and goes with it", async () => {
    const browser = await operatorBrowser("home.scope", ["library"]);
    expect(shown((await browser.get("/console")).html, "sports.overdue")).toBeNull();
    const listed = (await getJson("/admin/operators?limit=100", ADMIN)).body.operators.find(
      (o: { username: string }) => o.username === "home.scope",
    );
    const res = await SELF.fetch(`${BASE}/admin/operators/${listed.id}`, {
      method: "PATCH",
      headers: { ...ADMIN, "content-type": "application/json" },
      body: JSON.stringify({ scopes: ["sports"] }),
    });
    expect(res.status).toBe(200);
    const page = await browser.get("/console");
    expect(shown(page.html, "sports.overdue")).toBe(2);
    expect(shown(page.html, "library.complaints")).toBeNull();
  });
});

describe("the rollup behind the charts", () => {
  const rolled = async (series: string, day: string, hour = -1) =>
    (await db.select().from(consoleDaily).where(eq(consoleDaily.series, series))).find((r) => r.day === day && r.hour === hour)?.value ?? 0;

  it("counts each added row once, even when runs overlap", async () => {
    const today = campusDay(now);
    const before = await rolled("library.signups", today);
    await db.insert(librarySignups).values([4, 5].map((n) => ({ openid: `home-reader-${n}`, trainingId: 2, createdAt: Date.now() })));
    const settled = {
      status: "fulfilled" as const,
      value: {
        claimed: 0,
        requeued: 0,
        enqueued: 0,
        abandoned: 0,
        statements: 0,
        batches: 0,
        rowsRead: 0,
        rowsWritten: 0,
        ms: 0,
        more: false,
      },
    };
    await Promise.all([
      consoleCron(env, settled, Date.now()),
      consoleCron(env, settled, Date.now()),
      consoleCron(env, settled, Date.now()),
    ]);
    expect(await rolled("library.signups", campusDay(Date.now()))).toBe(campusDay(Date.now()) === today ? before + 2 : 2);
  });

  it("recounts reminder outcomes: a failed reminder retried and sent moves from one count to the other", async () => {
    const day = campusDay(now - 10 * 60_000);
    expect([await rolled("reminders.failed", day), await rolled("reminders.sent", day)]).toEqual([3, 2]);
    await db.update(reminders).set({ state: "sent" }).where(eq(reminders.openid, "home-1"));
    await cron();
    expect([await rolled("reminders.failed", day), await rolled("reminders.sent", day)]).toEqual([2, 3]);
  });

  it("records each cron run, with the last one that enqueued something", async () => {
    const due = { surface: "sports", appid: "wx-sports-demo", templateId: "t", data: {}, createdAt: now, updatedAt: now };
    await db.insert(reminders).values({ ...due, openid: "home-cron", sendAt: Date.now() - 1000 });
    const claimedBefore = (await db.select({ id: reminders.id }).from(reminders).where(eq(reminders.state, "pending"))).length;
    await cron();
    const [first] = await db.select().from(consoleCronRuns).where(eq(consoleCronRuns.job, "reminders"));
    expect(first).toMatchObject({ claimed: claimedBefore, enqueued: claimedBefore, error: null, more: false, lastEnqueued: claimedBefore });
    expect(first.lastEnqueuedAt).toBe(first.startedAt);
    await cron();
    const [second] = await db.select().from(consoleCronRuns).where(eq(consoleCronRuns.job, "reminders"));
    expect(second).toMatchObject({ claimed: 0, enqueued: 0, lastEnqueued: claimedBefore, lastEnqueuedAt: first.startedAt });
    expect(second.startedAt).toBeGreaterThanOrEqual(first.startedAt);
  });
});
