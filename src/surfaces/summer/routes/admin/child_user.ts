import * as v from "valibot";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireArea, requireLogin } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import { doc, emptyDoc, pageOf as pageDoc } from "../../docs";
import { done, ok } from "../../envelope";
import { paged, pageOf, pageParam } from "../../page";
import {
  createStaffAccount,
  presentStaffAccount,
  setStaffPassword,
  staffAccountCountQuery,
  staffAccountDoc,
  staffAccountQuery,
  staffAccountsQuery,
  USERNAME_TAKEN,
  updateStaffAccount,
} from "../../staff-accounts";
import type { SummerApp } from "../../surface";
import { notFound } from "../../writes";

const who = { who: "staff: staff_accounts (ADMIN)" };
const accountPath = "/admin/child_user/:user_id{[0-9]+}";

/** /admin/child_user/...: staff accounts (子账号), for ADMIN: list, create, detail, update, password, disabling. */
export function adminChildUserRoutes(app: SummerApp) {
  app.get(
    "/admin/child_user",
    doc("Staff accounts, 10 a page", pageDoc(staffAccountDoc), who),
    requireLogin,
    requireArea("staff_accounts"),
    callerBeforeParams,
    params(v.object({ page: pageParam }), "GET"),
    async (c) => {
      const db = c.var.db;
      const { page, limit, offset } = pageOf(c);
      const [, rows, [{ total }]] = await callerAnd(c, staffAccountsQuery(db, { limit, offset }), staffAccountCountQuery(db));
      return ok(c, paged(c, page, total, rows.map(presentStaffAccount)));
    },
  );

  app.post(
    "/admin/child_user",
    doc("Create a staff account (role ADMIN, MARKET, PRODUCT or FINANCE)", staffAccountDoc, {
      ...who,
      errors: [`400 ${USERNAME_TAKEN} (username)`],
    }),
    requireLogin,
    requireArea(createStaffAccount.area),
    callerBeforeParams,
    params(createStaffAccount.params, "POST"),
    async (c) => ok(c, await createStaffAccount.run(c, c.var.params)),
  );

  app.get(
    accountPath,
    doc("A staff account", staffAccountDoc, { ...who, errors: ["404 no such staff account"] }),
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

  app.on(
    ["PUT", "PATCH"],
    accountPath,
    doc("Update a staff account (fields sent are changed); is_active false disables it and ends its tickets", staffAccountDoc, {
      ...who,
      errors: ["404 no such staff account", `400 ${USERNAME_TAKEN}`, "400 an ADMIN cannot disable or demote their own account"],
    }),
    requireLogin,
    requireArea(updateStaffAccount.area),
    callerBeforeParams,
    params(updateStaffAccount.params, "POST"),
    async (c) => ok(c, await updateStaffAccount.run(c, c.var.params, Number(c.req.param("user_id")))),
  );

  app.put(
    "/admin/child_user/:user_id{[0-9]+}/update_password",
    doc("Set a staff account's password; its tickets end (one's own: all but the ticket used)", emptyDoc, {
      ...who,
      errors: ["404 no such staff account"],
    }),
    requireLogin,
    requireArea(setStaffPassword.area),
    callerBeforeParams,
    params(setStaffPassword.params, "POST"),
    async (c) => {
      await setStaffPassword.run(c, c.var.params, Number(c.req.param("user_id")));
      return done(c, "密码修改成功");
    },
  );
}
