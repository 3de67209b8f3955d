import { asc, count, eq } from "drizzle-orm";
import * as v from "valibot";
import { summerPaymentAccounts } from "../../db/schema/summer";
import type { Db } from "../../env";
import { callerAnd } from "../../platform/caller";
import { summerWrite } from "./call";
import { enumIn, kv } from "./enums";
import { optText, str } from "./inputs";
import type { Window } from "./page";
import { audit, auditIf, bad, defined, found, newestId, notFound, previousChanged, unique } from "./writes";

/** Receiving accounts (收款账户) students pay into: one per payment method and currency; BANK needs the bank, DOLLAR the SWIFT code. */
export type ReceivingAccount = typeof summerPaymentAccounts.$inferSelect;

export const DUPLICATE_ACCOUNT = "该付款方式和币种已有收款账户。";

export const presentAccount = (a: ReceivingAccount) => ({
  id: a.id,
  account_number: a.accountNumber,
  account_name: a.accountName,
  opening_bank: a.openingBank,
  payment: kv("account_payment", a.payment),
  currency: kv("account_currency", a.currency),
  swift_code: a.swiftCode,
});

/** The document's rules across fields. */
export function checkAccount(a: Pick<ReceivingAccount, "payment" | "currency" | "openingBank" | "swiftCode">) {
  if (a.payment === "BANK" && !a.openingBank) throw bad("opening_bank", "银行转账必须填写开户行。");
  if (a.currency === "DOLLAR" && !a.swiftCode) throw bad("swift_code", "美金账户必须填写 swift_code。");
}

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

/** A page of the receiving accounts, oldest first, and their count. */
export const accountsQuery = (db: Db, page: Window) =>
  db.select().from(summerPaymentAccounts).orderBy(asc(summerPaymentAccounts.id)).limit(page.limit).offset(page.offset);
export const accountCountQuery = (db: Db) => db.select({ total: count() }).from(summerPaymentAccounts);
export const accountQuery = (db: Db, id: number) => db.select().from(summerPaymentAccounts).where(eq(summerPaymentAccounts.id, id));

export const createAccount = summerWrite("receiving_accounts", createParams, async (call, p) => {
  const db = call.var.db;
  const [me] = await callerAnd(call);
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
  return presentAccount(row);
});

export const updateAccount = summerWrite("receiving_accounts", updateParams, async (call, p, accountId: number) => {
  const db = call.var.db;
  const [me, [before]] = await callerAnd(call, accountQuery(db, accountId));
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
  return presentAccount(found(row));
});

export const deleteAccount = summerWrite("receiving_accounts", v.object({}), async (call, _p, accountId: number) => {
  const db = call.var.db;
  const [me, [before]] = await callerAnd(call, accountQuery(db, accountId));
  if (!before) throw notFound();
  const [gone] = await db.batch([
    db.delete(summerPaymentAccounts).where(eq(summerPaymentAccounts.id, accountId)).returning({ id: summerPaymentAccounts.id }),
    auditIf(db, me.id, "delete", "account_info", accountId, before, null, previousChanged),
  ]);
  if (gone.length === 0) throw notFound();
});
