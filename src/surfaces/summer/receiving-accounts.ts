import type { summerPaymentAccounts } from "../../db/schema/summer";
import { kv } from "./enums";
import { bad } from "./writes";

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
