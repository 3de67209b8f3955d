import * as v from "valibot";
import { params } from "../../../platform/params";
import { requirePatron } from "../auth";
import { endpoint, GET_POST } from "../docs";
import { ok } from "../envelope";
import type { LibraryApp } from "../index";
import { asPatron } from "../library-system";
import * as s from "../schemas";
import type { LibraryCredential, LibrarySystem } from "../system";

/** The patron's own records, read as they are: one library call each. */
type Read = (sys: LibrarySystem, cred: LibraryCredential) => Promise<unknown>;
const reads: ReadonlyArray<readonly [name: string, summary: string, result: v.GenericSchema, read: Read]> = [
  ["bor_info", "The patron's record", s.patronInfo, (sys, cred) => sys.patronInfo(cred)],
  ["borrow_info", "Current loans", v.array(s.loan), (sys, cred) => sys.loans(cred)],
  ["hold_info", "Hold requests", v.array(s.hold), (sys, cred) => sys.holds(cred)],
  ["loan_history", "Returned loans", v.array(s.loan), (sys, cred) => sys.loanHistory(cred)],
  ["fine_info", "Fines and the balance", s.fines, (sys, cred) => sys.fines(cred)],
  ["visit_info", "Gate entries of the last 30 days", v.array(s.visit), (sys, cred) => sys.visits(cred)],
];

/** The patron's records and contact details, as the library account. */
export function patronRoutes(app: LibraryApp) {
  for (const [name, summary, result, read] of reads) {
    app.on(GET_POST, `/libuser/${name}`, endpoint(summary, s.reply({ result })), requirePatron, params(s.sessionOnly), async (c) =>
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
}
