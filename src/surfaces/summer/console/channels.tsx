import { Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { redirectWith } from "../../../platform/console/flash";
import { render } from "../../../platform/console/page";
import { Field, Pager, PostForm, pageHref, pageParam, Select, Table } from "../../../platform/console/ui";
import { params } from "../../../platform/params";
import {
  advisorChoicesQuery,
  channelCountQuery,
  channelQuery,
  channelsQuery,
  createChannel,
  presentChannelRow,
  updateChannel,
} from "../channels";
import { fileHref, filled, found, pageWindow, perform, SUMMER_PAGE, staffAnd } from "./caller";
import { choicesOf } from "./catalogue-page";
import { LinkedImage, pathId } from "./ui";

/** 渠道管理: promotion channels with the QR code made for each. */
export const summerChannels = new Hono<ConsoleEnv>({ strict: false });

const HERE = "/console/summer/channels";

type Channel = ReturnType<typeof presentChannelRow>;

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

/** The channel pages read the advisors too (the form's choices): the areas of both lists. */
const AREAS = ["channels", "advisors"] as const;

summerChannels.get("/", params(v.object({ page: pageParam }), "GET"), async (c) => {
  const { page } = c.var.params;
  const db = c.var.db;
  const window = pageWindow(page);
  const [, rows, [{ total }], choices] = await staffAnd(
    c,
    AREAS,
    channelsQuery(db, window.limit, window.offset),
    channelCountQuery(db),
    advisorChoicesQuery(db),
  );
  const advisors = choicesOf(choices);
  return render(
    c,
    "渠道管理",
    <>
      <Table<Channel>
        caption="推广渠道列表"
        rows={rows.map(presentChannelRow)}
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
      <Pager page={page} size={SUMMER_PAGE} total={total} href={pageHref(HERE, {})} />
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
  const created = await perform(c, createChannel, filled(c.var.params));
  return redirectWith(c, `${HERE}/${created.id}`, `已创建推广渠道 ${created.name}`);
});

summerChannels.get("/:id{[0-9]+}", params(v.object({}), "GET"), async (c) => {
  const id = pathId(c.req.param("id"));
  const db = c.var.db;
  const [, [row], choices] = await staffAnd(c, AREAS, channelQuery(db, id), advisorChoicesQuery(db));
  const ch = presentChannelRow(found(row));
  const advisors = choicesOf(choices);
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
  await perform(c, updateChannel, filled(c.var.params), id);
  return redirectWith(c, `${HERE}/${id}`, "推广渠道已保存");
});
