import { createScheduledController, env, SELF } from "cloudflare:test";
import { desc, eq, getTableName, is } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as schema from "../src/db/schema";
import worker from "../src/index";
import { scheduleReminder } from "../src/platform/reminders";
import { consumerOptions, scanOptions } from "../src/reminders/config";
import { scanDue } from "../src/reminders/scan";
import { deliver as deliverOne } from "../src/reminders/send";
import { operatorBrowser } from "./console-helpers";
import { type D1Recorder, type RecordedStatement, recordD1 } from "./d1-recorder";
import { ADMIN, BASE, getJson, injectFault, postForm, postJson, sentMessages, wxCode } from "./helpers";
import { account, api, md5, student, upstreamFault } from "./jh-helpers";
import { jsencrypt, lib, libraryPublicKey, login, patron } from "./library-helpers";
import { captureQueue, deliver, deliverDeadLetters, openidFor } from "./reminders-helpers";
import { latest, onlineCabinet, poll, q, rentAndTake, report, revert, signup, uniq } from "./sports-helpers";

/**
 * The query plan of every statement the code really runs. Each test drives a
 * surface through its routes (and the reminder pipeline through its cron and
 * queue handlers) with D1 recorded, then asks SQLite for the plan of each
 * distinct statement, with the values it ran with. A full scan (`SCAN <table>`
 * without an index) of a hot table fails the test.
 *
 * Each test also asks for a floor of distinct statements, so a test that
 * silently stops driving its surface fails too (when written: 002 ran 11,
 * the library 33, sports 44 and the reminder pipeline 22).
 */

/**
 * Tables that grow with users and use: never read in full on a request, report
 * or cron run. Every table of the product is one; the simulators' `sim_*`
 * tables stand in for WeChat and Aleph and are not checked.
 */
const HOT = /^(sessions|service_users|reminders|library_.+|sports_.+|jh_.+)$/;

/** Hot tables by every name a plan may show: the SQL name, and the schema key drizzle's relational queries alias it as. */
const GUARDED = new Set(
  Object.entries(schema).flatMap(([key, value]) => {
    if (!is(value, SQLiteTable)) return [];
    const name = getTableName(value);
    return HOT.test(name) ? [name, key] : [];
  }),
);

/** Statements of the simulators (WeChat, Aleph) the tests run against: not production statements. */
const isSimulator = (s: RecordedStatement) => /\bsim_\w+/.test(s.sql);

async function planOf({ sql, params }: RecordedStatement): Promise<string[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return results.map((r) => r.detail);
}

/**
 * A page of a whole table in its key order (`SELECT … FROM t ORDER BY id DESC
 * LIMIT ?`, no filter, no sort): the plan says `SCAN t`, but the walk stops
 * once the page is read, whatever the table's size.
 */
const pagesInKeyOrder = (sql: string, plan: string[]) =>
  /^select [^()]* from "\w+" order by [^()]* limit \?(?: offset \?)?$/i.test(sql) && !plan.some((line) => line.includes("TEMP B-TREE"));

/** The plan lines that read a guarded table in full. */
function fullScans(plan: string[], sql = ""): string[] {
  if (pagesInKeyOrder(sql, plan)) return [];
  return plan.filter((line) => {
    const m = /^SCAN (\S+)(.*)$/.exec(line);
    return m !== null && GUARDED.has(m[1]) && !/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(m[2]);
  });
}

let recorder: D1Recorder | null = null;

/** Runs `drive` with D1 recorded and returns the distinct production statements it ran. */
async function record(drive: () => Promise<unknown>): Promise<RecordedStatement[]> {
  recorder = recordD1(env.DB);
  try {
    await drive();
  } finally {
    recorder.stop();
  }
  const failed = recorder.calls.filter((c) => c.error);
  expect(failed.map((c) => ({ sql: c.statements.map((s) => s.sql), error: c.error }))).toEqual([]);
  return recorder.distinct().filter((s) => !isSimulator(s));
}

afterEach(() => {
  recorder?.stop();
  recorder = null;
});

/** Asserts that no statement reads a guarded table in full. */
async function expectNoFullScans(statements: RecordedStatement[]) {
  const found = [];

  for (const statement of statements) {
    const scans = fullScans(await planOf(statement), statement.sql);
    if (scans.length) found.push({ sql: statement.sql, scans });
  }
  expect(found).toEqual([]);
}

const local = (ms: number) => {
  const d = new Date(ms + 8 * 3_600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 19)}`;
};

async function libraryAdmin(method: string, path: string, body?: unknown) {
  const res = await SELF.fetch(`${BASE}/admin/library${path}`, {
    method,
    headers: { ...ADMIN, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function patchJson(path: string, json: unknown) {
  const res = await SELF.fetch(`${BASE}${path}`, {
    method: "PATCH",
    headers: { ...ADMIN, "content-type": "application/json" },
    body: JSON.stringify(json),
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe("query plans of the statements the code runs", () => {
  it("flags a full scan of a guarded table, also under drizzle's alias, and lets a page in key order pass", async () => {
    const db = drizzle(env.DB, { schema });
    const { reminders, serviceUsers, libraryAdvises } = schema;
    const statements = await record(async () => {
      await db.select({ id: reminders.id }).from(reminders).where(eq(reminders.page, "x"));
      await db.query.serviceUsers.findFirst({ where: eq(serviceUsers.phone, "13800000000") });
      await db.select({ id: serviceUsers.id }).from(serviceUsers).orderBy(desc(serviceUsers.id)).limit(10);
      await db.select({ id: reminders.id }).from(reminders).where(eq(reminders.page, "x")).orderBy(desc(reminders.id)).limit(10);
      await db.select({ id: libraryAdvises.id }).from(libraryAdvises).orderBy(libraryAdvises.contents).limit(10);
    });
    const scans = await Promise.all(statements.map(async (s) => fullScans(await planOf(s), s.sql)));
    expect(scans).toEqual([["SCAN reminders"], ["SCAN serviceUsers"], [], ["SCAN reminders"], ["SCAN library_advises"]]);
  });

  it("002: every endpoint, and the operators' list and revoke", async () => {
    const statements = await record(async () => {
      const handle = (await postForm("/service/user/getOpenid", { js_code: await wxCode("plan-002") })).body.data.openid;
      expect((await postForm("/service/user/loginByOpenid", { openid: handle })).body.code).toBe(-2);
      const profile = { openid: handle, phone: "13800000000", qq: "10001", cardno: "2026000001" };
      expect((await postForm("/service/user/login", profile)).body.code).toBe(0);
      expect((await postForm("/service/user/login", profile)).body.code).toBe(0);
      expect((await postForm("/service/user/loginByOpenid", { openid: handle })).body.code).toBe(0);
      expect((await postForm("/service/user/get", { openid: handle })).body.code).toBe(0);
      expect((await postForm("/service/user/update", { openid: handle, update: '{"qq":"10002"}' })).body.code).toBe(0);
      expect((await postForm("/service/user/addHistory", { openid: handle, hist: "art" })).body.code).toBe(0);
      expect((await postForm("/service/user/addHistory", { openid: handle, hist: "math" })).body.code).toBe(0);
      expect((await postForm("/service/user/getHistory", { openid: handle })).body.data).toEqual(["math", "art"]);
      expect((await postForm("/service/user/cleanHistory", { openid: handle })).body.code).toBe(0);
      expect((await getJson("/admin/service/users?limit=5", ADMIN)).status).toBe(200);
      expect((await postJson("/admin/service/users/revoke", { openid: "plan-002" }, ADMIN)).body).toEqual({ revoked: true });
      expect((await postForm("/service/user/get", { openid: handle })).body.code).toBe(-1);
    });
    expect(statements.length).toBeGreaterThanOrEqual(9);
    await expectNoFullScans(statements);
  });

  it("library: accounts, patron routes, notices, reminders and the operators' routes", async () => {
    const soon = Date.now() + 2 * 86_400_000;
    const statements = await record(async () => {
      expect((await libraryAdmin("POST", "/notices", { type: "N", title: "通知", content: "内容" })).status).toBe(201);
      const training = await libraryAdmin("POST", "/trainings", {
        type: "B",
        title: "论文写作",
        content: "…",
        place: "201",
        startTime: local(soon),
        endTime: local(soon + 3_600_000),
      });
      expect(training.status).toBe(201);
      const activity = await libraryAdmin("POST", "/activities", {
        title: "读书会",
        content: "…",
        startTime: local(soon),
        endTime: local(soon + 3_600_000),
      });
      expect(activity.status).toBe(201);
      expect((await patchJson(`/admin/library/activities/${activity.body.id}`, { title: "读书会（改期）" })).status).toBe(200);
      expect((await libraryAdmin("DELETE", `/activities/${activity.body.id}`)).status).toBe(200);

      const session = await login("plan-lib");
      expect((await lib("/user/vertify_session", { session })).body.status).toBe(0);
      const renewed = (await lib("/user/update_session", { code: await wxCode("plan-lib"), session })).body.session;
      expect((await lib("/user/bind_lib", { session: renewed, libId: "2016000031" })).body.status).toBe(0);
      expect((await lib("/user/game_check_session", { session: renewed })).body.status).toBe(0);
      expect((await lib("/user/unbind_lib", { session: renewed })).body.status).toBe(0);
      const p = patron(31);
      const libPsw = await jsencrypt(await libraryPublicKey(), p.password);
      const patronSession = (await lib("/libuser/login", { session: renewed, libId: p.borId, libPsw })).body.session;
      for (const path of ["bor_info", "hold_info", "loan_history", "fine_info", "visit_info"]) {
        expect((await lib(`/libuser/${path}`, { session: patronSession })).body.status).toBe(0);
      }
      const [loan] = (await lib("/libuser/borrow_info", { session: patronSession })).body.result;
      expect((await lib("/libuser/renew", { session: patronSession, bar_code: loan.bar_code })).body.status).toBe(0);
      expect((await lib("/libuser/update_email", { session: patronSession, email: "plan@campus.test" })).body.status).toBe(0);
      expect((await lib("/libuser/update_telephone", { session: patronSession, tel: "13900001111" })).body.status).toBe(0);
      const found = (await lib("/libuser/find", { session: patronSession, keyword: "计算机科学", code: "wrd" })).body;
      expect((await lib("/libuser/present", { session: patronSession, set_num: found.result.set_number })).body.status).toBe(0);
      expect((await lib("/libuser/book_detail", { session: patronSession, doc_num: "1" })).body.status).toBe(0);
      expect((await lib("/libuser/bor_rank", { session: patronSession, lang: "ALL", category: "ALL", time: "y" })).body.status).toBe(0);
      const hold = { session: patronSession, bar_code: "310002001", pickup: "XX" };
      expect((await lib("/libuser/hold_req", hold)).body.status).toBe(0);
      const target = { doc_number: "000000200", item_sequence: "000010", sequence: "0001" };
      expect((await lib("/libuser/hold_req_cancel", { session: patronSession, ...target })).body.status).toBe(0);

      expect((await lib("/notice", { type: "N" })).body.count).toBeGreaterThan(0);
      expect((await lib("/notice")).body.count).toBeGreaterThan(0);
      expect((await lib("/training", { type: "B" })).body.count).toBeGreaterThan(0);
      expect((await lib("/activity")).body.count).toBe(0);
      expect((await lib("/advise", { tel: "13800000000", contents: "太吵了" }, { method: "POST" })).body.status).toBe(0);
      expect((await lib("/advise")).body.count).toBeGreaterThan(0);
      const trainId = training.body.id;
      expect((await lib("/training/add_training_reminder", { session: patronSession, trainId })).body.status).toBe(0);
      expect((await lib("/training", { session: patronSession })).body.count).toBe(1);
      expect((await libraryAdmin("GET", `/trainings/${trainId}/signups`)).status).toBe(200);
      expect((await lib("/training/cancel_training_reminder", { session: patronSession, trainId })).body.status).toBe(0);
      const book = { session: patronSession, formId: "f", page: "pages/borrow/index", bookName: "SICP" };
      const day = (n: number) => local(Date.now() + n * 86_400_000).slice(0, 10);
      expect((await lib("/user/add_book_reminder", { ...book, borrowTime: day(-25), expiredTime: day(5) })).body.status).toBe(0);
      expect((await libraryAdmin("GET", "/advises")).status).toBe(200);
    });
    expect(statements.length).toBeGreaterThanOrEqual(25);
    await expectNoFullScans(statements);
  });

  it("sports: signup, login, profile, devices, renting, returning, the cabinet's calls and the operators' routes", async () => {
    const statements = await record(async () => {
      const cab = await onlineCabinet([
        { tag: "PLAN-1", name: "篮球1", type: "篮球", slot: 1 },
        { tag: "PLAN-2", name: "篮球2", type: "篮球", slot: 2 },
      ]);
      const openid = uniq("plan-wx");
      const s = await signup(openid);
      expect((await getJson(`/sports/user/login?code=${await wxCode(openid, "wx-sports-demo")}`)).body.status).toBe("accepted");
      expect((await getJson(`/sports/user/profile/update?${q(s, { email: "plan@example.com" })}`)).body.status).toBe("accepted");
      expect((await getJson(`/sports/user/status?${q(s)}`)).body.status).toBe("accepted");
      expect((await getJson(`/sports/device/list?${q(s)}`)).body.status).toBe("accepted");
      const rented = await rentAndTake(s, cab, "篮球");
      expect((await latest(s)).operation).toMatchObject({ kind: "rent", state: "succeeded" });
      expect((await getJson("/admin/sports/rentals?state=active", ADMIN)).status).toBe(200);
      expect((await getJson("/admin/sports/rentals?state=overdue", ADMIN)).status).toBe(200);
      const back = await revert(s, cab);
      expect(back.status).toBe("accepted");
      const { body } = await poll(cab);
      await report(cab, { command_id: body.commands[0].command_id, slot: body.commands[0].slot, tag_inserted: rented.tag });
      expect((await latest(s)).operation).toMatchObject({ kind: "revert", state: "succeeded" });
      expect((await getJson(`/sports/user/history/page_length/10/page_id/0?${q(s)}`)).body.status).toBe("accepted");
      expect((await getJson("/admin/sports/rentals?state=returned", ADMIN)).status).toBe(200);
      expect((await getJson("/admin/sports/devices", ADMIN)).status).toBe(200);
      expect((await postJson(`/admin/sports/devices/${cab.deviceId}/secret`, {}, ADMIN)).status).toBe(200);
      expect((await postJson(`/admin/sports/devices/${cab.deviceId}/retire`, {}, ADMIN)).status).toBe(200);
    });
    expect(statements.length).toBeGreaterThanOrEqual(30);
    await expectNoFullScans(statements);
  });

  it("jh: accounts, credits, bindings, info, shared and the term calendar", async () => {
    await student("201900000001", "plan-pass", "plan-zf");
    const statements = await record(async () => {
      const me = await account("plan-jh");
      expect((await api("user", { method: "autologin", credit: me.credit })).body.code).toBe(200);
      const again = await api("user", { method: "login", username: me.username, password: me.password, devicetype: "pc" });
      const credit: string = again.body.data.credit;
      expect(
        (await api("user", { method: "login", username: me.username, password: await md5("wrong"), devicetype: "pc" })).body.code,
      ).toBe(403);
      expect((await api("user", { method: "changenickname", credit, nickname: "plan-jh2" })).body.code).toBe(200);
      expect((await api("bind", { credit, bindname: "jh", pid: "201900000001", password: "plan-pass" })).body.code).toBe(200);
      expect((await api("bind", { credit, bindname: "zfedu", password: "plan-zf" })).body.code).toBe(200);
      expect((await api("getinfo", { credit, type: "bind" })).body.code).toBe(200);
      expect((await api("getinfo", { credit, type: "base" })).body.code).toBe(200);
      expect((await api("setinfo", { credit, email: "plan@zjut.edu.cn", phone: "13800001111" })).body.code).toBe(200);
      expect((await api("shared", { type: "user", query: JSON.stringify([me.username]) })).body.code).toBe(200);
      expect((await api("shared", { type: "usermd5", query: JSON.stringify([me.username]) })).body.code).toBe(200);
      expect((await getJson("/jh/api/time")).status).toBe(200);
    });
    expect(statements.length).toBeGreaterThanOrEqual(12);
    await expectNoFullScans(statements);
  });

  it("jh: the message board with 100,000 posts answers what changed since a time with an index seek, paged; the timetable", async () => {
    await student("201900000002", "board-pass", "board-zf");
    const me = await account("plan-board");
    expect((await api("bind", { credit: me.credit, bindname: "jh", pid: "201900000002", password: "board-pass" })).body.code).toBe(200);
    expect((await api("bind", { credit: me.credit, bindname: "zfedu", password: "board-zf" })).body.code).toBe(200);
    // 100,000 posts, one a second ending an hour ago, built in one statement.
    const start = Date.now() - 3_600_000 - 100_000 * 1000;
    await env.DB.prepare(
      `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 100000)
       INSERT INTO jh_board_posts (user_id, username, content, mark, comment_last_id, comment_count, created_at, updated_at)
       SELECT u.id, u.username, '留言 ' || i, 0, 0, 0, ?1 + i * 1000, ?1 + i * 1000 FROM seq, (SELECT id, username FROM jh_users WHERE username = ?2) AS u`,
    )
      .bind(start, me.username)
      .run();
    const campus = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
    let page: any[] = [];
    const browser = await operatorBrowser("plan.board", ["jh"]);
    const statements = await record(async () => {
      expect((await browser.get("/console/jh/board")).status).toBe(200);
      expect((await browser.get("/console/jh/board?before=50000")).status).toBe(200);
      const middle = await api("msgboard", { method: "update", credit: me.credit, time: campus(start + 50_000 * 1000) });
      page = middle.body.data.content;
      const next = await api("msgboard", { method: "update", credit: me.credit, time: middle.body.data.time });
      expect(next.body.data.content[0].id).toBeGreaterThanOrEqual(page.at(-1).id);
      const posted = await api("msgboard", { method: "add", credit: me.credit, content: "新留言" });
      const id = String(posted.body.data.id);
      expect((await api("msgboard", { method: "addcomment", credit: me.credit, id, content: "评论" })).body.code).toBe(200);
      expect((await api("msgboard", { method: "change", credit: me.credit, id, content: "改" })).body.code).toBe(200);
      expect((await api("msgboard", { method: "deletecomment", credit: me.credit, id, subid: "1" })).body.code).toBe(200);
      expect((await api("msgboard", { method: "delete", credit: me.credit, id })).body.code).toBe(200);
      const recent = await api("msgboard", { method: "update", credit: me.credit, time: campus(Date.now() - 60_000) });
      expect(recent.body.data.content.map((p: any) => [p.id, p.mark])).toEqual([[Number(id), 2]]);
      expect((await api("course", { credit: me.credit, year: "2026", term: "3" })).body.code).toBe(200);
      expect((await api("course", { credit: me.credit, year: "2026", term: "3" })).body.code).toBe(200);
    });
    expect(page).toHaveLength(50);
    expect(page.map((p) => p.content)).toEqual(Array.from({ length: 50 }, (_, i) => `留言 ${50_000 + i}`));
    expect(statements.length).toBeGreaterThanOrEqual(12);
    await expectNoFullScans(statements);
    const changed = statements.filter((s) => /from "jh_board_posts" where "jh_board_posts"\."updated_at" >= \?/.test(s.sql));
    expect(changed.length).toBeGreaterThanOrEqual(2);
    for (const statement of changed) {
      expect((await planOf(statement)).join("\n")).toMatch(
        /SEARCH jh_board_posts USING (COVERING )?INDEX jh_board_posts_updated_idx \(updated_at>\?\)/,
      );
    }
  }, 60_000);

  it("reminders: the cron, the consumer's every outcome, dead letters and the operators' routes", async () => {
    const db = drizzle(env.DB, { schema });
    const reminder = (openid: string, over: { dedupeKey?: string; sendAt?: number } = {}) =>
      scheduleReminder(db, {
        surface: "sports",
        appid: "wx-sports-demo",
        openid,
        templateId: "tmpl-due-soon",
        data: { thing1: { value: "篮球A" } },
        sendAt: Date.now() - 1000,
        dedupeKey: `plan:${openid}`,
        ...over,
      }).then((r) => r.id!);
    const statements = await record(async () => {
      // The cron through the real queue: the consumer sends it.
      const sent = openidFor("plan-sent");
      await reminder(sent);
      await worker.scheduled(createScheduledController({ cron: "* * * * *" }), env);
      await vi.waitFor(async () => expect(await sentMessages(sent)).toHaveLength(1), { timeout: 10_000, interval: 100 });

      // Claimed by a scan with a captured queue, then each consumer outcome.
      const ids = {
        rejected: await reminder(openidFor("plan-rejected")),
        retry: await reminder(openidFor("plan-retry")),
        failed: await reminder(openidFor("plan-failed")),
        race: await reminder(openidFor("plan-race")),
        dead: await reminder(openidFor("plan-dead")),
      };
      const queue = captureQueue();
      await scanDue(db, queue, scanOptions(env, { maxPerSecond: Number.POSITIVE_INFINITY }));
      expect(queue.ids()).toEqual(expect.arrayContaining(Object.values(ids)));
      await injectFault("/cgi-bin/message/subscribe/send", 43101);
      expect((await deliver([ids.rejected])).acked).toEqual([ids.rejected]);
      await injectFault("/cgi-bin/message/subscribe/send", 45011);
      expect((await deliver([ids.retry])).retried).toHaveLength(1);
      await injectFault("/cgi-bin/message/subscribe/send", 45011);
      const once = consumerOptions(env, { maxAttempts: 1 });
      expect((await deliverOne(env, { id: ids.failed }, once)).result).toBe("failed");
      // A lease that has run out as soon as it is taken: the second copy writes the row off.
      const expired = consumerOptions(env, { sendingLeaseMs: -1 });
      const race = await Promise.all([deliverOne(env, { id: ids.race }, expired), deliverOne(env, { id: ids.race }, expired)]);
      expect(race.map((d) => d.result).sort()).toEqual(["abandoned", "sent"]);
      expect((await deliver([ids.rejected])).acked).toEqual([ids.rejected]);
      expect(await deliverDeadLetters([ids.dead])).toEqual({ acked: [ids.dead], retried: [] });

      // A run much later: the retried row's lease is lost; a failing queue hands claimed rows back.
      await reminder(openidFor("plan-handback"));
      const later = scanOptions(env, { now: Date.now() + 3_600_000, maxPerSecond: Number.POSITIVE_INFINITY });
      await scanDue(db, captureQueue(), later);
      const broken = { sendBatch: () => Promise.reject(new Error("queue down")) };
      await reminder(openidFor("plan-handback-2"));
      expect((await scanDue(db, broken, scanOptions(env))).error).toMatch(/queue down/);

      // Operators.
      expect((await getJson("/admin/reminders", ADMIN)).status).toBe(200);
      expect((await getJson("/admin/reminders?state=failed", ADMIN)).status).toBe(200);
      expect((await getJson("/admin/reminders?surface=sports&state=pending&limit=5", ADMIN)).status).toBe(200);
      expect((await postJson("/admin/reminders/retry", { id: ids.failed }, ADMIN)).body.state).toBe("pending");
      expect((await postJson("/admin/reminders/cancel", { id: ids.failed }, ADMIN)).body.state).toBe("cancelled");
      expect((await postJson("/admin/reminders/cancel", { id: ids.failed }, ADMIN)).status).toBe(409);
    });
    expect(statements.length).toBeGreaterThanOrEqual(18);
    await expectNoFullScans(statements);
  }, 30_000);
});

describe("the console's first page and the rollup behind its charts", () => {
  /** Every table of the product: the summer school's and the console's too, not only the hot ones. */
  const productTables = new Set(
    Object.entries(schema).flatMap(([key, value]) => (is(value, SQLiteTable) ? [getTableName(value), key] : [])),
  );

  it("reads and counts on indexes only, for every part, and the cron's rollup as well", async () => {
    const { operatorBrowser, ConsoleBrowser } = await import("./console-helpers");
    const { staffTeam } = await import("./summer-helpers");
    const team = await staffTeam("plan-home", "PH");
    const operator = await operatorBrowser("plan.home", ["sports", "library", "reminders", "jh", "operators"]);
    const staff = new ConsoleBrowser();
    expect((await staff.signIn(team.admin.username, "secret-pass", "summer")).status).toBe(303);
    // Something to count and roll up: a rental (with its reminders), a complaint, a sign-up, an order.
    const s = await signup("plan-home");
    const cab = await onlineCabinet([{ tag: uniq("PH"), name: "篮球", type: "篮球", slot: 1 }]);
    await rentAndTake(s, cab, "篮球");
    expect((await lib("/advise", { tel: "13800000000", contents: "太吵了" }, { method: "POST" })).http).toBe(200);
    // A 精弘 upstream failure, written after its answer.
    await student("201900000009", "plan-home-pw");
    const jhUser = await account("plan-home-jh");
    await upstreamFault("passport", "http500");
    expect((await api("bind", { credit: jhUser.credit, bindname: "jh", pid: "201900000009", password: "plan-home-pw" })).body.code).toBe(
      403,
    );
    await vi.waitFor(async () =>
      expect((await env.DB.prepare("SELECT count(*) AS n FROM jh_upstream_failures").first("n")) ?? 0).toBeGreaterThan(0),
    );

    const statements = await record(async () => {
      await worker.scheduled(createScheduledController({ cron: "* * * * *" }), env);
      await worker.scheduled(createScheduledController({ cron: "* * * * *" }), env);
      for (const browser of [operator, staff]) {
        const page = await browser.get("/console");
        expect(page.status).toBe(200);
        expect(page.html).toContain("<svg");
      }
    });
    const mine = statements.filter((st) =>
      /console_daily|console_rollup_marks|console_cron_runs|\(select count\(\*\)|SELECT count\(\*\) FROM/i.test(st.sql),
    );
    expect(mine.length).toBeGreaterThanOrEqual(10);
    await expectNoFullScans(statements);
    const scans = [];
    for (const statement of mine) {
      const plan = await planOf(statement);
      const full = plan.filter((line) => {
        const m = /^SCAN (\S+)(.*)$/.exec(line);
        return m !== null && productTables.has(m[1]) && !/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(m[2]);
      });
      if (full.length) scans.push({ sql: statement.sql, full, plan });
    }
    expect(scans).toEqual([]);
    // The 精弘 failures of the last hour: counted and listed by a seek per upstream, pruned by a seek too.
    const failures = statements.filter((st) => /"jh_upstream_failures"/.test(st.sql));
    expect(failures.length).toBeGreaterThanOrEqual(3);
    for (const st of failures)
      expect((await planOf(st)).join("\n"), st.sql).toMatch(
        /SEARCH jh_upstream_failures USING (COVERING )?INDEX jh_upstream_failures_system_at_idx \(system=\? AND at[<>]\?\)/,
      );
    // Rows counted as they are added are read by id range, never again: the cron's work stays the new rows'.
    const appended = mine.filter(
      (st) => /^insert into "console_daily"/.test(st.sql) && /\."(id|rowid)"? > \(SELECT|\.rowid > \(SELECT/.test(st.sql),
    );
    expect(appended).toHaveLength(4);
    for (const st of appended)
      expect((await planOf(st)).join("\n"), st.sql).toMatch(/SEARCH \w+ USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/);
  }, 60_000);
});
