import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN, BASE, wxCode } from "./helpers";
import { jsencrypt, libraryPublicKey, patron } from "./library-helpers";

/**
 * The shipped mini-program (tang-xy/lib-whu, src/api) against /library: its requests as flyio sends them (GET with
 * a trailing slash, the parameters in the query string, a JSON content type even on GET; POST /advise/ with a JSON
 * body), its response interceptor (store `data.session`; status 1 sends the user to log in; status 6 toasts
 * `detail`), then each page's reads, asserted by the paths the pages read them.
 */
class MiniProgram {
  session = "";
  libUser: Record<string, unknown> = {};
  toasts: string[] = [];
  sentToLogin = 0;

  private async intercept(res: Response) {
    expect(res.status).toBe(200);
    const data = (await res.json()) as any;
    if (data.session !== undefined) this.session = data.session;
    if (data.status === 1) this.sentToLogin++;
    if (data.status === 6) this.toasts.push(data.detail);
    return data;
  }

  /** flyio's utils.encode: encodeURIComponent, then a space as `+` and `@ : $ , [ ]` left as they are. */
  private static encode(value: unknown) {
    return encodeURIComponent(String(value))
      .replace(/%40/gi, "@")
      .replace(/%3A/gi, ":")
      .replace(/%24/g, "$")
      .replace(/%2C/gi, ",")
      .replace(/%20/g, "+")
      .replace(/%5B/gi, "[")
      .replace(/%5D/gi, "]");
  }

  /** fly.get(url, params): baseURL + url (with or without its leading slash), params as `k=v&...` in object order. */
  async get(path: string, params: Record<string, unknown> = {}) {
    const query = Object.entries(params)
      .map(([k, v]) => `${MiniProgram.encode(k)}=${MiniProgram.encode(v)}`)
      .join("&");
    const url = `${BASE}/library/${path.replace(/^\//, "")}${query ? `?${query}` : ""}`;
    return this.intercept(
      await SELF.fetch(url, { headers: { "Access-Control-Allow-Origin": "*", "Content-Type": "application/json;charset=utf-8" } }),
    );
  }

  async post(path: string, body: Record<string, unknown>) {
    return this.intercept(
      await SELF.fetch(`${BASE}/library${path}`, {
        method: "POST",
        headers: { "Access-Control-Allow-Origin": "*", "Content-Type": "application/json;charset=utf-8" },
        body: JSON.stringify(body),
      }),
    );
  }
}

const isString = (v: unknown) => expect(typeof v).toBe("string");
const ymd = /^\d{8}$/;
/** history.vue: insertStr(insertStr(loandate, 4, '/'), 7, '/'). */
const slashed = (s: string) => `${s.slice(0, 4)}/${s.slice(4, 6)}/${s.slice(6)}`;

async function admin(path: string, body: unknown) {
  const res = await SELF.fetch(`${BASE}/admin/library${path}`, {
    method: "POST",
    headers: { ...ADMIN, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  await res.json();
}

describe("the shipped mini-program before its user logs in", () => {
  it("rank.vue and search send session= (empty): status 1 sends the user to the login page", async () => {
    const anonymous = new MiniProgram();
    expect(await anonymous.get("/libuser/bor_rank/", { session: anonymous.session, time: "y" })).toEqual({
      status: 1,
      err_msg: "LOGIN_FAILED",
    });
    const found = await anonymous.get("/libuser/find/", { session: "", keyword: "数学", code: "wrd", lang: "cn" });
    expect(found.status).toBe(1);
    expect(anonymous.sentToLogin).toBe(2);
    // The notices, activities and the complaint form need no login.
    expect((await anonymous.get("/notice/", { type: "N" })).results).toEqual([]);
    expect((await anonymous.get("/activity/", { session: "" })).count).toBe(0);
  });
});

describe("the shipped mini-program, page by page", () => {
  const app = new MiniProgram();
  const me = patron(1);

  beforeAll(async () => {
    // index.vue: nothing stored yet, so vertifyLogin stops before calling; login/index.vue: wechatLogin.
    const response = await app.get("/user/login/", {
      code: await wxCode("client-1"),
      nickName: "小布",
      avatarUrl: "https://x.test/a.png",
      gender: 1,
      province: "湖北",
      city: "武汉",
      country: "中国",
    });
    isString(response.session);
    expect(response.libBind).toBe(false);
    // login/index.vue bind -> store bindLibAccount: libuser/login, then user/bind_lib with the session it answered.
    // A wrong password: status 6, whose detail the interceptor toasts; bindLibAccount goes no further.
    const wrong = await app.get("/libuser/login/", {
      session: app.session,
      libId: me.borId,
      libPsw: await jsencrypt(await libraryPublicKey(), "not-my-password"),
    });
    expect(wrong).toMatchObject({ status: 6, err_msg: "BOR_AUTH_ERROR" });
    expect(wrong.user).toBeUndefined();
    expect(app.toasts.at(-1)?.length).toBeGreaterThan(0);
    const libPsw = await jsencrypt(await libraryPublicKey(), me.password);
    const bound = await app.get("/libuser/login/", { session: app.session, libId: me.borId, libPsw });
    expect(bound.status).toBe(0);
    app.libUser = bound.user;
    const r = await app.get("/user/bind_lib/", { session: bound.session, libId: me.borId });
    expect(r.status).toBe(0);
  });

  it("login: libuser/login's user is what info.vue, entry.vue and fine.vue show", () => {
    expect(app.libUser).toEqual({
      name: expect.any(String),
      bor_id: me.borId,
      department: expect.any(String),
      reader_type: expect.any(String),
    });
    expect((app.libUser.name as string).length).toBeGreaterThan(0);
  });

  it("index.vue: vertify_session, then update_session when wx.checkSession fails", async () => {
    const response = await app.get("/user/vertify_session/", { session: app.session });
    expect(response.login).toBe(true);
    expect(response.libBind).toBe(true);
    isString(response.session);
    const r = await app.get("/user/update_session/", { code: await wxCode("client-1"), session: app.session });
    expect(r.status).toBe(0);
    expect((await app.get("/user/vertify_session/", { session: app.session })).login).toBe(true);
  });

  it("index.vue with a session the server no longer knows: the interceptor sends the user to log in", async () => {
    const stranger = new MiniProgram();
    const before = stranger.sentToLogin;
    const response = await stranger.get("/user/vertify_session/", { session: "a.b.c" });
    expect(response).toEqual({ status: 1, err_msg: "LOGIN_FAILED" });
    expect(stranger.sentToLogin).toBe(before + 1);
  });

  it("info.vue and information.vue: bor_info", async () => {
    const response = await app.get("libuser/bor_info/", { session: app.session });
    isString(response.result.name);
    isString(response.result.prof);
    isString(response.result.telephone);
    isString(response.result.email);
    expect(response.result.prof.length).toBeGreaterThan(0);
    expect(response.result.name).toBe(app.libUser.name);
  });

  it("borrow.vue: borrow_info, then renew the selected books", async () => {
    const response = await app.get("/libuser/borrow_info/", { session: app.session });
    expect(response.status).toBe(0);
    expect(response.result.length).toBeGreaterThanOrEqual(2);
    for (const item of response.result) {
      isString(item.book_info.title);
      isString(item.book_info.author);
      expect(item.loan_info.sub_library).toMatch(/^(总馆|信息分馆|工学分馆|医学分馆)$/);
      expect(item.loan_info.loan_date).toMatch(ymd);
      expect(item.loan_info.due_date).toMatch(ymd);
      expect(item.bar_code).toMatch(/^31\d{7}$/);
    }
    expect(response.result[0].book_info.title.length).toBeGreaterThan(0);
    const element = response.result[0];
    const renewed = await app.get("/libuser/renew/", { session: app.session, bar_code: element.bar_code });
    expect(renewed.status).toBe(0);
    // The same day again: refused, and the interceptor toasts the library's words.
    const again = await app.get("/libuser/renew/", { session: app.session, bar_code: element.bar_code });
    expect(again).toMatchObject({ status: 6, err_msg: "LIB_RENEW_ERROR" });
    expect(app.toasts.at(-1)).toBe("New due date must be bigger than current's loan due date");
  });

  it("reserve.vue: hold_info in several states; an In process hold is cancelled by its hold_info", async () => {
    const response = await app.get("/libuser/hold_info/", { session: app.session });
    expect(response.status).toBe(0);
    const statuses = response.result.map((e: any) => e.hold_info.status);
    expect(statuses).toContain("In process");
    expect(statuses.some((s: string) => s !== "In process")).toBe(true);
    for (const element of response.result) {
      isString(element.book_info.title);
      isString(element.book_info.author);
      expect(element.hold_info.pickup_loc).toMatch(/^(WL|XX|GX|YX)$/);
      expect(element.hold_info.request_date).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      expect(element.hold_info.end_date).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    }
    const element = response.result.find((e: any) => e.hold_info.status === "In process");
    const cancelled = await app.get("/libuser/hold_req_cancel/", {
      session: app.session,
      doc_number: element.hold_info.doc_number,
      item_sequence: element.hold_info.item_sequence,
      sequence: element.hold_info.sequence,
    });
    expect(cancelled.status).toBe(0);
    const after = await app.get("/libuser/hold_info/", { session: app.session });
    expect(after.result).toHaveLength(response.result.length - 1);
  });

  it("history.vue: loan_history's booktitle, author and 8-digit loandate", async () => {
    const response = await app.get("/libuser/loan_history/", { session: app.session });
    expect(response.status).toBe(0);
    expect(response.result.length).toBeGreaterThanOrEqual(4);
    for (const e of response.result) {
      isString(e.booktitle);
      isString(e.author);
      expect(e.loandate).toMatch(ymd);
      expect(slashed(e.loandate)).toMatch(/^\d{4}\/\d{2}\/\d{2}$/);
    }
    expect(response.result[0].booktitle.length).toBeGreaterThan(0);
  });

  it("fine.vue: fine_info's balance and detail, paid and unpaid", async () => {
    const response = await app.get("/libuser/fine_info/", { session: app.session });
    const result = response.result;
    expect(Number(result.balance)).toBeGreaterThan(0);
    expect(result.detail.length).toBeGreaterThanOrEqual(2);
    for (const item of result.detail) {
      isString(item.book_info.title);
      isString(item.book_info.author);
      expect(item.fine_info.date).toMatch(ymd);
      isString(item.fine_info.description);
      expect(item.fine_info.sum).toMatch(/^\d+\.\d{2}$/);
    }
    const statuses = result.detail.map((d: any) => d.fine_info.status);
    expect(statuses).toContain("Paid");
    expect(statuses.some((s: string) => s !== "Paid")).toBe(true);
    const unpaid = result.detail.filter((d: any) => d.fine_info.status !== "Paid");
    expect(unpaid.reduce((sum: number, d: any) => sum + Number(d.fine_info.sum), 0).toFixed(2)).toBe(result.balance);
  });

  it("entry.vue: visit_info's named counters", async () => {
    const { result } = await app.get("/libuser/visit_info/", { session: app.session });
    const stamp = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
    expect(result["fist-visit-time"].slice(0, 19)).toMatch(stamp);
    expect(result["last-visit-time"].slice(0, 19)).toMatch(stamp);
    expect(result["fist-visit-time"] < result["last-visit-time"]).toBe(true);
    expect(result["last-visit-branch"]).toMatch(/分馆|总馆/);
    expect(result["most-branch-name"]).toMatch(/分馆|总馆/);
    const share = Number(result["most-branch-count"]) / result["visit-count"];
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThanOrEqual(1);
  });

  it("search/result.vue and detail.vue: find, present page by page, book_detail, hold_req", async () => {
    const found = await app.get("/libuser/find/", { session: app.session, keyword: "计算机科学", code: "wrd", lang: "cn" });
    expect(found.status).toBeGreaterThanOrEqual(0);
    expect(found.result.set_number).toMatch(/^\d+$/);
    expect(found.result.no_records).toBeGreaterThan(20);
    const first = await app.get("/libuser/present/", { session: app.session, set_num: found.result.set_number, lang: "cn", entry: 1 });
    expect(first.status).toBe(0);
    for (const key of first.result) {
      isString(key.title);
      isString(key.author);
      isString(key.publish);
      isString(key.theme);
      expect(key.doc_number).toMatch(/^\d{9}$/);
    }
    const chinese = first.result.find((k: any) => k.publish && k.theme && k.author);
    expect(chinese).toBeDefined();
    // onScrollToBottom: entry = result.length + 1, until an empty page.
    const more = await app.get("/libuser/present/", {
      session: app.session,
      set_num: found.result.set_number,
      entry: first.result.length + 1,
      lang: "cn",
    });
    expect(more.status).toBe(0);
    expect(more.result[0].doc_number).not.toBe(first.result[0].doc_number);
    const end = await app.get("/libuser/present/", {
      session: app.session,
      set_num: found.result.set_number,
      entry: found.result.no_records + 1,
      lang: "cn",
    });
    expect(end).toMatchObject({ status: 0, result: [] });
    // Nothing found: the page shows 0 records and an empty list.
    const none = await app.get("/libuser/find/", { session: app.session, keyword: "没有这本书zzz", code: "wti", lang: "cn" });
    expect(none.result.set_number || "").toBe("");
    expect(none.result.no_records || "0").toBe("0");
    expect((await app.get("/libuser/present/", { session: app.session, set_num: "", lang: "cn", entry: 1 })).result).toEqual([]);

    // detail.vue for the book on loan: every copy, one on loan (a date), others On Shelf / Reshelving / reading room.
    const loans = (await app.get("/libuser/borrow_info/", { session: app.session })).result;
    const states = new Set<string>();
    let reservable: any = null;
    for (const loan of loans) {
      const response = await app.get("/libuser/book_detail/", { session: app.session, doc_num: loan.loan_info.doc_number });
      expect(response.status).toBe(0);
      for (const book of response.result) {
        isString(book.loan_status);
        isString(book.due_date);
        isString(book.location);
        isString(book.bar_code);
        isString(book.rfid);
        expect(book.sub_library[0]).toMatch(/^[总工信医]$/);
        states.add(book.due_date === "On Shelf" || book.due_date === "Reshelving" ? book.due_date : "date");
        states.add(book.loan_status);
        if (book.loan_status === "外借书" && book.bar_code !== loan.bar_code && !reservable) reservable = book;
      }
      const onLoan = response.result.find((b: any) => b.bar_code === loan.bar_code);
      expect(onLoan.due_date).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    }
    expect(states).toContain("外借书");
    expect(states).toContain("date");
    expect(states).toContain("On Shelf");
    // The reserve button shows for a lendable copy; detail.vue sends its bar code and a pickup code.
    const anyDoc = await app.get("/libuser/book_detail/", { session: app.session, doc_num: "000000003" });
    reservable ??= anyDoc.result.find((b: any) => b.loan_status === "外借书");
    expect(reservable).toBeTruthy();
    const reserved = await app.get("/libuser/hold_req/", { session: app.session, bar_code: reservable.bar_code, pickup: "GX" });
    expect(reserved.status).toBe(0);
    const holds = (await app.get("/libuser/hold_info/", { session: app.session })).result;
    expect(holds.find((h: any) => h.bar_code === reservable.bar_code).hold_info.status).toBe("In process");
  });

  it("rank.vue: bor_rank's title, author and bor_num; a tap searches the title (result.vue, index 0, lang cn)", async () => {
    for (const time of ["y", "m", "w"]) {
      const response = await app.get("/libuser/bor_rank/", { session: app.session, time });
      expect(response.status).toBe(0);
      expect(response.result.length).toBeGreaterThan(0);
      for (const item of response.result) {
        isString(item.title);
        isString(item.author);
        expect(typeof item.bor_num).toBe("number");
      }
    }
    const top = (await app.get("/libuser/bor_rank/", { session: app.session, time: "y" })).result;
    for (const item of top.slice(0, 3)) {
      // onClickCard: /pages/search/result?value=${title}&&index=0&&lang=cn -> findLib with code[0] = 'wrd'
      const found = await app.get("/libuser/find/", { session: app.session, keyword: item.title, code: "wrd", lang: "cn" });
      expect(found.result.no_records).toBeGreaterThan(0);
      const page = await app.get("/libuser/present/", { session: app.session, set_num: found.result.set_number, lang: "cn", entry: 1 });
      expect(page.result.map((b: any) => b.doc_number)).toContain(item.doc_number);
    }
  });

  it("search: a keyword with spaces arrives as flyio sends it (a space as +)", async () => {
    const found = await app.get("/libuser/find/", { session: app.session, keyword: "Database System", code: "wti", lang: "en" });
    expect(found.status).toBe(0);
    const page = await app.get("/libuser/present/", { session: app.session, set_num: found.result.set_number, lang: "en", entry: 1 });
    expect(page.result.length).toBeGreaterThan(0);
    for (const book of page.result) expect(book.title).toMatch(/Database System/);
  });

  it("search/index.vue's 中文库/英文库 switch: lang en finds the English records only, lang cn the Chinese ones only", async () => {
    const search = async (lang: string, keyword: string, code = "wti") => {
      const found = await app.get("/libuser/find/", { session: app.session, keyword, code, lang });
      expect(found.status).toBe(0);
      if (!found.result.set_number) return [];
      const page = await app.get("/libuser/present/", { session: app.session, set_num: found.result.set_number, lang, entry: 1 });
      expect(page.status).toBe(0);
      return page.result as any[];
    };
    // The catalogue holds both 数据库系统概论 and Database System Concepts.
    const english = await search("en", "Database System Concepts");
    expect(english.length).toBeGreaterThan(0);
    for (const book of english)
      expect(book).toMatchObject({ title: expect.stringMatching(/^Database System Concepts/), language: "eng", theme: "Computer science" });
    expect(await search("cn", "Database System Concepts")).toEqual([]);
    const chinese = await search("cn", "数据库系统概论");
    expect(chinese.length).toBeGreaterThan(0);
    for (const book of chinese)
      expect(book).toMatchObject({ title: expect.stringMatching(/^数据库系统概论/), language: "chi", theme: "计算机科学" });
    expect(await search("en", "数据库系统概论")).toEqual([]);
    // Any word of a subject both bases share: each switch lists its own language only.
    for (const book of await search("en", "Computer", "wrd")) expect(book.language).toBe("eng");
    for (const book of await search("cn", "计算机科学", "wrd")) expect(book.language).toBe("chi");

    // detail.vue sends no lang: an English record's copies are found all the same, and one can be reserved.
    const copies = await app.get("/libuser/book_detail/", { session: app.session, doc_num: english[0].doc_number });
    expect(copies.status).toBe(0);
    expect(copies.result.length).toBeGreaterThan(0);
    const lendable = copies.result.find((b: any) => b.loan_status === "外借书" && !/\d/.test(b.due_date));
    expect(lendable.sub_library[0]).toMatch(/^[总工信医]$/);
    const reserved = await app.get("/libuser/hold_req/", { session: app.session, bar_code: lendable.bar_code, pickup: "WL" });
    expect(reserved.status).toBe(0);
    const held = (await app.get("/libuser/hold_info/", { session: app.session })).result.find((h: any) => h.bar_code === lendable.bar_code);
    expect(held.book_info.title).toBe(english[0].title);
  });

  it("notice/index.vue and detail.vue: notices by type with urlEnable, contents and a T in publishTime", async () => {
    await admin("/notices", {
      type: "N",
      title: "闭馆通知",
      content: "第一行\n第二行",
      author: "办公室",
      publishTime: "2026-11-02 08:30:00",
    });
    await admin("/notices", {
      type: "N",
      title: "新馆开放",
      content: "详见链接",
      url: "https://lib.test/n/1",
      publishTime: "2026-11-03 09:00:00",
    });
    await admin("/notices", { type: "Z", title: "新数据库试用", content: "CNKI", publishTime: "2026-11-01 10:00:00" });
    const response = await app.get("/notice/", { type: "N" });
    expect(response).toMatchObject({ count: 2, next: null, previous: null });
    const [linked, plain] = response.results;
    expect(linked).toMatchObject({ urlEnable: true, url: "https://lib.test/n/1", title: "新馆开放" });
    expect(plain).toMatchObject({ urlEnable: false, contents: "第一行\n第二行", title: "闭馆通知" });
    // noticeCard: time.slice(0, 19).split('T')
    expect(plain.publishTime.slice(0, 19).split("T")).toEqual(["2026-11-02", "08:30:00"]);
    expect((await app.get("/notice/", { type: "Z" })).results.map((e: any) => e.title)).toEqual(["新数据库试用"]);
    expect((await app.get("/notice/", { type: "P" })).results).toEqual([]);
  });

  it("find.vue: activity banners' img_url and url", async () => {
    await admin("/activities", {
      title: "读书月",
      content: "好书推荐",
      image: "https://lib.test/banner.png",
      url: "https://lib.test/act/1",
      startTime: "2026-11-10 09:00",
      endTime: "2026-11-30 17:00",
    });
    const response = await app.get("/activity/", { session: app.session });
    expect(response.count).not.toBe(0);
    expect(response.results[0]).toMatchObject({ img_url: "https://lib.test/banner.png", url: "https://lib.test/act/1" });
  });

  it("training: the list the client's api calls, by type and with the session", async () => {
    await admin("/trainings", {
      type: "B",
      title: "论文写作",
      content: "NoteExpress",
      speaker: "王老师",
      place: "总馆 D 栋 117",
      startTime: "2026-12-01 18:30",
      endTime: "2026-12-01 20:00",
    });
    const all = await app.get("/training/", { type: "B" });
    expect(all.count).toBe(1);
    expect(all.results[0]).toMatchObject({
      title: "论文写作",
      contents: "NoteExpress",
      speaker: "王老师",
      place: "总馆 D 栋 117",
      type: "B",
    });
    expect(all.results[0].start_time.slice(0, 19)).toBe("2026-12-01T18:30:00");
    expect((await app.get("/training/", { type: "B", session: app.session })).results).toEqual([]);
  });

  it("suggest.vue: POST /advise/ with tel, contents and publishTime; a QQ number is kept too (the page thanks the user whatever the reply)", async () => {
    const response = await app.post("/advise/", { tel: "18642160183", contents: "希望延长开放时间", publishTime: "2026-11-05 21:34:00" });
    expect(response).toMatchObject({ id: expect.any(Number), tel: "18642160183", contents: "希望延长开放时间" });
    const qq = await app.post("/advise/", { tel: "QQ: 12345678", contents: "自习室太冷", publishTime: "2026-11-05 21:40:07" });
    expect(qq).toMatchObject({ status: 0, id: expect.any(Number), tel: "QQ: 12345678" });
  });

  it("/test/ answers", async () => {
    expect((await app.get("/test/")).status).toBe(0);
  });

  it("info.vue: unbind, after which the patron's pages need a library login again; a forged session sends the user to log in", async () => {
    expect((await app.get("/user/unbind_lib/", { session: app.session })).status).toBe(0);
    expect((await app.get("/user/vertify_session/", { session: app.session })).libBind).toBe(false);
    const r = await app.get("/libuser/borrow_info/", { session: app.session });
    expect(r.status).toBe(6);
    expect(app.toasts.at(-1)).toBe(r.detail);
    const before = app.sentToLogin;
    await app.get("/libuser/borrow_info/", { session: "forged.session.token" });
    expect(app.sentToLogin).toBe(before + 1);
  });
});
