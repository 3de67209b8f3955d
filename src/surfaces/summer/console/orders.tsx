import { Hono } from "hono";
import * as v from "valibot";
import { CURRENCIES, ORDER_PAYMENTS, ORDER_STATUSES } from "../../../db/schema/summer";
import type { ConsoleEnv } from "../../../platform/console/env";
import { redirectWith } from "../../../platform/console/flash";
import { render, when } from "../../../platform/console/page";
import { Badge, Facts, Field, Pager, PostForm, pageHref, pageParam, Select, Table } from "../../../platform/console/ui";
import { params } from "../../../platform/params";
import { orderCountQuery, orderFilter, orderPageQuery, orderQuery, presentOrder, receivingAccountsQuery } from "../order-read";
import { changeOrderStatus } from "../order-status";
import { fileHref, filled, found, kvText, pageWindow, perform, SUMMER_PAGE, staffAnd } from "./caller";
import { enumOptions, Filters, pathId } from "./ui";

/** 财务中心: orders to confirm, each with its payment proof beside it; confirm or fail the payment. */
export const summerOrders = new Hono<ConsoleEnv>({ strict: false });

const HERE = "/console/summer/orders";

type Order = ReturnType<typeof presentOrder>;

const TONES: Record<string, "ok" | "bad" | "warn" | undefined> = {
  CONFIRMED: "ok",
  CONFIRM_FAILED: "bad",
  CANCELED: "bad",
  TO_CONFIRM: "warn",
};
const StatusBadge = ({ status }: { status: Order["status"] }) => <Badge tone={TONES[status.key]}>{status.verbose}</Badge>;

const choice = <K extends string>(name: string, keys: readonly K[]) => v.optional(v.picklist(["", ...keys], `${name}不是合法选项`));

const filters = v.object({
  page: pageParam,
  // The page opens on the orders waiting for a decision; "全部" (empty) lists every order.
  status: v.optional(choice("状态", ORDER_STATUSES), "TO_CONFIRM"),
  payment: choice("支付方式", ORDER_PAYMENTS),
  currency: choice("币种", CURRENCIES),
  user: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^\d{0,9}$/, "学生编号应为数字"))),
});

summerOrders.get("/", params(filters, "GET"), async (c) => {
  const f = c.var.params;
  const kept = { status: f.status, payment: f.payment, currency: f.currency, user: f.user };
  const db = c.var.db;
  const where = orderFilter({
    status: f.status || undefined,
    payment: f.payment || undefined,
    currency: f.currency || undefined,
    user: f.user ? Number(f.user) : undefined,
    none_canceled_order: !f.status,
  });
  const window = pageWindow(f.page);
  const [, orders, [{ total }], accounts] = await staffAnd(
    c,
    ["orders"],
    orderPageQuery(db, where, window.limit, window.offset),
    orderCountQuery(db, where),
    receivingAccountsQuery(db),
  );
  return render(
    c,
    "财务中心·订单",
    <>
      <Filters action={HERE}>
        <Select label="状态" name="status" options={enumOptions("order_status", true)} value={f.status} />
        <Select label="支付方式" name="payment" options={enumOptions("order_payment", true)} value={f.payment ?? ""} />
        <Select label="币种" name="currency" options={enumOptions("order_currency", true)} value={f.currency ?? ""} />
        <Field label="学生编号" name="user" type="number" min={1} value={f.user || undefined} />
      </Filters>
      <p class="muted">“全部”不含已取消的订单；按状态“已取消”可查看它们。</p>
      <Table<Order>
        caption="订单列表"
        rows={orders.map((o) => presentOrder(o, accounts, c.req.url))}
        empty="没有符合条件的订单"
        columns={[
          { label: "订单号", cell: (o) => <a href={`${HERE}/${o.id}`}>{o.id}</a> },
          { label: "学生编号", cell: (o) => o.user },
          { label: "项目", cell: (o) => o.project?.name ?? "—" },
          { label: "应付", cell: (o) => `${o.pay_fee} ${kvText(o.currency)}` },
          { label: "支付方式", cell: (o) => kvText(o.payment) },
          { label: "状态", cell: (o) => <StatusBadge status={o.status} /> },
          { label: "下单时间", cell: (o) => when(c, Date.parse(o.create_time)) },
          { label: "操作", cell: (o) => <a href={`${HERE}/${o.id}`}>查看</a> },
        ]}
      />
      <Pager page={f.page} size={SUMMER_PAGE} total={total} href={pageHref(HERE, kept)} />
    </>,
  );
});

summerOrders.get("/:id{[0-9]+}", params(v.object({}), "GET"), async (c) => {
  const id = pathId(c.req.param("id"));
  const db = c.var.db;
  const [, [row], accounts] = await staffAnd(c, ["orders"], orderQuery(db, id), receivingAccountsQuery(db));
  const o = presentOrder(found(row), accounts, c.req.url);
  const payed = o.order_payed_info;
  const proof = fileHref(payed?.img);
  const csrf = c.var.viewer.csrf;
  return render(
    c,
    `订单 ${o.id}`,
    <>
      <p>
        <a href={HERE}>← 返回订单列表</a>
      </p>
      <div class="grid">
        <section class="card" aria-label="订单信息">
          <h2>订单信息</h2>
          <Facts
            items={[
              ["状态", <StatusBadge status={o.status} />],
              ["学生编号", o.user],
              ["项目", o.project?.name ?? "—"],
              ["课程数", o.course_num],
              ["标准费用", `${o.standard_fee} ${kvText(o.currency)}`],
              ["应付金额", `${o.pay_fee} ${kvText(o.currency)}`],
              ["支付方式", kvText(o.payment)],
              ["收款账户", o.payment_info ? `${o.payment_info.account_name} ${o.payment_info.account_number}` : "—"],
              ["优惠券", o.coupon_list.length ? o.coupon_list.join("、") : "无"],
              ["已选课程", o.user_course.length ? o.user_course.map((uc) => `${uc.course_code} ${uc.name}`).join("、") : "无"],
              ["下单时间", when(c, Date.parse(o.create_time))],
              ["备注", o.remark || "—"],
            ]}
          />
          <h2>付款信息</h2>
          {payed ? (
            <Facts
              items={[
                ["付款账户", payed.account_number],
                ["付款人", payed.account_name],
                ["开户行", payed.opening_bank || "—"],
                ["付款日期", payed.pay_date],
                ["付款金额", payed.amount],
              ]}
            />
          ) : (
            <p class="empty">学生尚未上传付款凭证</p>
          )}
        </section>
        <section class="card" aria-label="付款凭证">
          <h2>付款凭证</h2>
          {proof ? (
            <a href={proof}>
              <img class="proof" src={proof} alt="付款凭证" />
            </a>
          ) : (
            <p class="empty">暂无付款凭证</p>
          )}
        </section>
      </div>
      {o.status.key === "TO_CONFIRM" && (
        <section class="card">
          <h2>审核付款</h2>
          <PostForm action={`${HERE}/${o.id}`} csrf={csrf} label="确认收款">
            <input type="hidden" name="status" value="CONFIRMED" />
            <Field label="确认备注（可选）" name="remark" maxlength={255} />
            <button type="submit">确认收款</button>
          </PostForm>
          <h3>付款有误</h3>
          <PostForm
            action={`${HERE}/${o.id}`}
            csrf={csrf}
            label="验证失败"
            confirm="确定将此订单标记为验证失败？学生的优惠券和课程名额将被释放。"
          >
            <input type="hidden" name="status" value="CONFIRM_FAILED" />
            <Field label="失败原因（可选）" name="remark" maxlength={255} />
            <button type="submit" class="danger">
              验证失败
            </button>
          </PostForm>
        </section>
      )}
    </>,
  );
});

summerOrders.post(
  "/:id{[0-9]+}",
  params(
    v.object({
      status: v.picklist(["CONFIRMED", "CONFIRM_FAILED"], "请选择确认收款或验证失败"),
      remark: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(255, "备注最多 255 个字"))),
    }),
    "POST",
  ),
  async (c) => {
    const id = pathId(c.req.param("id"));
    const { status, remark } = c.var.params;
    await perform(c, changeOrderStatus, filled({ status, remark }), id);
    return redirectWith(c, `${HERE}/${id}`, status === "CONFIRMED" ? `订单 ${id} 已确认收款` : `订单 ${id} 已标记为验证失败`);
  },
);
