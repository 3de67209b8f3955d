import { describe, expect, it } from "vitest";
import { alephFault, lib, login } from "./library-helpers";

describe("catalogue search against the Aleph simulator", () => {
  it("finds by any word, then presents twenty records at a time; past the end, none", async () => {
    const session = await login("lib-cat-1");
    const found = (await lib("/libuser/find", { session, keyword: "计算机科学", code: "wrd" })).body;
    expect(found).toMatchObject({ status: 0, result: { set_number: expect.stringMatching(/^\d+$/), no_records: expect.any(Number) } });
    expect(found.result.no_records).toBeGreaterThan(20);
    const page1 = (await lib("/libuser/present", { session, set_num: found.result.set_number })).body;
    expect(page1.status).toBe(0);
    expect(page1.result).toHaveLength(20);
    // Chinese records are UNIMARC, read as MARC21 ones are.
    expect(page1.result[0]).toEqual({
      doc_number: expect.stringMatching(/^\d{9}$/),
      title: expect.any(String),
      version: "",
      publish: expect.stringMatching(/出版社|书局/),
      year: expect.stringMatching(/^\d{4}$/),
      page: expect.stringMatching(/页$/),
      description: expect.any(String),
      reader: "",
      author: expect.any(String),
      theme: "计算机科学",
      no_call: expect.stringMatching(/^TP/),
      isbn: expect.stringMatching(/^97\d{11}$/),
      language: "chi",
    });
    const english = page1.result.find((b: { language: string }) => b.language === "eng");
    if (english)
      expect(english).toMatchObject({ theme: "Computer science", publish: expect.any(String), no_call: expect.stringMatching(/^TP/) });
    const page2 = (await lib("/libuser/present", { session, set_num: found.result.set_number, entry: 21 })).body;
    expect(page2.result[0].doc_number).not.toBe(page1.result[0].doc_number);
    const beyond = (await lib("/libuser/present", { session, set_num: found.result.set_number, entry: 100_000 })).body;
    expect(beyond).toMatchObject({ status: 0, result: [] });
    expect((await lib("/libuser/present", { session, set_num: "424242" })).body).toMatchObject({ status: 6, err_msg: "LIB_PRESENT_ERROR" });
  });

  it("searches titles, authors, call numbers, ISBNs and ISSNs", async () => {
    const session = await login("lib-cat-2");
    const set = (await lib("/libuser/find", { session, code: "wrd", keyword: "数学" })).body.result.set_number;
    const [detail] = (await lib("/libuser/present", { session, set_num: set })).body.result;
    const count = async (code: string, keyword: string) => (await lib("/libuser/find", { session, code, keyword })).body.result.no_records;
    expect(await count("wti", detail.title)).toBeGreaterThanOrEqual(1);
    expect(await count("WAU", detail.author)).toBeGreaterThanOrEqual(1);
    expect(await count("CAN", detail.no_call)).toBeGreaterThanOrEqual(1);
    expect(await count("ISB", detail.isbn)).toBe(1);
    expect(await count("ISS", "0254-4164")).toBeGreaterThanOrEqual(1);
    const none = (await lib("/libuser/find", { session, code: "wti", keyword: "没有这本书zzz" })).body;
    expect(none).toMatchObject({ status: 0, result: { set_number: "", no_records: 0, no_entries: 0 } });
    expect((await lib("/libuser/present", { session, set_num: "" })).body).toMatchObject({ status: 0, result: [] });
    expect((await lib("/libuser/find", { session, code: "XYZ", keyword: "a" })).body).toMatchObject({
      status: 4,
      err_msg: "PARAM_code_INVALID",
    });
    expect((await lib("/libuser/find", { session, code: "wrd" })).body).toMatchObject({ status: 4, err_msg: "PARAM_keyword_MISS" });
  });

  it("book_detail lists the copies with their state", async () => {
    const session = await login("lib-cat-3");
    const { body } = await lib("/libuser/book_detail", { session, doc_num: "000000042" });
    expect(body.status).toBe(0);
    expect(body.result.length).toBeGreaterThanOrEqual(1);
    expect(body.result[0]).toEqual({
      bar_code: "310000421",
      sub_library: expect.stringMatching(/^(总馆|信息分馆|工学分馆|医学分馆)$/),
      location: expect.any(String),
      loan_status: expect.stringMatching(/^(外借书|阅览)$/),
      due_date: expect.stringMatching(/^(On Shelf|Reshelving|\d{2}\/\d{2}\/\d{4})$/),
      due_hour: expect.any(String),
      rfid: "",
    });
    // The third copy of a title is for the reading room only: the client offers no hold on it.
    const states = new Set<string>();
    for (let doc = 1; doc <= 40; doc++) {
      for (const copy of (await lib("/libuser/book_detail", { session, doc_num: String(doc) })).body.result) {
        states.add(`${copy.loan_status} ${/\d/.test(copy.due_date) ? "date" : copy.due_date}`);
      }
    }
    // No patron here has borrowed anything (copies on loan, with their due date, are in library-client.test.ts).
    expect(states).toEqual(new Set(["外借书 On Shelf", "外借书 Reshelving", "阅览 On Shelf"]));
    expect((await lib("/libuser/book_detail", { session, doc_num: "999999" })).body).toMatchObject({
      status: 6,
      err_msg: "LIB_CIRC_ERROR",
    });
  });

  it("ranks the most borrowed books by language, class and period", async () => {
    const session = await login("lib-cat-4");
    const all = (await lib("/libuser/bor_rank", { session, lang: "ALL", category: "ALL", time: "y" })).body;
    expect(all.status).toBe(0);
    expect(all.result).toHaveLength(20);
    expect(all.result[0]).toEqual({
      doc_number: expect.stringMatching(/^\d{9}$/),
      bor_num: expect.any(Number),
      title: expect.any(String),
      author: expect.any(String),
    });
    for (let i = 1; i < all.result.length; i++) expect(all.result[i - 1].bor_num).toBeGreaterThanOrEqual(all.result[i].bor_num);
    const tp = (await lib("/libuser/bor_rank", { session, lang: "01", category: "T", time: "m" })).body.result;
    expect(tp.length).toBeGreaterThan(0);
    for (const entry of tp) expect(entry.title).not.toMatch(/^[\x20-\x7e]+$/);
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

  it("lang picks the base as the original server did: cn (or none) the Chinese one, any other value the foreign one", async () => {
    const session = await login("lib-cat-6");
    const languages = async (lang?: string) => {
      const found = (await lib("/libuser/find", { session, code: "wrd", keyword: "a", ...(lang === undefined ? {} : { lang }) })).body;
      expect(found.status).toBe(0);
      if (!found.result.set_number) return new Set<string>();
      const page = (await lib("/libuser/present", { session, set_num: found.result.set_number, ...(lang === undefined ? {} : { lang }) }))
        .body;
      return new Set(page.result.map((b: { language: string }) => b.language));
    };
    // "a" occurs in English titles, authors and publishers; in the Chinese records only in a few romanised names.
    for (const lang of ["en", "EN", "fr", ""]) expect(await languages(lang)).toEqual(new Set(["eng"]));
    for (const lang of ["cn", undefined]) expect([...(await languages(lang))].every((l) => l === "chi")).toBe(true);
    // An English periodical's ISSN is found with the English switch only.
    const issn = async (lang: string) =>
      (await lib("/libuser/find", { session, code: "ISS", keyword: "0036-8075", lang })).body.result.no_records;
    expect(await issn("en")).toBeGreaterThanOrEqual(1);
    expect(await issn("cn")).toBe(0);
  });

  it("book_detail finds a foreign record's copies in the foreign base; a lang given names the base", async () => {
    const session = await login("lib-cat-7");
    const set = (await lib("/libuser/find", { session, code: "wti", keyword: "Calculus", lang: "en" })).body.result.set_number;
    const [english] = (await lib("/libuser/present", { session, set_num: set, lang: "en" })).body.result;
    const copies = (await lib("/libuser/book_detail", { session, doc_num: english.doc_number })).body;
    expect(copies.status).toBe(0);
    expect(copies.result[0].bar_code).toMatch(new RegExp(`^31${english.doc_number.slice(-6)}\\d$`));
    expect((await lib("/libuser/book_detail", { session, doc_num: english.doc_number, lang: "en" })).body.result).toEqual(copies.result);
    expect((await lib("/libuser/book_detail", { session, doc_num: english.doc_number, lang: "cn" })).body).toMatchObject({
      status: 6,
      err_msg: "LIB_CIRC_ERROR",
      detail: "Document does not exist",
    });
    // The Chinese base unreachable is an outage (status 3), not a reason to show the foreign base's record.
    await alephFault("circ-status", "http500");
    expect((await lib("/libuser/book_detail", { session, doc_num: english.doc_number })).body).toMatchObject({ status: 3 });
  });

  it("catalogue search needs a session", async () => {
    expect((await lib("/libuser/find", { code: "wrd", keyword: "数学" })).body).toEqual({ status: 4, err_msg: "PARAM_session_MISS" });
    expect((await lib("/libuser/find", { session: "x.y.z", code: "wrd", keyword: "数学" })).body).toEqual({
      status: 1,
      err_msg: "LOGIN_FAILED",
    });
  });
});
