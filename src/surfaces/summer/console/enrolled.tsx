import type { BatchItem } from "drizzle-orm/batch";
import type { Context } from "hono";
import * as v from "valibot";
import { PROJECT_RESULTS } from "../../../db/schema/summer";
import type { ConsoleEnv } from "../../../platform/console/env";
import { type Column, Field, Pager, pageHref, pageParam, Select, Table } from "../../../platform/console/ui";
import { filterCampusesQuery, filterProjectsQuery, presentFilterElements } from "../catalogue";
import { pairCountQuery, pairsPageQuery, pairsWhere, presentPair } from "../credit-transfer";
import type { Area } from "../roles";
import { kvText, pageWindow, SUMMER_PAGE, staffAnd } from "./caller";
import { enumOptions, Filters } from "./ui";

/**
 * Students with a confirmed order, per project, with their credit transfer: the list the product staff's
 * pages (course photos, scores, credit transfers) start from, filtered by campus project.
 */
export type Enrolment = ReturnType<typeof presentPair>;

export const enrolmentFilters = v.object({
  page: pageParam,
  project: v.optional(v.pipe(v.string(), v.regex(/^\d{0,9}$/, "请选择项目"))),
  user: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^\d{0,9}$/, "学生编号应为数字"))),
  status: v.optional(v.picklist(["", ...PROJECT_RESULTS], "状态不是合法选项")),
});
type EnrolmentFilters = v.InferOutput<typeof enrolmentFilters>;

/** The areas of the enrolment list and its project filter (the summer API's credit transfers and course filters). */
const AREAS: Area[] = ["credit_transfer", "courses"];

export const studentName = (u: Enrolment["user_info"]) => u.name || u.email || u.wechat || `学生 ${u.id}`;

/**
 * The filtered page of enrolments with the project choices of the filter form, read in one batch with the
 * staff member (in `areas` too) and the page's `extra` queries, whose results come back beside it.
 */
export async function enrolmentPage<E extends ConsoleEnv, X extends BatchItem<"sqlite">[]>(
  c: Context<E>,
  here: string,
  f: EnrolmentFilters,
  columns: Column<Enrolment>[],
  opts: { statusFilter?: boolean; areas?: Area[] },
  ...extra: X
) {
  const db = c.var.db;
  const kept = { project: f.project, user: f.user, status: opts.statusFilter ? f.status : undefined };
  const where = pairsWhere({
    project: f.project ? Number(f.project) : undefined,
    user: f.user ? Number(f.user) : undefined,
    status: kept.status || undefined,
  });
  const window = pageWindow(f.page);
  const [, rows, [{ total }], campuses, projectRows, ...more] = await staffAnd(
    c,
    [...AREAS, ...(opts.areas ?? [])],
    pairsPageQuery(db, where, window.limit, window.offset),
    pairCountQuery(db, where),
    filterCampusesQuery(db),
    filterProjectsQuery(db),
    ...extra,
  );
  const projects: [string, string][] = [
    ["", "全部项目"],
    ...presentFilterElements(campuses, projectRows).flatMap((cp) =>
      cp.project_set.map((p): [string, string] => [String(p.id), `${cp.name} · ${p.name}`]),
    ),
  ];
  const body = (
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
        rows={rows.map((r) => presentPair(r, c.req.url))}
        empty="没有符合条件的学生（学生的订单确认后才会出现在这里）"
        columns={[
          { label: "学生编号", cell: (r) => r.user_info.id },
          { label: "姓名", cell: (r) => studentName(r.user_info) },
          { label: "项目", cell: (r) => `${r.project.campus_name} · ${r.project.name}` },
          ...columns,
        ]}
      />
      <Pager page={f.page} size={SUMMER_PAGE} total={total} href={pageHref(here, kept)} />
    </>
  );
  return { body, extra: more };
}

export const resultText = (r: Enrolment) => kvText(r.status) || "未开始";
