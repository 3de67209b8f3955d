import * as v from "valibot";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireArea, requireLogin } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import { doc } from "../../docs";
import { ok } from "../../envelope";
import { presentStaffAccount, staffAccountDoc, staffAccountQuery } from "../../staff-accounts";
import type { SummerApp } from "../../surface";
import { notFound } from "../../writes";

/** /admin/user/{user_id}: a staff account (子账号), the same as /admin/child_user/{user_id}. */
export function adminUserRoutes(app: SummerApp) {
  app.get(
    "/admin/user/:user_id{[0-9]+}",
    doc("A staff account", staffAccountDoc, { who: "staff: staff_accounts (ADMIN)", errors: ["404 no such staff account"] }),
    requireLogin,
    requireArea("staff_accounts"),
    callerBeforeParams,
    params(v.object({}), "GET"),
    async (c) => {
      const [, [row]] = await callerAnd(c, staffAccountQuery(c.var.db, Number(c.req.param("user_id"))));
      if (!row) throw notFound();
      return ok(c, presentStaffAccount(row));
    },
  );
}
