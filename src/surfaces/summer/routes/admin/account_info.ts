import { asc, count, eq } from "drizzle-orm";
import * as v from "valibot";
import { summerPaymentAccounts } from "../../../../db/schema/summer";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireArea, requireLogin } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import { accountDoc, doc, pageOf as pageDoc } from "../../docs";
import { enumIn } from "../../enums";
import { ok } from "../../envelope";
import { optText, str } from "../../inputs";
import { paged, pageOf, pageParam } from "../../page";
import { checkAccount, DUPLICATE_ACCOUNT, presentAccount } from "../../receiving-accounts";
import type { SummerApp } from "../../surface";
import { audit, auditIf, defined, newestId, notFound, previousChanged, unique } from "../../writes";

const createParams = v.object({
  account_number: str(60),
  account_name: str(60),
  opening_bank: optText(60),
  payment: enumIn("account_payment"),
  currency: v.optional(enumIn("account_currency"), "RMB"),
  swift_code: optText(30),
});
const updateParams = v.object({
  account_number: v.optional(str(60)),
  account_name: v.optional(str(60)),
  opening_bank: optText(60),
  payment: v.optional(enumIn("account_payment")),
  currency: v.optional(enumIn("account_currency")),
  swift_code: optText(30),
});

const who = { who: "staff: receiving_accounts (ADMIN, FINANCE)" };

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
      const [, rows, [{ total }]] = await callerAnd(
        c,
        db.select().from(summerPaymentAccounts).orderBy(asc(summerPaymentAccounts.id)).limit(limit).offset(offset),
        db.select({ total: count() }).from(summerPaymentAccounts),
      );
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
    requireArea("receiving_accounts"),
    callerBeforeParams,
    params(createParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
      const [me] = await callerAnd(c);
      const now = Date.now();
      const values = {
        accountNumber: p.account_number,
        accountName: p.account_name,
        openingBank: p.opening_bank ?? null,
        payment: p.payment,
        currency: p.currency,
        swiftCode: p.swift_code ?? null,
        createdAt: now,
        updatedAt: now,
      };
      checkAccount(values);
      const [[row]] = await unique("payment", DUPLICATE_ACCOUNT, () =>
        db.batch([
          db.insert(summerPaymentAccounts).values(values).returning(),
          audit(db, me.id, "create", "account_info", newestId(summerPaymentAccounts), null, values),
        ]),
      );
      return ok(c, presentAccount(row));
    },
  );

  app.get(
    "/admin/account_info/:account_id{[0-9]+}",
    doc("A receiving account", accountDoc, { ...who, errors: ["404 no such account"] }),
    requireLogin,
    requireArea("receiving_accounts"),
    callerBeforeParams,
    params(v.object({}), "GET"),
    async (c) => {
      const db = c.var.db;
      const [, [row]] = await callerAnd(
        c,
        db
          .select()
          .from(summerPaymentAccounts)
          .where(eq(summerPaymentAccounts.id, Number(c.req.param("account_id")))),
      );
      if (!row) throw notFound();
      return ok(c, presentAccount(row));
    },
  );

  app.on(
    ["PUT", "PATCH"],
    "/admin/account_info/:account_id{[0-9]+}",
    doc("Update a receiving account (fields sent are changed)", accountDoc, {
      ...who,
      errors: ["404 no such account", `400 ${DUPLICATE_ACCOUNT}`],
    }),
    requireLogin,
    requireArea("receiving_accounts"),
    callerBeforeParams,
    params(updateParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const accountId = Number(c.req.param("account_id"));
      const p = c.var.params;
      const [me, [before]] = await callerAnd(c, db.select().from(summerPaymentAccounts).where(eq(summerPaymentAccounts.id, accountId)));
      if (!before) throw notFound();
      const changes = {
        accountNumber: p.account_number,
        accountName: p.account_name,
        openingBank: p.opening_bank,
        payment: p.payment,
        currency: p.currency,
        swiftCode: p.swift_code,
        updatedAt: Date.now(),
      };
      const after = { ...before, ...defined(changes) };
      checkAccount(after);
      const [[row]] = await unique("payment", DUPLICATE_ACCOUNT, () =>
        db.batch([
          db.update(summerPaymentAccounts).set(changes).where(eq(summerPaymentAccounts.id, accountId)).returning(),
          audit(db, me.id, "update", "account_info", accountId, before, after),
        ]),
      );
      if (!row) throw notFound();
      return ok(c, presentAccount(row));
    },
  );

  app.delete(
    "/admin/account_info/:account_id{[0-9]+}",
    doc("Delete a receiving account", v.null(), { ...who, errors: ["404 no such account"] }),
    requireLogin,
    requireArea("receiving_accounts"),
    callerBeforeParams,
    params(v.object({}), "ANY"),
    async (c) => {
      const db = c.var.db;
      const accountId = Number(c.req.param("account_id"));
      const [me, [before]] = await callerAnd(c, db.select().from(summerPaymentAccounts).where(eq(summerPaymentAccounts.id, accountId)));
      if (!before) throw notFound();
      const [gone] = await db.batch([
        db.delete(summerPaymentAccounts).where(eq(summerPaymentAccounts.id, accountId)).returning({ id: summerPaymentAccounts.id }),
        auditIf(db, me.id, "delete", "account_info", accountId, before, null, previousChanged),
      ]);
      if (gone.length === 0) throw notFound();
      return ok(c, null);
    },
  );
}
