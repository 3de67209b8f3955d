import * as v from "valibot";
import { params } from "../../../platform/params";
import { storeCredential } from "../accounts";
import { requirePatron, requireSession } from "../auth";
import { endpoint, GET_POST, none } from "../docs";
import { ok } from "../envelope";
import { cancelOwnHold } from "../holds";
import type { LibraryApp } from "../index";
import { libraryPassword, publicKeyPem } from "../library-password";
import { asPatron, callLibrary } from "../library-system";
import * as s from "../schemas";
import type { LibraryCredential, LibrarySystem } from "../system";

/** The patron's own records, read as they are: one library call each. */
type Read = (sys: LibrarySystem, cred: LibraryCredential) => Promise<unknown>;
const reads: ReadonlyArray<readonly [path: string, summary: string, result: v.GenericSchema, read: Read]> = [
  ["/libuser/bor_info", "The patron's record", s.patronInfo, (sys, cred) => sys.patronInfo(cred)],
  ["/libuser/borrow_info", "Current loans", v.array(s.loan), (sys, cred) => sys.loans(cred)],
  ["/libuser/hold_info", "Hold requests", v.array(s.hold), (sys, cred) => sys.holds(cred)],
  ["/libuser/loan_history", "Returned loans", v.array(s.loan), (sys, cred) => sys.loanHistory(cred)],
  ["/libuser/fine_info", "Fines and the balance", s.fines, (sys, cred) => sys.fines(cred)],
  ["/libuser/visit_info", "Gate entries of the last 30 days", v.array(s.visit), (sys, cred) => sys.visits(cred)],
];

const renewed = v.object({ due_date: v.string() });

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
      const user = await callLibrary(c, (system) => system.authenticate(cred));
      await storeCredential(c.var.db, c.env, c.var.user.openid, cred);
      return ok(c, { user });
    },
  );

  for (const [path, summary, result, read] of reads) {
    app.on(GET_POST, path, endpoint(summary, s.reply({ result })), requirePatron, params(s.sessionOnly), async (c) =>
      ok(c, { result: await asPatron(c, c.var.user, read) }),
    );
  }

  app.on(
    GET_POST,
    "/libuser/update_email",
    endpoint("Change the patron's email", s.reply()),
    requirePatron,
    params(s.emailParams),
    async (c) => {
      await asPatron(c, c.var.user, (sys, cred) => sys.updateContact(cred, { email: c.var.params.email }));
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
      await asPatron(c, c.var.user, (sys, cred) => sys.updateContact(cred, { telephone: c.var.params.tel }));
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
      const result = await asPatron(c, c.var.user, (sys, cred) => sys.renew(cred, c.var.params.bar_code));
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
      const hold = await asPatron(c, c.var.user, (sys, cred) => sys.placeHold(cred, bar_code, pickup));
      return ok(c, { result: { ...hold, bar_code: hold.bar_code || bar_code } });
    },
  );

  app.on(
    GET_POST,
    "/libuser/hold_req_cancel",
    endpoint("Cancel one of the patron's hold requests", s.reply()),
    requirePatron,
    params(s.holdCancelParams),
    async (c) => {
      await asPatron(c, c.var.user, (sys, cred) => cancelOwnHold(sys, cred, c.var.params));
      return ok(c);
    },
  );

  app.on(
    GET_POST,
    "/libuser/find",
    endpoint("Search the catalogue; returns a set to read with present", s.reply({ result: s.searchSet })),
    requireSession,
    params(s.findParams),
    async (c) => ok(c, { result: await callLibrary(c, (sys) => sys.find(c.var.params.code, c.var.params.keyword)) }),
  );

  app.on(
    GET_POST,
    "/libuser/present",
    endpoint("Ten records of a search set from `entry` on", s.reply({ result: v.array(s.book) })),
    requireSession,
    params(s.presentParams),
    async (c) => ok(c, { result: await callLibrary(c, (sys) => sys.present(c.var.params.set_num, c.var.params.entry, 10)) }),
  );

  app.on(
    GET_POST,
    "/libuser/book_detail",
    endpoint("A record with its copies", s.reply({ result: s.bookDetail })),
    requireSession,
    params(s.detailParams),
    async (c) => ok(c, { result: await callLibrary(c, (sys) => sys.bookDetail(c.var.params.doc_num.padStart(9, "0"))) }),
  );

  app.on(
    GET_POST,
    "/libuser/bor_rank",
    endpoint("Most borrowed books (top 20)", s.reply({ result: v.array(s.rank) })),
    requireSession,
    params(s.rankParams),
    async (c) => {
      const { lang, category, time } = c.var.params;
      return ok(c, { result: await callLibrary(c, (sys) => sys.ranking({ lang, category, time })) });
    },
  );
}
