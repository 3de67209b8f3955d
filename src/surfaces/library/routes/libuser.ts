import * as v from "valibot";
import { params } from "../../../platform/params";
import { storeCredential } from "../accounts";
import { requirePatron, requireSession } from "../auth";
import { endpoint, GET_POST, none } from "../docs";
import { ok } from "../envelope";
import { cancelOwnHold, HOLD_CANCEL_ERROR } from "../holds";
import type { LibraryApp } from "../index";
import { libraryPassword, publicKeyPem } from "../library-password";
import { asPatron, callLibrary } from "../library-system";
import {
  bookRecord,
  compactDate,
  copyRecord,
  fineRecords,
  historyRecord,
  holdRecord,
  loanRecord,
  loginUser,
  patronRecord,
  rankRecord,
  visitStats,
} from "../replies";
import * as s from "../schemas";
import type { LibraryCredential, LibrarySystem } from "../system";

/** The patron's own records, read as they are: one library call each, answered as the client reads them. */
type Read = (sys: LibrarySystem, cred: LibraryCredential) => Promise<unknown>;
const reads: ReadonlyArray<readonly [path: string, summary: string, errMsg: string, result: v.GenericSchema, read: Read]> = [
  [
    "/libuser/bor_info",
    "The patron's record",
    "BOR_INFO_ERROR",
    s.patronInfo,
    async (sys, cred) => patronRecord(await sys.patronInfo(cred)),
  ],
  [
    "/libuser/borrow_info",
    "Current loans",
    "BOR_INFO_ERROR",
    v.array(s.loan),
    async (sys, cred) => (await sys.loans(cred)).map(loanRecord),
  ],
  ["/libuser/hold_info", "Hold requests", "BOR_INFO_ERROR", v.array(s.hold), async (sys, cred) => (await sys.holds(cred)).map(holdRecord)],
  [
    "/libuser/loan_history",
    "Returned loans, latest first",
    "LOAN_HISTORY_ERROR",
    v.array(s.history),
    async (sys, cred) => (await sys.loanHistory(cred)).map(historyRecord),
  ],
  ["/libuser/fine_info", "Fines and the balance", "BOR_INFO_ERROR", s.fines, async (sys, cred) => fineRecords(await sys.fines(cred))],
  ["/libuser/visit_info", "Gate statistics", "VISIT_INFO_ERROR", s.visits, async (sys, cred) => visitStats(await sys.visits(cred))],
];

const renewed = v.object({ due_date: v.pipe(v.string(), v.description("YYYYMMDD")) });

/**
 * /libuser/...: logging in to the library account; as that account, its
 * records, contact details, renewals and holds (requirePatron); with a session
 * only, the catalogue and the loan ranking (requireSession).
 */
export function libuserRoutes(app: LibraryApp) {
  app.on(
    GET_POST,
    "/libuser/public_key",
    endpoint(
      "The RSA public key (SPKI PEM) to encrypt libPsw with, as JSEncrypt's setPublicKey takes it",
      s.reply({ public_key: v.string() }),
    ),
    params(none),
    async (c) => ok(c, { public_key: await publicKeyPem(c.env) }),
  );

  app.on(
    GET_POST,
    "/libuser/login",
    endpoint(
      "Log in to the library account (libPsw RSA-encrypted) and bind it",
      s.reply({ user: s.patron }),
      "Status 5 RSA_KEY_ERROR when libPsw is not base64 or not the key's length. A ciphertext whose padding is wrong is answered exactly as a wrong password: status 6 from bor-auth. At most 5 attempts a minute per user and per card (status 6 LIBRARY_LOGIN_LIMITED).",
    ),
    requireSession,
    params(s.libLoginParams),
    async (c) => {
      const { libId, libPsw } = c.var.params;
      const cred = { borId: libId, verification: await libraryPassword(c.env, c.var.user.openid, libId, libPsw) };
      const patron = await callLibrary(c, "BOR_AUTH_ERROR", (system) => system.authenticate(cred));
      await storeCredential(c.var.db, c.env, c.var.user.openid, cred);
      return ok(c, { user: loginUser(patron, libId) });
    },
  );

  for (const [path, summary, errMsg, result, read] of reads) {
    app.on(GET_POST, path, endpoint(summary, s.reply({ result })), requirePatron, params(s.sessionOnly), async (c) =>
      ok(c, { result: await asPatron(c, c.var.user, errMsg, read) }),
    );
  }

  app.on(
    GET_POST,
    "/libuser/update_email",
    endpoint("Change the patron's email", s.reply()),
    requirePatron,
    params(s.emailParams),
    async (c) => {
      await asPatron(c, c.var.user, "UPDATE_EMAIL_ERROR", (sys, cred) => sys.updateContact(cred, { email: c.var.params.email }));
      return ok(c);
    },
  );

  app.on(
    GET_POST,
    "/libuser/update_telephone",
    endpoint("Change the patron's telephone", s.reply()),
    requirePatron,
    params(s.telParams),
    async (c) => {
      await asPatron(c, c.var.user, "UPDATE_TEL_ERROR", (sys, cred) => sys.updateContact(cred, { telephone: c.var.params.tel }));
      return ok(c);
    },
  );

  app.on(
    GET_POST,
    "/libuser/renew",
    endpoint(
      "Renew one of the patron's loans",
      s.reply({ result: renewed, reuslt: v.pipe(renewed, v.description("The same as result, under the document's spelling")) }),
      "Refusals (renewal limit reached, requested by another patron, not on loan to you) are status 6.",
    ),
    requirePatron,
    params(s.renewParams),
    async (c) => {
      const { due_date } = await asPatron(c, c.var.user, "LIB_RENEW_ERROR", (sys, cred) => sys.renew(cred, c.var.params.bar_code));
      const result = { due_date: compactDate(due_date) };
      return ok(c, { result, reuslt: result });
    },
  );

  app.on(
    GET_POST,
    "/libuser/hold_req",
    endpoint("Request a copy, to be picked up at WL, XX, GX or YX", s.reply({ result: s.hold })),
    requirePatron,
    params(s.holdParams),
    async (c) => {
      const { bar_code, pickup } = c.var.params;
      const hold = await asPatron(c, c.var.user, "HOLD_REQ_ERROR", (sys, cred) => sys.placeHold(cred, bar_code, pickup));
      return ok(c, { result: holdRecord({ ...hold, bar_code: hold.bar_code || bar_code }) });
    },
  );

  app.on(
    GET_POST,
    "/libuser/hold_req_cancel",
    endpoint("Cancel one of the patron's hold requests", s.reply()),
    requirePatron,
    params(s.holdCancelParams),
    async (c) => {
      await asPatron(c, c.var.user, HOLD_CANCEL_ERROR, (sys, cred) => cancelOwnHold(sys, cred, c.var.params));
      return ok(c);
    },
  );

  app.on(
    GET_POST,
    "/libuser/find",
    endpoint(
      "Search the catalogue; returns a set to read with present",
      s.reply({ result: s.searchSet }),
      "Nothing found is status 0 with an empty set_number and no_records 0.",
    ),
    requireSession,
    params(s.findParams),
    async (c) => {
      const { code, keyword, lang } = c.var.params;
      return ok(c, { result: await callLibrary(c, "LIB_FIND_ERROR", (sys) => sys.find(code, keyword, lang)) });
    },
  );

  app.on(
    GET_POST,
    "/libuser/present",
    endpoint(
      `${s.PRESENT_PAGE} records of a search set from \`entry\` on`,
      s.reply({ result: v.array(s.book) }),
      "Past the end of the set, or for the empty set, result is [] (the client then says 没有更多了).",
    ),
    requireSession,
    params(s.presentParams),
    async (c) => {
      const { set_num, entry, lang } = c.var.params;
      const books = set_num ? await callLibrary(c, "LIB_PRESENT_ERROR", (sys) => sys.present(set_num, entry, s.PRESENT_PAGE, lang)) : [];
      return ok(c, { result: books.map(bookRecord) });
    },
  );

  app.on(
    GET_POST,
    "/libuser/book_detail",
    endpoint("The copies of a record, each with its state", s.reply({ result: v.array(s.copy) })),
    requireSession,
    params(s.detailParams),
    async (c) => {
      const { doc_num, lang } = c.var.params;
      const copies = await callLibrary(c, "LIB_CIRC_ERROR", (sys) => sys.copies(doc_num.padStart(9, "0"), lang));
      return ok(c, { result: copies.map(copyRecord) });
    },
  );

  app.on(
    GET_POST,
    "/libuser/bor_rank",
    endpoint("Most borrowed books (top 20)", s.reply({ result: v.array(s.rank) })),
    requireSession,
    params(s.rankParams),
    async (c) => {
      const { lang, category, time } = c.var.params;
      return ok(c, { result: (await callLibrary(c, "BOR_RANK_ERROR", (sys) => sys.ranking({ lang, category, time }))).map(rankRecord) });
    },
  );
}
