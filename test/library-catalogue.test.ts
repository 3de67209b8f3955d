import { describe, expect, it } from "vitest";
import { alephFault, lib, login } from "./library-helpers";

describe("catalogue search against the Aleph simulator", () => {
  it("finds by any word, then presents ten records at a time", async () => {
    const session = await login("lib-cat-1");
    const found = (await lib("/libuser/find", { session, keyword: "计算机科学", code: "wrd" })).body;
    expect(found).toMatchObject({ status: 0, result: { set_number: expect.stringMatching(/^\d+$/), no_records: expect.any(Number) } });
    expect(found.result.no_records).toBeGreaterThan(10);
    const page1 = (await lib("/libuser/present", { session, set_num: found.result.set_number })).body;
    expect(page1.status).toBe(0);
    expect(page1.result).toHaveLength(10);
    expect(page1.result[0]).toEqual({
      doc_number: expect.stringMatching(/^\d{9}$/),
      title: expect.any(String),
      author: expect.any(String),
      publisher: expect.any(String),
      year: expect.stringMatching(/^\d{4}$/),
      isbn: expect.any(String),
      call_no: expect.stringMatching(/^TP/),
      language: "chi",
    });
    const page2 = (await lib("/libuser/present", { session, set_num: found.result.set_number, entry: 11 })).body;
    expect(page2.result[0].doc_number).not.toBe(page1.result[0].doc_number);
    const beyond = (await lib("/libuser/present", { session, set_num: found.result.set_number, entry: 100_000 })).body;
    expect(beyond).toMatchObject({ status: 6, err_msg: "present" });
  });

  it("searches titles, authors, call numbers, ISBNs and ISSNs", async () => {
    const session = await login("lib-cat-2");
    const detail = (await lib("/libuser/book_detail", { session, doc_num: "1" })).body.result;
    const count = async (code: string, keyword: string) => (await lib("/libuser/find", { session, code, keyword })).body.result.no_records;
    expect(await count("wti", detail.title)).toBeGreaterThanOrEqual(1);
    expect(await count("WAU", detail.author)).toBeGreaterThanOrEqual(1);
    expect(await count("CAN", detail.call_no)).toBeGreaterThanOrEqual(1);
    expect(await count("ISB", detail.isbn)).toBe(1);
    expect(await count("ISS", "0254-4164")).toBeGreaterThanOrEqual(1);
    const none = (await lib("/libuser/find", { session, code: "wti", keyword: "没有这本书zzz" })).body;
    expect(none).toMatchObject({ status: 0, result: { set_number: "", no_records: 0, no_entries: 0 } });
    expect((await lib("/libuser/find", { session, code: "XYZ", keyword: "a" })).body).toMatchObject({
      status: 4,
      err_msg: "PARAM_code_INVALID",
    });
    expect((await lib("/libuser/find", { session, code: "wrd" })).body).toMatchObject({ status: 4, err_msg: "PARAM_keyword_MISS" });
  });

  it("book_detail shows the record and its copies", async () => {
    const session = await login("lib-cat-3");
    const { body } = await lib("/libuser/book_detail", { session, doc_num: "000000042" });
    expect(body.status).toBe(0);
    expect(body.result).toMatchObject({
      doc_number: "000000042",
      title: expect.any(String),
      subjects: [expect.any(String)],
      pages: expect.any(String),
    });
    expect(body.result.items.length).toBeGreaterThanOrEqual(1);
    expect(body.result.items[0]).toEqual({
      bar_code: "310000421",
      item_sequence: "000010",
      sub_library: expect.stringMatching(/分馆$/),
      collection: expect.any(String),
      call_no: body.result.call_no,
      status: expect.stringMatching(/^(在架|借出|预约)$/),
      due_date: body.result.items[0].status === "借出" ? expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) : null,
    });
    expect((await lib("/libuser/book_detail", { session, doc_num: "999999" })).body).toMatchObject({ status: 6, err_msg: "find-doc" });
  });

  it("ranks the most borrowed books by language, class and period", async () => {
    const session = await login("lib-cat-4");
    const all = (await lib("/libuser/bor_rank", { session, lang: "ALL", category: "ALL", time: "y" })).body;
    expect(all.status).toBe(0);
    expect(all.result).toHaveLength(20);
    expect(all.result[0]).toMatchObject({ rank: 1, loans: expect.any(Number), title: expect.any(String) });
    for (let i = 1; i < all.result.length; i++) expect(all.result[i - 1].loans).toBeGreaterThanOrEqual(all.result[i].loans);
    const tp = (await lib("/libuser/bor_rank", { session, lang: "01", category: "T", time: "m" })).body.result;
    expect(tp.length).toBeGreaterThan(0);
    for (const entry of tp) expect(entry.call_no).toMatch(/^T/);
    const english = (await lib("/libuser/bor_rank", { session, lang: "09", category: "ALL", time: "w" })).body.result;
    for (const entry of english) expect(entry.title).toMatch(/^[\x20-\x7e]+$/);
    expect((await lib("/libuser/bor_rank", { session, time: "d" })).body).toMatchObject({ status: 4, err_msg: "PARAM_time_INVALID" });
  });

  it("a slow catalogue is status 3 and does not hang the request", async () => {
    const session = await login("lib-cat-5");
    await alephFault("find", "timeout");
    const started = Date.now();
    expect((await lib("/libuser/find", { session, code: "wrd", keyword: "数学" })).body).toMatchObject({
      status: 3,
      err_msg: "SERVER_NETWORK_ERROR",
    });
    expect(Date.now() - started).toBeLessThan(1400);
  });

  it("catalogue search needs a session", async () => {
    expect((await lib("/libuser/find", { code: "wrd", keyword: "数学" })).body).toEqual({ status: 4, err_msg: "PARAM_session_MISS" });
    expect((await lib("/libuser/find", { session: "x.y.z", code: "wrd", keyword: "数学" })).body).toEqual({
      status: 1,
      err_msg: "LOGIN_FAILED",
    });
  });
});
