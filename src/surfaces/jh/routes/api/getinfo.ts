import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireCredit } from "../../auth";
import { bindingsOf } from "../../bind";
import { touchCredit } from "../../credits";
import { doc, refuseGet } from "../../docs";
import { ok, refuse } from "../../envelope";
import type { JhApp } from "../../index";
import { baseInfo, bindInfo } from "../../info";
import { MSG } from "../../messages";
import * as s from "../../schemas";

/** /api/getinfo: the caller's bindings or base information. */
export function getinfoRoutes(app: JhApp) {
  refuseGet(app, "/api/getinfo");

  app.post(
    "/api/getinfo",
    doc(
      "The caller's bindings (type=bind) or base information (type=base)",
      `bind: jh, lib, zfedu, ycedu, card in that order, {bindname, pid, state} (pid only for jh). base: username, nickname, usertype, portrait, email, phone, permission_msgboard. ${MSG.got}; another type: ${MSG.noSuchType}; a bad credit: ${MSG.creditInvalid}.`,
      s.getinfoReply,
    ),
    params(s.getinfoParams, "POST"),
    requireCredit,
    async (c) => {
      const { db, params: p } = c.var;
      if (p.type === "bind") {
        const [me, bindings] = await callerAnd(c, bindingsOf(db, c.var.creditUser));
        await touchCredit(db, me.credit, Date.now());
        return ok(c, bindInfo(bindings), MSG.got);
      }
      const [me] = await callerAnd(c);
      await touchCredit(db, me.credit, Date.now());
      if (p.type === "base") return ok(c, await baseInfo(c.env, me.user), MSG.got);
      throw refuse(MSG.noSuchType);
    },
  );
}
