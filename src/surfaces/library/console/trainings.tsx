import * as v from "valibot";
import type { libraryTrainings } from "../../../db/schema/library";
import { config } from "../../../platform/config";
import { render } from "../../../platform/console/page";
import { Field, PAGE_SIZE, Pager, pageHref, pageParam, Select, Table, TextArea } from "../../../platform/console/ui";
import { AppError } from "../../../platform/errors";
import { params } from "../../../platform/params";
import { formatDateTime } from "../../../platform/time";
import { listTrainings } from "../notices";
import { signupPage, trainingById } from "../publications";
import { campusTime, LIMITS, TRAINING_TYPES, type TrainingInput, trainings, trainingTypes } from "../publishing";
import { idOf, optional, optionalTime, required, requiredTime } from "./form";
import { Body, LibraryTabs, Preview, PublishTimeField, SpanFields } from "./parts";
import { publicationPages } from "./publication-pages";

type Training = typeof libraryTrainings.$inferSelect;

const PATH = "/console/library/trainings";
const typeOptions = trainingTypes.map((t) => [t, TRAINING_TYPES[t]] as const);

const form = v.object({
  type: v.picklist(trainingTypes, "请选择培训类型"),
  title: required("标题", LIMITS.title),
  content: required("内容", LIMITS.content),
  speaker: optional("主讲人", LIMITS.speaker),
  place: optional("地点", LIMITS.place),
  startTime: requiredTime("开始时间"),
  endTime: requiredTime("结束时间"),
  publishTime: optionalTime,
}) satisfies v.GenericSchema<unknown, TrainingInput>;

const span = (t: { startTime: number; endTime: number }, tz: string) =>
  `${formatDateTime(t.startTime, tz).slice(0, 16)} 至 ${formatDateTime(t.endTime, tz).slice(0, 16)}`;

/** 培训: document 000's /training (types B, X, S), and who signed up for each. */
export const trainingPages = publicationPages<Training, TrainingInput>({
  path: PATH,
  name: "培训",
  publication: trainings,
  form,
  find: trainingById,
  list: (db, page, type) =>
    listTrainings(
      db,
      page,
      trainingTypes.find((t) => t === type),
    ),
  types: typeOptions,
  columns: (tz) => [
    { label: "类型", cell: (t) => TRAINING_TYPES[t.type] },
    { label: "时间", cell: (t) => span(t, tz) },
    { label: "地点", cell: (t) => t.place },
    { label: "报名", cell: (t) => <a href={`${PATH}/${t.id}/signups`}>报名名单</a> },
  ],
  Fields: ({ row, tz }) => (
    <>
      <Select label="类型" name="type" options={typeOptions} value={row?.type ?? "B"} required />
      <Field label="标题" name="title" value={row?.title} required maxlength={LIMITS.title} />
      <TextArea label="内容" name="content" value={row?.content} required maxlength={LIMITS.content} />
      <Field label="主讲人" name="speaker" value={row?.speaker} maxlength={LIMITS.speaker} />
      <Field label="地点" name="place" value={row?.place} maxlength={LIMITS.place} />
      <SpanFields start={row ? formatDateTime(row.startTime, tz) : undefined} end={row ? formatDateTime(row.endTime, tz) : undefined} />
      <PublishTimeField value={row ? formatDateTime(row.publishTime, tz) : undefined} editing={Boolean(row)} />
    </>
  ),
  draft: (p, tz, now, saved) => ({
    id: saved?.id ?? 0,
    type: p.type,
    speaker: p.speaker ?? "",
    title: p.title,
    content: p.content,
    place: p.place ?? "",
    startTime: campusTime(tz, "startTime", p.startTime),
    endTime: campusTime(tz, "endTime", p.endTime),
    publishTime: campusTime(tz, "publishTime", p.publishTime) ?? saved?.publishTime ?? now,
    createdAt: saved?.createdAt ?? now,
    updatedAt: now,
  }),
  Preview: ({ row, tz }) => (
    <Preview label="培训预览">
      <h3>{row.title}</h3>
      <p class="muted">{TRAINING_TYPES[row.type]}</p>
      <p>时间：{span(row, tz)}</p>
      {row.place && <p>地点：{row.place}</p>}
      {row.speaker && <p>主讲：{row.speaker}</p>}
      <Body text={row.content} />
    </Preview>
  ),
  more: (row) => (
    <p>
      <a href={`${PATH}/${row.id}/signups`}>查看报名名单</a>
    </p>
  ),
});

trainingPages.get("/:id/signups", params(v.object({ page: pageParam }), "GET"), async (c) => {
  const { page } = c.var.params;
  const id = idOf(c.req.param("id"), "个培训");
  const { training, total, rows } = await signupPage(c.var.db, id, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  if (!training) throw new AppError("not_found", "没有这个培训");
  const tz = config(c.env).LOCAL_UTC_OFFSET;
  return render(
    c,
    `培训报名 · ${training.title}`,
    <>
      <LibraryTabs current={PATH} />
      <p>
        <a href={`${PATH}/${training.id}`}>返回培训「{training.title}」</a>（{span(training, tz)}）
      </p>
      <Table
        caption="报名名单"
        rows={rows}
        empty="还没有人报名"
        columns={[
          { label: "图书馆账号", cell: (s) => s.libId ?? "—" },
          { label: "微信昵称", cell: (s) => s.nickName ?? "—" },
          { label: "openid", cell: (s) => s.openid },
          { label: "提醒备注", cell: (s) => s.remindText },
          { label: "报名时间", cell: (s) => formatDateTime(s.createdAt, tz) },
        ]}
      />
      <Pager page={page} total={total} href={pageHref(`${PATH}/${training.id}/signups`, {})} />
    </>,
  );
});
