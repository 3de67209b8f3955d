import { Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { redirectWith } from "../../../platform/console/flash";
import { render } from "../../../platform/console/page";
import { Field, Pager, PostForm, pageHref, pageParam, Select, Table } from "../../../platform/console/ui";
import { params } from "../../../platform/params";
import {
  accountCountQuery,
  accountQuery,
  accountsQuery,
  createAccount,
  deleteAccount,
  presentAccount,
  updateAccount,
} from "../receiving-accounts";
import { filled, found, kvText, pageWindow, perform, SUMMER_PAGE, staffAnd } from "./caller";
import { enumOptions, pathId } from "./ui";

/** 账户管理: the receiving accounts students pay to, one per payment method and currency. */
export const summerAccounts = new Hono<ConsoleEnv>({ strict: false });

const HERE = "/console/summer/accounts";

type Account = ReturnType<typeof presentAccount>;

const AccountFields = ({ a }: { a?: Account }) => (
  <>
    <Select label="付款方式" name="payment" options={enumOptions("account_payment")} value={a?.payment.key} required />
    <Select label="币种" name="currency" options={enumOptions("account_currency")} value={a?.currency.key ?? "RMB"} required />
    <Field label="账号" name="account_number" required maxlength={60} value={a?.account_number} />
    <Field label="户名" name="account_name" required maxlength={60} value={a?.account_name} />
    <Field label="开户行" name="opening_bank" maxlength={60} value={a?.opening_bank} hint="银行转账必填" />
    <Field label="SWIFT 代码" name="swift_code" maxlength={30} value={a?.swift_code} hint="美金账户必填" />
  </>
);

summerAccounts.get("/", params(v.object({ page: pageParam }), "GET"), async (c) => {
  const { page } = c.var.params;
  const db = c.var.db;
  const [, rows, [{ total }]] = await staffAnd(c, ["receiving_accounts"], accountsQuery(db, pageWindow(page)), accountCountQuery(db));
  const csrf = c.var.viewer.csrf;
  return render(
    c,
    "账户管理",
    <>
      <Table<Account>
        caption="收款账户列表"
        rows={rows.map(presentAccount)}
        empty="还没有收款账户"
        columns={[
          { label: "付款方式", cell: (a) => kvText(a.payment) },
          { label: "币种", cell: (a) => kvText(a.currency) },
          { label: "账号", cell: (a) => a.account_number },
          { label: "户名", cell: (a) => a.account_name },
          { label: "开户行", cell: (a) => a.opening_bank ?? "—" },
          { label: "SWIFT", cell: (a) => a.swift_code ?? "—" },
          {
            label: "操作",
            cell: (a) => (
              <>
                <a href={`${HERE}/${a.id}`}>编辑</a>{" "}
                <PostForm
                  action={`${HERE}/${a.id}/delete`}
                  csrf={csrf}
                  inline
                  confirm={`确定删除收款账户 ${a.account_number}？`}
                  label={`删除 ${a.account_number}`}
                >
                  <button type="submit" class="danger">
                    删除
                  </button>
                </PostForm>
              </>
            ),
          },
        ]}
      />
      <Pager page={page} size={SUMMER_PAGE} total={total} href={pageHref(HERE, {})} />
      <h2>新建收款账户</h2>
      <section class="card">
        <PostForm action={HERE} csrf={csrf} label="新建收款账户">
          <AccountFields />
          <button type="submit">创建</button>
        </PostForm>
      </section>
    </>,
  );
});

const text = v.optional(v.pipe(v.string(), v.trim()));
const form = v.object({ payment: text, currency: text, account_number: text, account_name: text, opening_bank: text, swift_code: text });

summerAccounts.post("/", params(form, "POST"), async (c) => {
  const created = await perform(c, createAccount, filled(c.var.params));
  return redirectWith(c, HERE, `已创建收款账户 ${created.account_number}`);
});

summerAccounts.get("/:id{[0-9]+}", params(v.object({}), "GET"), async (c) => {
  const id = pathId(c.req.param("id"));
  const [, [row]] = await staffAnd(c, ["receiving_accounts"], accountQuery(c.var.db, id));
  const a = presentAccount(found(row));
  return render(
    c,
    `编辑收款账户 ${a.account_number}`,
    <>
      <p>
        <a href={HERE}>← 返回账户管理</a>
      </p>
      <section class="card">
        <PostForm action={`${HERE}/${id}`} csrf={c.var.viewer.csrf} label="编辑收款账户">
          <AccountFields a={a} />
          <button type="submit">保存</button>
        </PostForm>
      </section>
    </>,
  );
});

summerAccounts.post("/:id{[0-9]+}", params(form, "POST"), async (c) => {
  const id = pathId(c.req.param("id"));
  // Blank optional fields are sent as empty: the write clears them (and refuses when its rules need them).
  const p = c.var.params;
  await perform(c, updateAccount, { ...filled(p), opening_bank: p.opening_bank ?? "", swift_code: p.swift_code ?? "" }, id);
  return redirectWith(c, `${HERE}/${id}`, "收款账户已保存");
});

summerAccounts.post("/:id{[0-9]+}/delete", params(v.object({}), "POST"), async (c) => {
  await perform(c, deleteAccount, {}, pathId(c.req.param("id")));
  return redirectWith(c, HERE, "收款账户已删除");
});
