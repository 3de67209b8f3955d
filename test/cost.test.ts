import { env, SELF } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { sign } from "../src/surfaces/sports/signature";
import { type D1Recorder, recordD1 } from "./d1-recorder";
import { ADMIN, BASE, getJson, postForm, postJson, simJson, wxCode } from "./helpers";
import { jsencrypt, lib, libraryPublicKey, patron } from "./library-helpers";
import { latest, placeItems, poll, q, rent, report, revert, signed, uniq } from "./sports-helpers";

/**
 * What one request of every route costs: D1 round trips (a batch counts
 * once), statements, rows read and written (D1's own meta), Durable Object
 * calls and upstream calls (WeChat, the library system), for one
 * representative request each, and the error path where it costs something
 * else. The counts are exact: D1 is recorded on the binding itself (so the
 * cabinet's object is seen too), the Durable Object namespaces are wrapped in
 * place, and the in-process simulators count what reaches them.
 *
 * Budgets (checked for every row): a read makes at most one D1 round trip, a
 * write at most two; every statement reads at most ROWS_SLACK rows more than
 * it returns or writes (an index seek, never a scan). A row over budget must
 * be listed in EXCEPTIONS with its reason (printed in docs/cost.md).
 *
 * The table is printed between markers (shown only when COST_TABLE is set,
 * see vitest.config.ts): `npm run cost` (tools/cost.mjs) runs this file and
 * writes it into docs/cost.md, `npm run cost -- --check` compares. The
 * Workers runtime has no file system, so the test itself never writes.
 *
 * To add a route: one `measure(...)` line in the flow below.
 */

/** Rows a statement may read beyond what it returns or writes: the index pages of a seek, a count's bound. */
const ROWS_SLACK = 8;

type Kind = "read" | "write";

interface Row {
  route: string;
  kind: Kind;
  trips: number;
  statements: number;
  rowsRead: number;
  rowsWritten: number;
  rowsReturned: number;
  objectCalls: number;
  upstream: number;
  status: number;
  /** The reason a row may stay over budget (known exception). */
  over?: string;
  /** Statements reading more than ROWS_SLACK rows beyond what they return. */
  wide: string[];
}

const rows: Row[] = [];

/**
 * Surfaces served but not yet in the table: the summer school (001) and 精弘 (004) landed after it was first
 * produced. docs/cost.md lists them as not measured; their rows are the next step.
 */
const NOT_YET_MEASURED = ["/summer", "/admin/summer", "/jh", "/admin/jh", "/console"];
let recorder: D1Recorder;
let objectCalls = 0;

/** Upstream calls the simulators worker has served (its count leaves out the tests' own control calls). */
const upstreamServed = async (): Promise<number> => (await simJson("/requests")).body.count;
const restore: Array<() => void> = [];

/** Counts every call made on a Durable Object stub the namespace hands out (fetch and RPC alike). */
function countStubs(ns: DurableObjectNamespace) {
  const own = ns as unknown as Record<string, unknown>;
  const saved = Object.getOwnPropertyDescriptor(ns, "get");
  const get = ns.get;
  own.get = (...args: Parameters<typeof ns.get>) => {
    const stub = get.apply(ns, args);
    return new Proxy(stub, {
      get(target, prop) {
        const value = Reflect.get(target, prop);
        if (typeof value !== "function" || prop === "then") return value;
        return (...a: unknown[]) => {
          objectCalls++;
          return Reflect.apply(value, target, a);
        };
      },
    });
  };
  restore.push(() => {
    if (saved) Object.defineProperty(ns, "get", saved);
    else delete own.get;
  });
}

beforeAll(() => {
  recorder = recordD1(env.DB);
  countStubs(env.CABINETS as unknown as DurableObjectNamespace);
  countStubs(env.WECHAT_TOKENS as unknown as DurableObjectNamespace);
});

afterAll(() => {
  recorder.stop();
  for (const r of restore) r();
});

const isSimulator = (sql: string) => /\bsim_\w+/.test(sql);

/**
 * Runs one request (`drive` must make exactly one call of the route) and
 * records its cost. Work the route leaves running (waitUntil) is awaited by
 * the runner before `SELF.fetch` settles the body.
 */
async function measure<T extends { status: number }>(route: string, kind: Kind, drive: () => Promise<T>): Promise<T> {
  recorder.clear();
  objectCalls = 0;
  const upstreamBefore = await upstreamServed();
  const result = await drive();
  await new Promise((r) => setTimeout(r, 20));
  const upstreamCalls = (await upstreamServed()) - upstreamBefore;
  const calls = recorder.calls.filter((c) => !c.statements.every((s) => isSimulator(s.sql)));
  const wide: string[] = [];
  let rowsRead = 0;
  let rowsWritten = 0;
  let rowsReturned = 0;
  for (const call of calls) {
    call.statements.forEach((s, i) => {
      const meta = call.meta[i];
      const read = meta?.rows_read ?? 0;
      const written = meta?.rows_written ?? 0;
      const returned = call.rows[i] ?? 0;
      rowsRead += read;
      rowsWritten += written;
      rowsReturned += returned;
      if (read > Math.max(returned, written) + ROWS_SLACK) wide.push(`${read} read for ${returned} returned: ${s.sql.slice(0, 120)}`);
    });
  }
  if (DEBUG)
    console.warn(
      `TRIPS ${route}\n${calls.map((c) => `  ${c.method}: ${c.statements.map((s) => s.sql.slice(0, 150)).join(" ;; ")}`).join("\n")}`,
    );
  expect(calls.filter((c) => c.error).map((c) => c.error)).toEqual([]);
  rows.push({
    route,
    kind,
    trips: calls.length,
    statements: calls.reduce((n, c) => n + c.statements.length, 0),
    rowsRead,
    rowsWritten,
    rowsReturned,
    objectCalls,
    upstream: upstreamCalls,
    status: result.status,
    over: EXCEPTIONS[route],
    wide,
  });
  return result;
}

const form = (path: string, body: Record<string, string>) => () => postForm(path, body);
const get =
  (path: string, headers: Record<string, string> = {}) =>
  () =>
    getJson(path, headers);

async function send(method: string, path: string, body?: unknown) {
  const res = await SELF.fetch(`${BASE}${path}`, {
    method,
    headers: { ...ADMIN, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function library(path: string, query: Record<string, string | number> = {}, opts: { method?: "GET" | "POST" } = {}) {
  const r = await lib(path, query, opts);
  return { status: r.http, body: r.body };
}

const local = (ms: number) => {
  const d = new Date(ms + 8 * 3_600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 19)}`;
};

/** Set to print each measured request's round trips and their SQL. */
const DEBUG = false;

const LIB_SESSION = "the session row, then the library user's row (session.ts and accounts.ts are being reworked elsewhere)";
const SPORTS_AUTH = "the sports auth batch (session and user), then the route's own query; the sports surface is being reworked elsewhere";

/**
 * Known exceptions: routes over budget today, and why. A route listed here
 * that comes within budget fails the test until its line is removed.
 */
const EXCEPTIONS: Record<string, string> = {
  "GET /library/user/vertify_session": LIB_SESSION,
  "GET /library/user/game_check_session": LIB_SESSION,
  "GET /library/user/bind_lib": `${LIB_SESSION}, then the update`,
  "GET /library/training/add_training_reminder":
    "session, training, signup insert, signup read-back, reminder insert: each waits on the one before",
  "GET /library/training (signed up)": "session, then the page batch, then the caller's signups",
  "GET /library/training/cancel_training_reminder": "session, signup delete, then the reminder cancel (only when a signup was deleted)",
  "GET /sports/user/status": SPORTS_AUTH,
  "GET /sports/device/latest_renting_or_reverting_status": SPORTS_AUTH,
  "GET /sports/user/history/page_length/:page_length/page_id/:page_id": SPORTS_AUTH,
  "GET /sports/device/try_to_rent": "sports auth batch, the device/rental/item batch, then the reservation batch",
  "GET /sports/device/try_to_revert": "sports auth batch, the device/rental batch, then the return operation batch",
  "POST /sports/cabinet/report (taken)": "device, item, the settlement batch, then one reminder insert per reminder (due soon, overdue)",
  "POST /sports/cabinet/report (returned)": "device, item, the settlement batch, then the reminder cancel",
  "POST /admin/sports/devices/:device_id/items":
    "device, slot/items batch, codes update, live-rental check, then the placement batch (an operator's rare call)",
};

/** Routes served that have no row, and why (the table lists them too). */
const NOT_MEASURED: Record<string, string> = {
  "GET /docs": "static page, no D1",
};

describe("the cost of one request of every route", { timeout: 30_000 }, () => {
  it("platform: /health, /openapi.json", async () => {
    await measure("GET /health", "read", get("/health"));
    await measure("GET /openapi.json", "read", get("/openapi.json"));
  });

  it("002 service", async () => {
    const code = await wxCode("cost-002");
    const handle = (await measure("POST /service/user/getOpenid", "write", form("/service/user/getOpenid", { js_code: code }))).body.data
      .openid;
    await measure("POST /service/user/loginByOpenid (unknown)", "read", form("/service/user/loginByOpenid", { openid: handle }));
    const profile = { openid: handle, phone: "13800000000", qq: "10001", cardno: "2026000001" };
    await measure("POST /service/user/login (new)", "write", form("/service/user/login", profile));
    await measure("POST /service/user/login (again)", "write", form("/service/user/login", profile));
    await measure("POST /service/user/loginByOpenid", "read", form("/service/user/loginByOpenid", { openid: handle }));
    await measure("POST /service/user/get", "read", form("/service/user/get", { openid: handle }));
    await measure("POST /service/user/update", "write", form("/service/user/update", { openid: handle, update: '{"qq":"10002"}' }));
    await measure("POST /service/user/addHistory", "write", form("/service/user/addHistory", { openid: handle, hist: "art" }));
    await postForm("/service/user/addHistory", { openid: handle, hist: "math" });
    await measure("POST /service/user/getHistory", "read", form("/service/user/getHistory", { openid: handle }));
    await measure("POST /service/user/cleanHistory", "write", form("/service/user/cleanHistory", { openid: handle }));
    await measure("GET /admin/service/users", "read", get("/admin/service/users?limit=20", ADMIN));
    await measure("POST /admin/operators", "write", () =>
      postJson("/admin/operators", { username: "cost.operator", password: "cost-operator-pass", scopes: ["sports"] }, ADMIN),
    );
    await measure("GET /admin/operators", "read", get("/admin/operators?limit=20", ADMIN));
    await measure("PATCH /admin/operators/:id", "write", () => send("PATCH", "/admin/operators/1", { scopes: ["sports", "library"] }));
    await measure("POST /admin/service/users/revoke", "write", () =>
      postJson("/admin/service/users/revoke", { openid: "cost-002" }, ADMIN),
    );
    await measure("POST /service/user/get (revoked)", "read", form("/service/user/get", { openid: handle }));
    await measure("POST /service/user/get (forged handle)", "read", form("/service/user/get", { openid: `${handle.slice(0, -4)}AAAA` }));
  });

  it("000 library", async () => {
    const soon = Date.now() + 2 * 86_400_000;
    const notice = await measure("POST /admin/library/notices", "write", () =>
      send("POST", "/admin/library/notices", { type: "N", title: "通知", content: "内容" }),
    );
    await measure("PATCH /admin/library/notices/:id", "write", () =>
      send("PATCH", `/admin/library/notices/${notice.body.id}`, { title: "通知（改）" }),
    );
    const times = { startTime: local(soon), endTime: local(soon + 3_600_000) };
    const training = await measure("POST /admin/library/trainings", "write", () =>
      send("POST", "/admin/library/trainings", { type: "B", title: "论文写作", content: "…", place: "201", ...times }),
    );
    await measure("PATCH /admin/library/trainings/:id", "write", () =>
      send("PATCH", `/admin/library/trainings/${training.body.id}`, { place: "202" }),
    );
    const activity = await measure("POST /admin/library/activities", "write", () =>
      send("POST", "/admin/library/activities", { title: "读书会", content: "…", ...times }),
    );
    await measure("PATCH /admin/library/activities/:id", "write", () =>
      send("PATCH", `/admin/library/activities/${activity.body.id}`, { title: "读书会（改期）" }),
    );

    const wx = await wxCode("cost-lib");
    const session = (
      await measure("GET /library/user/login", "write", () => library("/user/login", { code: wx, nickName: "n", gender: 1, city: "H" }))
    ).body.session;
    await measure("GET /library/user/vertify_session", "read", () => library("/user/vertify_session", { session }));
    const renewedCode = await wxCode("cost-lib");
    const renewed = (
      await measure("GET /library/user/update_session", "write", () => library("/user/update_session", { code: renewedCode, session }))
    ).body.session;
    await measure("GET /library/user/bind_lib", "write", () => library("/user/bind_lib", { session: renewed, libId: "2016000031" }));
    await measure("GET /library/user/game_check_session", "read", () => library("/user/game_check_session", { session: renewed }));
    await measure("GET /library/user/unbind_lib", "write", () => library("/user/unbind_lib", { session: renewed }));

    await measure("GET /library/libuser/public_key", "read", () => library("/libuser/public_key"));
    const p = patron(31);
    const libPsw = await jsencrypt(await libraryPublicKey(), p.password);
    const ps = (
      await measure("GET /library/libuser/login", "write", () => library("/libuser/login", { session: renewed, libId: p.borId, libPsw }))
    ).body.session;
    for (const path of ["bor_info", "hold_info", "loan_history", "fine_info", "visit_info", "borrow_info"]) {
      await measure(`GET /library/libuser/${path}`, "read", () => library(`/libuser/${path}`, { session: ps }));
    }
    const [loan] = (await lib("/libuser/borrow_info", { session: ps })).body.result;
    await measure("GET /library/libuser/renew", "read", () => library("/libuser/renew", { session: ps, bar_code: loan.bar_code }));
    await measure("GET /library/libuser/update_email", "read", () =>
      library("/libuser/update_email", { session: ps, email: "c@campus.test" }),
    );
    await measure("GET /library/libuser/update_telephone", "read", () =>
      library("/libuser/update_telephone", { session: ps, tel: "13900001111" }),
    );
    const found = await measure("GET /library/libuser/find", "read", () =>
      library("/libuser/find", { session: ps, keyword: "计算机科学", code: "wrd" }),
    );
    await measure("GET /library/libuser/present", "read", () =>
      library("/libuser/present", { session: ps, set_num: found.body.result.set_number }),
    );
    await measure("GET /library/libuser/book_detail", "read", () => library("/libuser/book_detail", { session: ps, doc_num: "1" }));
    await measure("GET /library/libuser/bor_rank", "read", () =>
      library("/libuser/bor_rank", { session: ps, lang: "ALL", category: "ALL", time: "y" }),
    );
    await measure("GET /library/libuser/hold_req", "read", () =>
      library("/libuser/hold_req", { session: ps, bar_code: "310002001", pickup: "XX" }),
    );
    const target = { doc_number: "000000200", item_sequence: "000010", sequence: "0001" };
    await measure("GET /library/libuser/hold_req_cancel", "read", () => library("/libuser/hold_req_cancel", { session: ps, ...target }));

    await measure("GET /library/libuser/bor_info (invalid session)", "read", () =>
      library("/libuser/bor_info", { session: "not-a-session" }),
    );
    await measure("GET /library/notice", "read", () => library("/notice", { type: "N" }));
    await measure("GET /library/training", "read", () => library("/training", { type: "B" }));
    await measure("GET /library/activity", "read", () => library("/activity"));
    await measure("GET /library/notice (cached)", "read", () => library("/notice", { type: "N" }));
    await measure("GET /library/training (cached)", "read", () => library("/training", { type: "B" }));
    await measure("GET /library/activity (cached)", "read", () => library("/activity"));
    await measure("POST /library/advise", "write", () =>
      library("/advise", { tel: "13800000000", contents: "太吵了" }, { method: "POST" }),
    );
    await measure("GET /library/advise", "read", () => library("/advise"));
    const trainId = training.body.id;
    await measure("GET /library/training/add_training_reminder", "write", () =>
      library("/training/add_training_reminder", { session: ps, trainId }),
    );
    await measure("GET /library/training (signed up)", "read", () => library("/training", { session: ps }));
    await measure("GET /admin/library/trainings/:id/signups", "read", () => send("GET", `/admin/library/trainings/${trainId}/signups`));
    await measure("GET /library/training/cancel_training_reminder", "write", () =>
      library("/training/cancel_training_reminder", { session: ps, trainId }),
    );
    const day = (n: number) => local(Date.now() + n * 86_400_000).slice(0, 10);
    const book = { session: ps, formId: "f", page: "pages/borrow/index", bookName: "SICP", borrowTime: day(-25), expiredTime: day(5) };
    await measure("GET /library/user/add_book_reminder", "write", () => library("/user/add_book_reminder", book));
    await measure("GET /admin/library/advises", "read", () => send("GET", "/admin/library/advises"));
    await measure("GET /library/test", "read", () => library("/test"));
    await measure("GET /library/schema", "read", () => library("/schema"));

    await measure("DELETE /admin/library/activities/:id", "write", () => send("DELETE", `/admin/library/activities/${activity.body.id}`));
    await measure("DELETE /admin/library/trainings/:id", "write", () => send("DELETE", `/admin/library/trainings/${trainId}`));
    await measure("DELETE /admin/library/notices/:id", "write", () => send("DELETE", `/admin/library/notices/${notice.body.id}`));
  });

  it("003 sports, its cabinet and the operators' routes", async () => {
    const deviceId = uniq("cost-cab");
    const created = await measure("POST /admin/sports/devices", "write", () =>
      postJson("/admin/sports/devices", { device_id: deviceId, name: "柜", location: "操场", slots: 4 }, ADMIN),
    );
    const cab = { deviceId, name: "柜", secret: created.body.secret as string };
    await measure("POST /admin/sports/devices/:device_id/items", "write", () =>
      placeItems(deviceId, [
        { tag: "COST-1", name: "篮球1", type: "篮球", slot: 1 },
        { tag: "COST-2", name: "篮球2", type: "篮球", slot: 2 },
      ]),
    );
    const codes = (await measure("POST /sports/cabinet/poll", "write", () => poll(cab))).body.codes as string[];

    const openid = uniq("cost-wx");
    const signupCode = await wxCode(openid, "wx-sports-demo");
    const s = (
      await measure("GET /sports/user/signup", "write", () =>
        getJson(`/sports/user/signup?${new URLSearchParams({ code: signupCode, phone: "+86 18888888888" })}`),
      )
    ).body;
    const student = { userid: s.userid as string, client_session_id: s.client_session_id as string };
    const loginCode = await wxCode(openid, "wx-sports-demo");
    await measure("GET /sports/user/login", "write", get(`/sports/user/login?code=${loginCode}`));
    await measure("GET /sports/user/profile", "read", get(`/sports/user/profile?${q(student)}`));
    await measure("GET /sports/user/profile/update", "write", get(`/sports/user/profile/update?${q(student, { email: "c@example.com" })}`));
    await measure("GET /sports/user/status", "read", get(`/sports/user/status?${q(student)}`));
    await measure("GET /sports/device/list", "read", get(`/sports/device/list?${q(student)}`));
    const rented = await measure("GET /sports/device/try_to_rent", "write", async () => {
      const body = await rent(student, cab, "篮球", codes[0]);
      return { status: 200, body };
    });
    await measure("GET /sports/device/latest_renting_or_reverting_status", "read", async () => ({
      status: 200,
      body: await latest(student),
    }));
    const { body } = await poll(cab);
    const cmd = body.commands.find((c: any) => c.command_id === rented.body.operation_id);
    const inspect = await measure("GET /admin/sports/devices/:device_id", "read", get(`/admin/sports/devices/${deviceId}`, ADMIN));
    const tag = inspect.body.slots.find((x: any) => x.slot === cmd.slot).tag;
    await measure("POST /sports/cabinet/report (taken)", "write", () =>
      report(cab, { command_id: cmd.command_id, slot: cmd.slot, tag_removed: tag }),
    );
    await measure("GET /admin/sports/rentals", "read", get("/admin/sports/rentals?state=active", ADMIN));
    const code = (await poll(cab)).body.codes[0];
    await measure("GET /sports/device/try_to_revert", "write", async () => ({ status: 200, body: await revert(student, cab, code) }));
    const back = (await poll(cab)).body.commands[0];
    await measure("POST /sports/cabinet/report (returned)", "write", () =>
      report(cab, { command_id: back.command_id, slot: back.slot, tag_inserted: tag }),
    );
    await measure(
      "GET /sports/user/history/page_length/:page_length/page_id/:page_id",
      "read",
      get(`/sports/user/history/page_length/10/page_id/0?${q(student)}`),
    );
    await measure("GET /admin/sports/devices", "read", get("/admin/sports/devices", ADMIN));
    await measure("GET /admin/sports/anomalies", "read", get("/admin/sports/anomalies?limit=10", ADMIN));
    await measure("POST /admin/sports/devices/:device_id/slots", "write", () =>
      postJson(`/admin/sports/devices/${deviceId}/slots`, { slots: 6 }, ADMIN),
    );
    await measure(
      "GET /sports/user/status (unknown session)",
      "read",
      get(`/sports/user/status?${q({ ...student, client_session_id: "x" })}`),
    );
    await measure("POST /sports/cabinet/poll (bad signature)", "write", () =>
      signed({ ...cab, secret: "wrong" }, "/sports/cabinet/poll", {}),
    );
    await measure("GET /sports/cabinet/ws", "read", async () => {
      const ts = String(Math.floor(Date.now() / 1000));
      const signature = await sign(cab.secret, ts, "GET", "/sports/cabinet/ws", "");
      const res = await SELF.fetch(`${BASE}/sports/cabinet/ws`, {
        headers: { upgrade: "websocket", "x-device-id": deviceId, "x-timestamp": ts, "x-signature": signature },
      });
      res.webSocket?.accept();
      res.webSocket?.close(1000, "done");
      return { status: res.status };
    });
    await measure("POST /admin/sports/devices/:device_id/secret", "write", () =>
      postJson(`/admin/sports/devices/${deviceId}/secret`, {}, ADMIN),
    );
    await measure("POST /admin/sports/devices/:device_id/retire", "write", () =>
      postJson(`/admin/sports/devices/${deviceId}/retire`, {}, ADMIN),
    );
  });

  it("reminders: the operators' routes", async () => {
    await measure("GET /admin/reminders", "read", get("/admin/reminders?limit=20", ADMIN));
    const id = (await getJson("/admin/reminders?limit=1", ADMIN)).body.reminders?.[0]?.id ?? "missing";
    await measure("POST /admin/reminders/cancel", "write", () => postJson("/admin/reminders/cancel", { id }, ADMIN));
    await measure("POST /admin/reminders/retry (not failed)", "write", () => postJson("/admin/reminders/retry", { id }, ADMIN));
  });

  it("covers every route served (but the surfaces still to be measured), and keeps within budget", async () => {
    const canonical = (p: string) => p.replace(/\/$/, "");
    const served = new Set(
      createApp()
        .routes.filter((r) => r.method !== "ALL" && !r.path.startsWith("/__sim"))
        .map((r) => canonical(r.path)),
    );
    const measured = new Set(rows.map((r) => r.route.split(" ")[1]));
    const notMeasured = new Set(Object.keys(NOT_MEASURED).map((k) => k.split(" ")[1]));
    const pending = (p: string) => NOT_YET_MEASURED.some((prefix) => p === prefix || p.startsWith(`${prefix}/`));
    expect([...served].filter((p) => !measured.has(p) && !notMeasured.has(p) && !pending(p))).toEqual([]);

    console.warn(`<<<COST-TABLE\n${render()}\nCOST-TABLE>>>`);
    const overBudget = rows
      .filter((r) => !r.over)
      .filter((r) => r.trips > (r.kind === "read" ? 1 : 2) || r.wide.length > 0)
      .map((r) => ({ route: r.route, trips: r.trips, wide: r.wide }));
    expect(overBudget).toEqual([]);
    // A listed exception that is within budget is stale: drop it.
    const stale = rows.filter((r) => r.over && r.trips <= (r.kind === "read" ? 1 : 2) && r.wide.length === 0).map((r) => r.route);
    expect(stale).toEqual([]);
  });
});

function render(): string {
  const head =
    "| route | kind | status | D1 round trips | statements | rows read | rows written | rows returned | DO calls | upstream calls | over budget because |";
  const line = "|---|---|---|---|---|---|---|---|---|---|---|";
  const body = rows.map(
    (r) =>
      `| \`${r.route}\` | ${r.kind} | ${r.status} | ${r.trips} | ${r.statements} | ${r.rowsRead} | ${r.rowsWritten} | ${r.rowsReturned} | ${r.objectCalls} | ${r.upstream} | ${r.over ?? ""} |`,
  );
  const skipped = Object.entries(NOT_MEASURED).map(
    ([route, why]) => `| \`${route}\` | — | — | 0 | 0 | 0 | 0 | 0 | 0 | 0 | not measured: ${why} |`,
  );
  return [head, line, ...body, ...skipped].join("\n");
}
