import * as v from "valibot";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireArea, requireLogin } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import { accountDoc, doc, pageOf as pageDoc } from "../../docs";
import { ok } from "../../envelope";
import { paged, pageOf, pageParam } from "../../page";
import {
  accountCountQuery,
  accountQuery,
  accountsQuery,
  createAccount,
  DUPLICATE_ACCOUNT,
  deleteAccount,
  presentAccount,
  updateAccount,
} from "../../receiving-accounts";
import type { SummerApp } from "../../surface";
import { notFound } from "../../writes";

const who = { who: "staff: receiving_accounts (ADMIN, FINANCE)" };
const accountPath = "/admin/account_info/:account_id{[0-9]+}";

/** /admin/account_info/...: the receiving accounts (收款账户) students pay into. */
export function adminAccountInfoRoutes(app: SummerApp) {
  app.get(
    "/admin/account_info",
    doc("Receiving accounts, 10 a page", pageDoc(accountDoc), who),
    requireLogin,
    requireArea("receiving_accounts"),
    callerBeforeParams,
    params(v.object({ page: pageParam }), "GET"),
    async (c) => {
      const db = c.var.db;
      const { page, limit, offset } = pageOf(c);
      const [, rows, [{ total }]] = await callerAnd(c, accountsQuery(db, { limit, offset }), accountCountQuery(db));
      return ok(c, paged(c, page, total, rows.map(presentAccount)));
    },
  );

  app.post(
    "/admin/account_info",
    doc("Create a receiving account", accountDoc, {
      ...who,
      errors: [`400 ${DUPLICATE_ACCOUNT}`, "400 opening_bank for BANK, swift_code for DOLLAR"],
    }),
    requireLogin,
    requireArea(createAccount.area),
    callerBeforeParams,
    params(createAccount.params, "POST"),
    async (c) => ok(c, await createAccount.run(c, c.var.params)),
  );

  app.get(
    accountPath,
    doc("A receiving account", accountDoc, { ...who, errors: ["404 no such account"] }),
    requireLogin,
    requireArea("receiving_accounts"),
    callerBeforeParams,
    params(v.object({}), "GET"),
    async (c) => {
      const [, [row]] = await callerAnd(c, accountQuery(c.var.db, Number(c.req.param("account_id"))));
      if (!row) throw notFound();
      return ok(c, presentAccount(row));
    },
  );

  app.on(
    ["PUT", "PATCH"],
    accountPath,
    doc("Update a receiving account (fields sent are changed)", accountDoc, {
      ...who,
      errors: ["404 no such account", `400 ${DUPLICATE_ACCOUNT}`],
    }),
    requireLogin,
    requireArea(updateAccount.area),
    callerBeforeParams,
    params(updateAccount.params, "POST"),
    async (c) => ok(c, await updateAccount.run(c, c.var.params, Number(c.req.param("account_id")))),
  );

  app.delete(
    accountPath,
    doc("Delete a receiving account", v.null(), { ...who, errors: ["404 no such account"] }),
    requireLogin,
    requireArea(deleteAccount.area),
    callerBeforeParams,
    params(deleteAccount.params, "ANY"),
    async (c) => {
      await deleteAccount.run(c, c.var.params, Number(c.req.param("account_id")));
      return ok(c, null);
    },
  );
}
