import * as v from "valibot";
import type { libraryActivities } from "../../../db/schema/library";
import { Field, TextArea } from "../../../platform/console/ui";
import { formatDateTime } from "../../../platform/time";
import { listActivities } from "../notices";
import { activityById } from "../publications";
import { type ActivityInput, activities, campusTime, LIMITS } from "../publishing";
import { optional, optionalTime, optionalUrl, required, requiredTime } from "./form";
import { Body, Preview, PublishTimeField, SpanFields } from "./parts";
import { publicationPages } from "./publication-pages";

type Activity = typeof libraryActivities.$inferSelect;

const form = v.object({
  title: required("标题", LIMITS.title),
  content: required("内容", LIMITS.content),
  place: optional("地点", LIMITS.place),
  image: optionalUrl("图片地址"),
  url: optionalUrl("活动链接"),
  startTime: requiredTime("开始时间"),
  endTime: requiredTime("结束时间"),
  publishTime: optionalTime,
}) satisfies v.GenericSchema<unknown, ActivityInput>;

const span = (a: Activity, tz: string) =>
  `${formatDateTime(a.startTime, tz).slice(0, 16)} 至 ${formatDateTime(a.endTime, tz).slice(0, 16)}`;

/** 活动: document 000's /activity. */
export const activityPages = publicationPages<Activity, ActivityInput>({
  path: "/console/library/activities",
  name: "活动",
  publication: activities,
  form,
  find: activityById,
  list: (db, page) => listActivities(db, page),
  columns: (tz) => [
    { label: "时间", cell: (a) => span(a, tz) },
    { label: "地点", cell: (a) => a.place },
    { label: "发布时间", cell: (a) => formatDateTime(a.publishTime, tz) },
  ],
  Fields: ({ row, tz }) => (
    <>
      <Field label="标题" name="title" value={row?.title} required maxlength={LIMITS.title} />
      <TextArea label="内容" name="content" value={row?.content} required maxlength={LIMITS.content} />
      <Field label="地点" name="place" value={row?.place} maxlength={LIMITS.place} />
      <Field label="图片地址" name="image" type="url" value={row?.image} hint="可不填；活动海报的完整网址" />
      <Field label="活动链接" name="url" type="url" value={row?.url} hint="可不填；点击海报时打开的网页" />
      <SpanFields start={row ? formatDateTime(row.startTime, tz) : undefined} end={row ? formatDateTime(row.endTime, tz) : undefined} />
      <PublishTimeField value={row ? formatDateTime(row.publishTime, tz) : undefined} editing={Boolean(row)} />
    </>
  ),
  draft: (p, tz, now, saved) => ({
    id: saved?.id ?? 0,
    image: p.image ?? null,
    url: p.url ?? null,
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
    <Preview label="活动预览">
      {row.image && <img src={row.image} alt={`${row.title} 海报`} class="proof" />}
      <h3>{row.title}</h3>
      <p>时间：{span(row, tz)}</p>
      {row.place && <p>地点：{row.place}</p>}
      <Body text={row.content} />
    </Preview>
  ),
});
