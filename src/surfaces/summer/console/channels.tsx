import { type Context, Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { redirectWith } from "../../../platform/console/flash";
import { render } from "../../../platform/console/page";
import { Field, Pager, PostForm, pageHref, pageParam, Select, Table } from "../../../platform/console/ui";
import { AppError } from "../../../platform/errors";
import { params } from "../../../platform/params";
import { advisor } from "./advisors";
import { fileHref, filled, pageOf, SUMMER_PAGE, summerApi } from "./api";
import { LinkedImage, pathId } from "./ui";

/** 渠道管理: promotion channels with the QR code the API made for each. */
export const summerChannels = new Hono<ConsoleEnv>({ strict: false });

const HERE = "/console/summer/channels";

const channel = v.object({
  id: v.number(),
  name: v.string(),
  plan_date: v.string(),
  sales_man: v.nullable(v.object({ id: v.number(), name: v.string() })),
  plan_student_number: v.number(),
  plan_file_student_number: v.number(),
  plan_payed_student_number: v.number(),
  create_time: v.string(),
  qr_code: v.nullable(v.string()),
});
type Channel = v.InferOutput<typeof channel>;

const ChannelFields = ({ ch, advisors }: { ch?: Channel; advisors: [string, string][] }) => (
  <>
    <Field label="渠道名称" name="name" required maxlength={30} value={ch?.name} />
    <Field label="计划日期" name="plan_date" type="date" required value={ch?.plan_date} />
    <Select label="销售顾问" name="sales_man" options={advisors} value={ch?.sales_man ? String(ch.sales_man.id) : undefined} required />
    <Field label="计划学生数" name="plan_student_number" type="number" min={0} required value={ch?.plan_student_number ?? 0} />
    <Field
      label="计划建档学生数"
      name="plan_file_student_number"
      type="number"
      min={0}
      required
      value={ch?.plan_file_student_number ?? 0}
    />
    <Field
      label="计划付费学生数"
      name="plan_payed_student_number"
      type="number"
      min={0}
      required
      value={ch?.plan_payed_student_number ?? 0}
    />
  </>
);

/** The advisors to pick from (the first page of 10 is all the API gives at once; enough for a campus team). */
async function advisorChoices<E extends ConsoleEnv>(c: Context<E>): Promise<[string, string][]> {
  const list = await summerApi(c, pageOf(advisor), "GET", "/admin/sales_man");
  return list.results.map((a) => [String(a.id), a.name]);
}

summerChannels.get("/", params(v.object({ page: pageParam }), "GET"), async (c) => {
  const { page } = c.var.params;
  const [list, advisors] = await Promise.all([
    summerApi(c, pageOf(channel), "GET", "/market/channel", { query: filled({ page: page > 1 ? page : undefined }) }),
    advisorChoices(c),
  ]);
  return render(
    c,
    "渠道管理",
    <>
      <Table<Channel>
        caption="推广渠道列表"
        rows={list.results}
        empty="还没有推广渠道"
        columns={[
          { label: "名称", cell: (ch) => ch.name },
          { label: "计划日期", cell: (ch) => ch.plan_date },
          { label: "销售顾问", cell: (ch) => ch.sales_man?.name ?? "—" },
          {
            label: "计划（学生/建档/付费）",
            cell: (ch) => `${ch.plan_student_number} / ${ch.plan_file_student_number} / ${ch.plan_payed_student_number}`,
          },
          { label: "二维码", cell: (ch) => <LinkedImage url={ch.qr_code} href={fileHref(ch.qr_code)} alt={`${ch.name} 的二维码`} /> },
          { label: "操作", cell: (ch) => <a href={`${HERE}/${ch.id}`}>编辑</a> },
        ]}
      />
      <Pager page={page} size={SUMMER_PAGE} total={list.count} href={pageHref(HERE, {})} />
      <h2>新建推广渠道</h2>
      <section class="card">
        {advisors.length ? (
          <PostForm action={HERE} csrf={c.var.viewer.csrf} label="新建推广渠道">
            <ChannelFields advisors={advisors} />
            <button type="submit">创建（同时生成二维码）</button>
          </PostForm>
        ) : (
          <p class="empty">请先在“销售顾问”中添加销售顾问。</p>
        )}
      </section>
    </>,
  );
});

const text = v.optional(v.pipe(v.string(), v.trim()));
const form = v.object({
  name: text,
  plan_date: text,
  sales_man: text,
  plan_student_number: text,
  plan_file_student_number: text,
  plan_payed_student_number: text,
});

summerChannels.post("/", params(form, "POST"), async (c) => {
  const created = await summerApi(c, channel, "POST", "/market/channel", { json: filled(c.var.params) });
  return redirectWith(c, `${HERE}/${created.id}`, `已创建推广渠道 ${created.name}`);
});

summerChannels.get("/:id{[0-9]+}", params(v.object({}), "GET"), async (c) => {
  const id = pathId(c.req.param("id"));
  const [ch, advisors] = await Promise.all([summerApi(c, channel, "GET", `/market/channel/${id}`), advisorChoices(c)]);
  return render(
    c,
    `推广渠道 ${ch.name}`,
    <>
      <p>
        <a href={HERE}>← 返回渠道管理</a>
      </p>
      <div class="grid">
        <section class="card">
          <PostForm action={`${HERE}/${id}`} csrf={c.var.viewer.csrf} label="编辑推广渠道">
            <ChannelFields ch={ch} advisors={advisors} />
            <button type="submit">保存</button>
          </PostForm>
        </section>
        <section class="card">
          <h2>渠道二维码</h2>
          <LinkedImage url={ch.qr_code} href={fileHref(ch.qr_code)} alt={`${ch.name} 的二维码`} />
        </section>
      </div>
    </>,
  );
});

summerChannels.post("/:id{[0-9]+}", params(form, "POST"), async (c) => {
  const id = pathId(c.req.param("id"));
  if (!id) throw new AppError("not_found", "没有这个推广渠道");
  await summerApi(c, channel, "PUT", `/market/channel/${id}`, { json: filled(c.var.params) });
  return redirectWith(c, `${HERE}/${id}`, "推广渠道已保存");
});
