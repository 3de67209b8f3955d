import * as v from "valibot";
import type { libraryNotices } from "../../../db/schema/library";
import { Field, Select, TextArea } from "../../../platform/console/ui";
import { formatDateTime } from "../../../platform/time";
import { listNotices } from "../notices";
import { noticeById } from "../publications";
import { campusTime, LIMITS, NOTICE_TYPES, type NoticeInput, notices, noticeTypes } from "../publishing";
import { optional, optionalTime, optionalUrl, required } from "./form";
import { Body, Preview, PublishTimeField } from "./parts";
import { publicationPages } from "./publication-pages";

type Notice = typeof libraryNotices.$inferSelect;

const typeOptions = noticeTypes.map((t) => [t, NOTICE_TYPES[t]] as const);

const form = v.object({
  type: v.picklist(noticeTypes, "请选择公告类型"),
  title: required("标题", LIMITS.title),
  content: required("正文", LIMITS.content),
  author: optional("发布者", LIMITS.author),
  url: optionalUrl("原文链接"),
  publishTime: optionalTime,
}) satisfies v.GenericSchema<unknown, NoticeInput>;

/** 公告: document 000's /notice (types N, Z, P). */
export const noticePages = publicationPages<Notice, NoticeInput>({
  path: "/console/library/notices",
  name: "公告",
  publication: notices,
  form,
  find: noticeById,
  list: (db, page, type) =>
    listNotices(
      db,
      page,
      noticeTypes.find((t) => t === type),
    ),
  types: typeOptions,
  columns: (tz) => [
    { label: "类型", cell: (n) => NOTICE_TYPES[n.type] },
    { label: "发布者", cell: (n) => n.author },
    { label: "发布时间", cell: (n) => formatDateTime(n.publishTime, tz) },
  ],
  Fields: ({ row, tz }) => (
    <>
      <Select label="类型" name="type" options={typeOptions} value={row?.type ?? "N"} required />
      <Field label="标题" name="title" value={row?.title} required maxlength={LIMITS.title} />
      <TextArea label="正文" name="content" value={row?.content} required maxlength={LIMITS.content} />
      <Field label="发布者" name="author" value={row?.author} maxlength={LIMITS.author} />
      <Field label="原文链接" name="url" type="url" value={row?.url} hint="可不填；填写时为完整网址" />
      <PublishTimeField value={row ? formatDateTime(row.publishTime, tz) : undefined} editing={Boolean(row)} />
    </>
  ),
  draft: (p, tz, now, saved) => ({
    id: saved?.id ?? 0,
    type: p.type,
    title: p.title,
    content: p.content,
    author: p.author ?? "",
    url: p.url ?? null,
    publishTime: campusTime(tz, "publishTime", p.publishTime) ?? saved?.publishTime ?? now,
    createdAt: saved?.createdAt ?? now,
    updatedAt: now,
  }),
  Preview: ({ row, tz }) => (
    <Preview label="公告预览">
      <h3>{row.title}</h3>
      <p class="muted">
        {NOTICE_TYPES[row.type]} · {formatDateTime(row.publishTime, tz)}
        {row.author ? ` · ${row.author}` : ""}
      </p>
      <Body text={row.content} />
      {row.url && (
        <p>
          <a href={row.url} rel="noopener noreferrer">
            阅读原文
          </a>
        </p>
      )}
    </Preview>
  ),
});
