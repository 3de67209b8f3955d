import { callerAnd } from "../../../../platform/caller";
import { missingParam } from "../../../../platform/errors";
import { params } from "../../../../platform/params";
import { requireCredit } from "../../auth";
import { bindingsOf, bindJh, bindZf } from "../../bind";
import { attemptRefusal, bindAttempts, normalPid } from "../../bind-attempts";
import { touchCredit } from "../../credits";
import { doc, refuseGet } from "../../docs";
import { ok, refuse } from "../../envelope";
import { HttpJhUpstream } from "../../http-upstream";
import type { JhApp } from "../../index";
import { policyOf } from "../../lockout";
import { MSG } from "../../messages";
import * as s from "../../schemas";
import { cachedTerms } from "../../term-cache";
import { campusToday, zfTermOf } from "../../time";
import { recordFailures } from "../../upstream-failures";

/** /api/bind: binding the 精弘 passport or 正方. */
export function bindRoutes(app: JhApp) {
  refuseGet(app, "/api/bind");

  app.post(
    "/api/bind",
    doc(
      "Bind the 精弘 passport (jh) or 正方 (zfedu)",
      [
        `jh: pid (student number) and password, checked with the 精弘 passport: ${[MSG.bindJhEmpty, MSG.bindJhFailed, MSG.boundJh].join("; ")} (a wrong password and an unknown student number alike). Five attempts within 15 minutes per account, and per student number from any account, lock that one for 15 minutes: ${MSG.locked(15)}. A student number bound to another account moves to this one; the other must bind again.`,
        `zfedu: password; needs a jh binding, which is checked again first: ${[MSG.noJhBinding, MSG.passwordEmpty, MSG.rebindJh, MSG.bindZfFailed, MSG.boundZf].join("; ")}.`,
        `lib, card, ycedu: ${MSG.inDevelopment}. Other bindnames: 402 ${MSG.bindType}. A bad credit: ${MSG.creditInvalid}.`,
        `A slow or unreachable upstream: 403 ${MSG.upstreamTimeout("精弘用户中心")} / ${MSG.upstreamDown("正方教务")}; a failed attempt leaves an existing binding as it was.`,
      ].join(" "),
      s.bindReply,
    ),
    params(s.bindParams, "POST"),
    requireCredit,
    async (c) => {
      const { db, params: p } = c.var;
      const now = Date.now();
      const upstream = new HttpJhUpstream(c.env, recordFailures(db, c.executionCtx));
      switch (p.bindname) {
        case "jh": {
          if (p.pid === undefined) throw missingParam("pid");
          if (p.password === undefined) throw missingParam("password");
          const pid = normalPid(p.pid);
          if (!pid || !p.password) {
            await callerAnd(c);
            throw refuse(MSG.bindJhEmpty);
          }
          const policy = policyOf(c.env);
          const [me, ...counted] = await callerAnd(c, ...bindAttempts(db, c.var.creditUser, pid, policy, now));
          await touchCredit(db, me.credit, now);
          const locked = attemptRefusal(counted, policy, now);
          if (locked) throw refuse(locked);
          const { msg, data } = await bindJh(db, c.env, upstream, me.user, { pid, password: p.password }, now);
          return ok(c, data, msg);
        }
        case "zfedu": {
          if (p.password === undefined) throw missingParam("password");
          const [me, bindings] = await callerAnd(c, bindingsOf(db, c.var.creditUser));
          await touchCredit(db, me.credit, now);
          const term = zfTermOf(await cachedTerms(db), campusToday(c.env));
          const { msg, data } = await bindZf(db, c.env, upstream, me.user, bindings, { password: p.password, term }, now);
          return ok(c, data, msg);
        }
        case "lib":
        case "card":
        case "ycedu":
          await callerAnd(c);
          throw refuse(MSG.inDevelopment);
        default:
          await callerAnd(c);
          throw refuse(MSG.bindType, 402);
      }
    },
  );
}
