import * as v from "valibot";
import { params } from "../../../platform/params";
import { requirePatron } from "../auth";
import { endpoint, GET_POST } from "../docs";
import { ok } from "../envelope";
import { cancelOwnHold } from "../holds";
import type { LibraryApp } from "../index";
import { asPatron } from "../library-system";
import * as s from "../schemas";

const renewed = v.object({ due_date: v.string() });

/** Renewing loans, placing and cancelling holds, as the library account. */
export function circulationRoutes(app: LibraryApp) {
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
}
