import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireCredit } from "../../auth";
import { touchCredit } from "../../credits";
import { doc, refuseGet } from "../../docs";
import { ok } from "../../envelope";
import type { JhApp } from "../../index";
import { MSG } from "../../messages";
import * as s from "../../schemas";
import { setInfo } from "../../setinfo";

/** /api/setinfo: the caller's email, portrait and phone. */
export function setinfoRoutes(app: JhApp) {
  refuseGet(app, "/api/setinfo");

  app.post(
    "/api/setinfo",
    doc(
      "Set email, portrait and phone (any of them)",
      `Every field sent is handled: e_email, e_portrait, e_phone are 2 changed, 1 refused (a malformed email or phone; a portrait that is not hex of a JPEG or PNG, or over 256 KiB), 0 not sent. ${MSG.infoSet}; a bad credit: ${MSG.creditInvalid}.`,
      s.setinfoReply,
    ),
    params(s.setinfoParams, "POST"),
    requireCredit,
    async (c) => {
      const { email, portrait, phone } = c.var.params;
      const [me] = await callerAnd(c);
      await touchCredit(c.var.db, me.credit, Date.now());
      return ok(c, await setInfo(c.var.db, c.env, me.user, { email, portrait, phone }), MSG.infoSet);
    },
  );
}
