import { asc, count, eq } from "drizzle-orm";
import * as v from "valibot";
import { summerPaymentAccounts } from "../../db/schema/summer";
import { params } from "../../platform/params";
import { accountDoc, doc, pageOf as pageDoc } from "./docs";
import { enumIn, kv } from "./enums";
import { ok } from "./envelope";
import { optText, str } from "./inputs";
import { paged, pageOf, pageParam } from "./page";
import { requireArea } from "./roles";
import { requireLogin } from "./session";
import type { SummerApp } from "./surface";
import { audit, auditIf, bad, defined, newestId, notFound, previousChanged, unique } from "./writes";

/** Receiving accounts (收款账户): one per payment method and currency; BANK needs the bank, DOLLAR the SWIFT code. */
type Row = typeof summerPaymentAccounts.$inferSelect;
const present = (a: Row) => ({
  id: a.id,
  account_number: a.accountNumber,
  account_name: a.accountName,
  opening_bank: a.openingBank,
  payment: kv("account_payment", a.payment),
  currency: kv("account_currency", a.currency),
  swift_code: a.swiftCode,
});
const DUPLICATE = "该付款方式和币种已有收款账户。";

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

/** The document's rules across fields. */
function check(a: Pick<Row, "payment" | "currency" | "openingBank" | "swiftCode">) {
  if (a.payment === "BANK" && !a.openingBank) throw bad("opening_bank", "银行转账必须填写开户行。");
  if (a.currency === "DOLLAR" && !a.swiftCode) throw bad("swift_code", "美金账户必须填写 swift_code。");
}

const accountPath = "/admin/account_info/:account_id{[0-9]+}";
const who = { who: "staff: receiving_accounts (ADMIN, FINANCE)" };

export function staffAccountRoutes(app: SummerApp) {
  app.get(
    "/admin/account_info",
    doc("Receiving accounts, 10 a page", pageDoc(accountDoc), who),
    requireLogin,
    requireArea("receiving_accounts"),
    params(v.object({ page: pageParam }), "GET"),
    async (c) => {
      const db = c.var.db;
      const { page, limit, offset } = pageOf(c);
      const [rows, [{ total }]] = await db.batch([
        db.select().from(summerPaymentAccounts).orderBy(asc(summerPaymentAccounts.id)).limit(limit).offset(offset),
        db.select({ total: count() }).from(summerPaymentAccounts),
      ]);
      return ok(c, paged(c, page, total, rows.map(present)));
    },
  );

  app.post(
    "/admin/account_info",
    doc("Create a receiving account", accountDoc, {
      ...who,
      errors: [`400 ${DUPLICATE}`, "400 opening_bank for BANK, swift_code for DOLLAR"],
    }),
    requireLogin,
    requireArea("receiving_accounts"),
    params(createParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
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
      check(values);
      const [[row]] = await unique("payment", DUPLICATE, () =>
        db.batch([
          db.insert(summerPaymentAccounts).values(values).returning(),
          audit(db, c.var.user.id, "create", "account_info", newestId(summerPaymentAccounts), null, values),
        ]),
      );
      return ok(c, present(row));
    },
  );

  app.get(
    accountPath,
    doc("A receiving account", accountDoc, { ...who, errors: ["404 no such account"] }),
    requireLogin,
    requireArea("receiving_accounts"),
    params(v.object({}), "GET"),
    async (c) => {
      const [row] = await c.var.db
        .select()
        .from(summerPaymentAccounts)
        .where(eq(summerPaymentAccounts.id, Number(c.req.param("account_id"))));
      if (!row) throw notFound();
      return ok(c, present(row));
    },
  );

  app.on(
    ["PUT", "PATCH"],
    accountPath,
    doc("Update a receiving account (fields sent are changed)", accountDoc, {
      ...who,
      errors: ["404 no such account", `400 ${DUPLICATE}`],
    }),
    requireLogin,
    requireArea("receiving_accounts"),
    params(updateParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const accountId = Number(c.req.param("account_id"));
      const p = c.var.params;
      const [before] = await db.select().from(summerPaymentAccounts).where(eq(summerPaymentAccounts.id, accountId));
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
      check(after);
      const [[row]] = await unique("payment", DUPLICATE, () =>
        db.batch([
          db.update(summerPaymentAccounts).set(changes).where(eq(summerPaymentAccounts.id, accountId)).returning(),
          audit(db, c.var.user.id, "update", "account_info", accountId, before, after),
        ]),
      );
      if (!row) throw notFound();
      return ok(c, present(row));
    },
  );

  app.delete(
    accountPath,
    doc("Delete a receiving account", v.null(), { ...who, errors: ["404 no such account"] }),
    requireLogin,
    requireArea("receiving_accounts"),
    params(v.object({}), "ANY"),
    async (c) => {
      const db = c.var.db;
      const accountId = Number(c.req.param("account_id"));
      const [before] = await db.select().from(summerPaymentAccounts).where(eq(summerPaymentAccounts.id, accountId));
      if (!before) throw notFound();
      const [gone] = await db.batch([
        db.delete(summerPaymentAccounts).where(eq(summerPaymentAccounts.id, accountId)).returning({ id: summerPaymentAccounts.id }),
        auditIf(db, c.var.user.id, "delete", "account_info", accountId, before, null, previousChanged),
      ]);
      if (gone.length === 0) throw notFound();
      return ok(c, null);
    },
  );
}
