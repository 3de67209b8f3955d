import { Hono } from "hono";
import * as v from "valibot";
import { config } from "../../../platform/config";
import type { ConsoleEnv } from "../../../platform/console/env";
import { redirectWith } from "../../../platform/console/flash";
import { render, when } from "../../../platform/console/page";
import { Badge, Field, Pager, PostForm, pageHref, pageParam, Select, Table } from "../../../platform/console/ui";
import { params } from "../../../platform/params";
import { assignCoupon, couponCountQuery, couponQuery, couponsQuery, createCoupon, presentCoupon, updateCoupon } from "../coupons";
import { filled, found, pageWindow, perform, SUMMER_PAGE, staffAnd } from "./caller";
import { localInput, pathId, withOffset } from "./ui";

/** 优惠券: the coupons, created and edited, and given to a student. */
export const summerCoupons = new Hono<ConsoleEnv>({ strict: false });

const HERE = "/console/summer/coupons";

type Coupon = ReturnType<typeof presentCoupon>;

const CouponFields = ({ c, offset }: { c?: Coupon; offset: string }) => (
  <>
    <Field label="金额" name="amount" type="number" min={0} required value={c?.amount} />
    <Field label="说明" name="info" required maxlength={255} value={c?.info} />
    <Field label="开始时间" name="start_time" type="datetime-local" required value={localInput(c?.start_time, offset)} />
    <Field label="结束时间" name="end_time" type="datetime-local" required value={localInput(c?.end_time, offset)} />
    <Field label="最大发放数量" name="max_num" type="number" min={1} required value={c?.max_num} />
    <Select
      label="状态"
      name="is_active"
      options={[
        ["true", "启用"],
        ["false", "停用"],
      ]}
      value={c && !c.is_active ? "false" : "true"}
    />
  </>
);

summerCoupons.get("/", params(v.object({ page: pageParam, user: v.optional(v.string()) }), "GET"), async (c) => {
  const { page, user } = c.var.params;
  const db = c.var.db;
  const [, rows, [{ total }]] = await staffAnd(c, ["coupons"], couponsQuery(db, pageWindow(page)), couponCountQuery(db));
  const coupons = rows.map(presentCoupon);
  const csrf = c.var.viewer.csrf;
  const offset = config(c.env).LOCAL_UTC_OFFSET;
  return render(
    c,
    "优惠券",
    <>
      <Table<Coupon>
        caption="优惠券列表"
        rows={coupons}
        empty="还没有优惠券"
        columns={[
          { label: "券码", cell: (cp) => <code>{cp.coupon_code}</code> },
          { label: "金额", cell: (cp) => cp.amount },
          { label: "说明", cell: (cp) => cp.info },
          { label: "有效期", cell: (cp) => `${when(c, Date.parse(cp.start_time))} 至 ${when(c, Date.parse(cp.end_time))}` },
          { label: "最大数量", cell: (cp) => cp.max_num },
          { label: "状态", cell: (cp) => (cp.is_active ? <Badge tone="ok">启用</Badge> : <Badge tone="bad">停用</Badge>) },
          { label: "操作", cell: (cp) => <a href={`${HERE}/${cp.id}`}>编辑</a> },
        ]}
      />
      <Pager page={page} size={SUMMER_PAGE} total={total} href={pageHref(HERE, {})} />
      <div class="grid">
        <section class="card">
          <h2>给学生分配优惠券</h2>
          <PostForm action={`${HERE}/assign`} csrf={csrf} label="给学生分配优惠券">
            <Field label="学生编号" name="user" type="number" min={1} required value={user && /^\d+$/.test(user) ? user : undefined} />
            <Select label="优惠券" name="coupon" options={coupons.map((cp) => [String(cp.id), `${cp.coupon_code} ${cp.info}`])} required />
            <button type="submit">分配</button>
          </PostForm>
        </section>
        <section class="card">
          <h2>新建优惠券</h2>
          <PostForm action={HERE} csrf={csrf} label="新建优惠券">
            <CouponFields offset={offset} />
            <button type="submit">创建</button>
          </PostForm>
        </section>
      </div>
    </>,
  );
});

const text = v.optional(v.pipe(v.string(), v.trim()));
const couponForm = v.object({ amount: text, info: text, start_time: text, end_time: text, max_num: text, is_active: text });
type CouponForm = v.InferOutput<typeof couponForm>;

/** The form as the coupon writes take it: times entered in campus time. */
const toApi = (f: CouponForm, offset: string) =>
  filled({ ...f, start_time: withOffset(f.start_time, offset), end_time: withOffset(f.end_time, offset) });

summerCoupons.post("/", params(couponForm, "POST"), async (c) => {
  const created = await perform(c, createCoupon, toApi(c.var.params, config(c.env).LOCAL_UTC_OFFSET));
  return redirectWith(c, HERE, `已创建优惠券 ${created.coupon_code}`);
});

summerCoupons.post(
  "/assign",
  params(
    v.object({
      user: v.pipe(v.string("请填写学生编号"), v.trim(), v.regex(/^\d{1,9}$/, "学生编号应为数字")),
      coupon: v.pipe(v.string("请选择优惠券"), v.regex(/^\d{1,9}$/, "请选择优惠券")),
    }),
    "POST",
  ),
  async (c) => {
    const { user, coupon: id } = c.var.params;
    await perform(c, assignCoupon, { user: Number(user), coupon: Number(id) });
    return redirectWith(c, HERE, `已给学生 ${user} 分配优惠券`);
  },
);

summerCoupons.get("/:id{[0-9]+}", params(v.object({}), "GET"), async (c) => {
  const id = pathId(c.req.param("id"));
  const [, [row]] = await staffAnd(c, ["coupons"], couponQuery(c.var.db, id));
  const cp = presentCoupon(found(row));
  return render(
    c,
    `编辑优惠券 ${cp.coupon_code}`,
    <>
      <p>
        <a href={HERE}>← 返回优惠券</a>
      </p>
      <section class="card">
        <PostForm action={`${HERE}/${id}`} csrf={c.var.viewer.csrf} label="编辑优惠券">
          <CouponFields c={cp} offset={config(c.env).LOCAL_UTC_OFFSET} />
          <button type="submit">保存</button>
        </PostForm>
      </section>
    </>,
  );
});

summerCoupons.post("/:id{[0-9]+}", params(couponForm, "POST"), async (c) => {
  const id = pathId(c.req.param("id"));
  await perform(c, updateCoupon, toApi(c.var.params, config(c.env).LOCAL_UTC_OFFSET), id);
  return redirectWith(c, `${HERE}/${id}`, "优惠券已保存");
});
