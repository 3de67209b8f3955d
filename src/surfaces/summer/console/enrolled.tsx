import type { Context } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { type Column, Field, Pager, pageHref, pageParam, Select, Table } from "../../../platform/console/ui";
import { filled, kv, kvText, pageOf, SUMMER_PAGE, summerApi } from "./api";
import { enumOptions, Filters } from "./ui";

/**
 * Students with a confirmed order, per project, with their credit transfer: `/admin/project_result`,
 * the list the product staff's pages (course photos, scores, credit transfers) start from.
 */
export const userInfo = v.object({
  id: v.number(),
  name: v.nullable(v.string()),
  email: v.nullable(v.string()),
  wechat: v.nullable(v.string()),
});
export const enrolment = v.object({
  id: v.nullable(v.number()),
  project: v.object({ id: v.number(), campus_name: v.string(), name: v.string() }),
  post_datetime: v.nullable(v.string()),
  post_channel: v.nullable(v.string()),
  post_number: v.nullable(v.string()),
  status: v.nullable(kv),
  img: v.nullable(v.string()),
  user_info: userInfo,
});
export type Enrolment = v.InferOutput<typeof enrolment>;

const campusProjects = v.array(v.object({ name: v.string(), project_set: v.array(v.object({ id: v.number(), name: v.string() })) }));

export const enrolmentFilters = v.object({
  page: pageParam,
  project: v.optional(v.pipe(v.string(), v.regex(/^\d{0,9}$/, "请选择项目"))),
  user: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^\d{0,9}$/, "学生编号应为数字"))),
  status: v.optional(v.picklist(["", ...enumOptions("project_result").map(([k]) => k)], "状态不是合法选项")),
});
type EnrolmentFilters = v.InferOutput<typeof enrolmentFilters>;

export const studentName = (u: v.InferOutput<typeof userInfo>) => u.name || u.email || u.wechat || `学生 ${u.id}`;

/** The filtered page of enrolments and the project choices of the filter form. */
export async function enrolmentPage<E extends ConsoleEnv>(
  c: Context<E>,
  here: string,
  f: EnrolmentFilters,
  columns: Column<Enrolment>[],
  opts: { statusFilter?: boolean } = {},
) {
  const kept = { project: f.project, user: f.user, status: opts.statusFilter ? f.status : undefined };
  const [list, campuses] = await Promise.all([
    summerApi(c, pageOf(enrolment), "GET", "/admin/project_result", { query: filled({ ...kept, page: f.page > 1 ? f.page : undefined }) }),
    summerApi(c, campusProjects, "GET", "/course/filter_elements"),
  ]);
  const projects: [string, string][] = [
    ["", "全部项目"],
    ...campuses.flatMap((cp) => cp.project_set.map((p): [string, string] => [String(p.id), `${cp.name} · ${p.name}`])),
  ];
  return (
    <>
      <Filters action={here}>
        <Select label="项目" name="project" options={projects} value={f.project ?? ""} />
        <Field label="学生编号" name="user" type="number" min={1} value={f.user || undefined} />
        {opts.statusFilter && (
          <Select label="学分转换状态" name="status" options={enumOptions("project_result", true)} value={f.status ?? ""} />
        )}
      </Filters>
      <Table<Enrolment>
        caption="已确认订单的学生"
        rows={list.results}
        empty="没有符合条件的学生（学生的订单确认后才会出现在这里）"
        columns={[
          { label: "学生编号", cell: (r) => r.user_info.id },
          { label: "姓名", cell: (r) => studentName(r.user_info) },
          { label: "项目", cell: (r) => `${r.project.campus_name} · ${r.project.name}` },
          ...columns,
        ]}
      />
      <Pager page={f.page} size={SUMMER_PAGE} total={list.count} href={pageHref(here, kept)} />
    </>
  );
}

export const resultText = (r: Enrolment) => kvText(r.status) || "未开始";
