import { describe, expect, it } from "vitest";
import { alephFault, lib, libraryUser } from "./library-helpers";

const ymd = /^\d{8}$/;
const dmy = /^\d{2}\/\d{2}\/\d{4}$/;
/** The holds on one record among the patron's (each patron also starts with two of their own). */
const holdsOn = (result: Array<{ hold_info: { doc_number: string } }>, doc: string) => result.filter((h) => h.hold_info.doc_number === doc);

describe("library account endpoints against the Aleph simulator", () => {
  it("bor_info, update_email and update_telephone", async () => {
    const u = await libraryUser("lib-circ-1", 11);
    const info = (await lib("/libuser/bor_info", { session: u.session })).body;
    expect(info).toMatchObject({
      status: 0,
      session: expect.any(String),
      result: {
        bor_id: u.borId,
        name: expect.any(String),
        prof: expect.any(String),
        department: expect.any(String),
        email: `${u.borId}@campus.test`,
        expiry: expect.stringMatching(ymd),
        balance: expect.stringMatching(/^\d+\.\d{2}$/),
      },
    });
    expect(info.result.loans).toBeGreaterThanOrEqual(2);
    expect((await lib("/libuser/update_email", { session: u.session, email: "reader@campus.test" })).body).toEqual({
      status: 0,
      session: u.session,
    });
    expect((await lib("/libuser/update_telephone", { session: u.session, tel: "13900001111" })).body).toEqual({
      status: 0,
      session: u.session,
    });
    expect((await lib("/libuser/bor_info", { session: u.session })).body.result).toMatchObject({
      email: "reader@campus.test",
      telephone: "13900001111",
    });
    expect((await lib("/libuser/update_email", { session: u.session, email: "not-an-email" })).body).toMatchObject({
      status: 4,
      err_msg: "PARAM_email_INVALID",
    });
    expect((await lib("/libuser/update_telephone", { session: u.session })).body).toMatchObject({ status: 4, err_msg: "PARAM_tel_MISS" });
  });

  it("borrow_info, loan_history, fine_info and visit_info", async () => {
    const u = await libraryUser("lib-circ-2", 12);
    const loans = (await lib("/libuser/borrow_info", { session: u.session })).body;
    expect(loans.status).toBe(0);
    expect(loans.result.length).toBeGreaterThanOrEqual(2);
    expect(loans.result[0]).toEqual({
      bar_code: expect.stringMatching(/^31\d{7}$/),
      loan_info: {
        doc_number: expect.stringMatching(/^\d{9}$/),
        item_sequence: expect.stringMatching(/^\d{6}$/),
        material: expect.any(String),
        sub_library: expect.any(String),
        loan_date: expect.stringMatching(ymd),
        loan_hour: expect.stringMatching(/^\d{4}$/),
        due_date: expect.stringMatching(ymd),
        due_hour: expect.stringMatching(/^\d{4}$/),
      },
      book_info: {
        doc_number: loans.result[0].loan_info.doc_number,
        title: expect.any(String),
        author: expect.any(String),
        publish: expect.any(String),
        year: expect.stringMatching(/^\d{4}$/),
        no_call: expect.any(String),
        isbn: expect.any(String),
      },
    });
    const history = (await lib("/libuser/loan_history", { session: u.session })).body;
    expect(history.result.length).toBeGreaterThanOrEqual(4);
    expect(history.result[0]).toEqual({
      booktitle: expect.any(String),
      author: expect.any(String),
      loandate: expect.stringMatching(ymd),
      returndate: expect.stringMatching(ymd),
    });
    expect(history.result[0].returndate > history.result[0].loandate).toBe(true);
    const fines = (await lib("/libuser/fine_info", { session: u.session })).body;
    expect(fines).toMatchObject({ status: 0, result: { balance: expect.stringMatching(/^\d+\.\d{2}$/), detail: expect.any(Array) } });
    const visits = (await lib("/libuser/visit_info", { session: u.session })).body;
    expect(visits.status).toBe(0);
    expect(Number(visits.result["visit-count"])).toBeGreaterThan(5);
    expect(visits.result["last-visit-time"]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it("renews a loan until the renewal limit, then refuses with status 6", async () => {
    const u = await libraryUser("lib-circ-3", 13);
    const [loan] = (await lib("/libuser/borrow_info", { session: u.session })).body.result;
    const first = (await lib("/libuser/renew", { session: u.session, bar_code: loan.bar_code })).body;
    expect(first).toMatchObject({ status: 0, result: { due_date: expect.stringMatching(ymd) } });
    expect(first.result.due_date > loan.loan_info.due_date).toBe(true);
    expect(first.reuslt).toEqual(first.result);
    // Renewing again the same day would not move the due date: Aleph refuses that.
    const again = (await lib("/libuser/renew", { session: u.session, bar_code: loan.bar_code })).body;
    expect(again).toMatchObject({
      status: 6,
      err_msg: "LIB_RENEW_ERROR",
      detail: "New due date must be bigger than current's loan due date",
    });
    const notMine = (await lib("/libuser/renew", { session: u.session, bar_code: "319999991" })).body;
    expect(notMine).toMatchObject({ status: 6, err_msg: "LIB_RENEW_ERROR", detail: "Item is not on loan to this patron" });
  });

  it("places and cancels a hold; hold_info lists it", async () => {
    const u = await libraryUser("lib-circ-4", 14);
    const placed = (await lib("/libuser/hold_req", { session: u.session, bar_code: "310002001", pickup: "XX" })).body;
    expect(placed).toMatchObject({
      status: 0,
      result: {
        hold_info: { doc_number: "000000200", item_sequence: "000010", sequence: "0001", pickup_loc: "XX", status: "In process" },
        bar_code: "310002001",
      },
    });
    expect(placed.result.hold_info.request_date).toMatch(dmy);
    const held = (await lib("/libuser/hold_info", { session: u.session })).body;
    expect(holdsOn(held.result, "000000200")).toEqual([
      expect.objectContaining({
        hold_info: expect.objectContaining({ doc_number: "000000200", sequence: "0001" }),
        book_info: expect.objectContaining({ title: expect.any(String) }),
      }),
    ]);
    const twice = (await lib("/libuser/hold_req", { session: u.session, bar_code: "310002001", pickup: "XX" })).body;
    expect(twice).toMatchObject({ status: 6, err_msg: "HOLD_REQ_ERROR", detail: "Patron has already requested this item" });
    expect((await lib("/libuser/hold_req", { session: u.session, bar_code: "310002001", pickup: "ZZ" })).body).toMatchObject({
      status: 4,
      err_msg: "PARAM_pickup_INVALID",
    });
    const cancel = (
      await lib("/libuser/hold_req_cancel", { session: u.session, doc_number: "000000200", item_sequence: "000010", sequence: "0001" })
    ).body;
    expect(cancel).toEqual({ status: 0, session: expect.any(String) });
    const left = (await lib("/libuser/hold_info", { session: u.session })).body.result;
    expect(holdsOn(left, "000000200")).toEqual([]);
    expect(left).toHaveLength(held.result.length - 1);
  });

  it("one user's session cannot cancel another's hold or renew another's loan", async () => {
    const alice = await libraryUser("lib-circ-alice", 15);
    const bob = await libraryUser("lib-circ-bob", 16);
    await lib("/libuser/hold_req", { session: alice.session, bar_code: "310002101", pickup: "WL" });
    const hold = { doc_number: "000000210", item_sequence: "000010", sequence: "0001" };
    expect((await lib("/libuser/hold_req_cancel", { session: bob.session, ...hold })).body).toMatchObject({
      status: 6,
      err_msg: "HOLD_CANCEL_ERROR",
    });
    expect(holdsOn((await lib("/libuser/hold_info", { session: alice.session })).body.result, "000000210")).toHaveLength(1);

    const [aliceLoan] = (await lib("/libuser/borrow_info", { session: alice.session })).body.result;
    const attempt = (await lib("/libuser/renew", { session: bob.session, bar_code: aliceLoan.bar_code })).body;
    expect(attempt).toMatchObject({ status: 6, err_msg: "LIB_RENEW_ERROR" });
    const after = (await lib("/libuser/borrow_info", { session: alice.session })).body.result;
    const same = after.find((l: { bar_code: string }) => l.bar_code === aliceLoan.bar_code);
    expect(same.loan_info.due_date).toBe(aliceLoan.loan_info.due_date);
  });

  it("refuses to renew an item another patron has requested", async () => {
    const owner = await libraryUser("lib-circ-owner", 17);
    const other = await libraryUser("lib-circ-other", 18);
    const [loan] = (await lib("/libuser/borrow_info", { session: owner.session })).body.result;
    expect((await lib("/libuser/hold_req", { session: other.session, bar_code: loan.bar_code, pickup: "GX" })).body.status).toBe(0);
    expect((await lib("/libuser/renew", { session: owner.session, bar_code: loan.bar_code })).body).toMatchObject({
      status: 6,
      detail: "Item is requested by another patron",
    });
  });

  it("two concurrent requests for the same copy place one hold", async () => {
    const u = await libraryUser("lib-circ-race", 20);
    const replies = await Promise.all(
      [1, 2, 3].map(() => lib("/libuser/hold_req", { session: u.session, bar_code: "310002201", pickup: "YX" }).then((r) => r.body.status)),
    );
    expect(replies.sort()).toEqual([0, 6, 6]);
    expect(holdsOn((await lib("/libuser/hold_info", { session: u.session })).body.result, "000000220")).toHaveLength(1);
  });

  it("a library timeout, HTTP error or garbage reply is status 3", async () => {
    const u = await libraryUser("lib-circ-5", 19);
    for (const kind of ["timeout", "http500", "garbage"] as const) {
      await alephFault("bor-info", kind);
      const started = Date.now();
      const { body } = await lib("/libuser/borrow_info", { session: u.session });
      expect(body).toEqual({ status: 3, err_msg: "SERVER_NETWORK_ERROR", session: expect.any(String) });
      expect(Date.now() - started).toBeLessThan(1400);
    }
    expect((await lib("/libuser/borrow_info", { session: u.session })).body.status).toBe(0);
  });

  it("the library timeout covers all the calls of one request: two slow ones answer status 3, not after the client gave up", async () => {
    const u = await libraryUser("lib-circ-slow", 21);
    const hold = (await lib("/libuser/hold_info", { session: u.session })).body.result.find(
      (h: { hold_info: { status: string } }) => h.hold_info.status === "In process",
    ).hold_info;
    const params = { session: u.session, doc_number: hold.doc_number, item_sequence: hold.item_sequence, sequence: hold.sequence };
    // Each call alone is in time (300 ms of the tests' 400): the holds check and the cancel together are not.
    await alephFault("bor-info", "slow");
    await alephFault("hold-req-cancel", "slow");
    expect((await lib("/libuser/hold_req_cancel", params)).body).toEqual({
      status: 3,
      err_msg: "SERVER_NETWORK_ERROR",
      session: expect.any(String),
    });
    await alephFault("bor-info", "slow");
    expect((await lib("/libuser/borrow_info", { session: u.session })).body.status).toBe(0);
    // Had the first call alone run out of time, the cancel's fault would be left over: clear it.
    await alephFault("hold-req-cancel", "http500", 0);
  });
});
