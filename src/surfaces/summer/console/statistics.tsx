import { Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { render } from "../../../platform/console/page";
import { Facts, PAGE_SIZE, Pager, pageHref, pageParam, Table } from "../../../platform/console/ui";
import { params } from "../../../platform/params";
import {
  appliedStudentCountQuery,
  campusesQuery,
  paidStudentCountQuery,
  personalFileCountQuery,
  presentCampusOverview,
  presentOverview,
  projectCountsQuery,
  studentCountQuery,
} from "../statistics";
import { staffAnd } from "./caller";

/** The two statistics pages (学生情况概览, 校区情况概览), reached from the product centre's first page. */
export const summerStatistics = new Hono<ConsoleEnv>({ strict: false });

export const OverviewFacts = ({ o }: { o: ReturnType<typeof presentOverview> }) => (
  <Facts
    items={[
      ["学生总数", o.students_num],
      ["已建档", o.personal_file_num],
      ["已报名", o.students_applyed],
      ["已付费", o.students_payed],
    ]}
  />
);

const Links = () => (
  <p class="toolbar">
    <a href="/console/summer/statistics/students">学生情况概览</a>
    <a href="/console/summer/statistics/campuses">校区情况概览</a>
  </p>
);

summerStatistics.get("/students", params(v.object({}), "GET"), async (c) => {
  const db = c.var.db;
  const [, ...counts] = await staffAnd(
    c,
    ["statistics"],
    studentCountQuery(db),
    personalFileCountQuery(db),
    appliedStudentCountQuery(db),
    paidStudentCountQuery(db),
  );
  const o = presentOverview(...counts);
  return render(
    c,
    "学生情况概览",
    <>
      <Links />
      <section class="card">
        <OverviewFacts o={o} />
      </section>
    </>,
  );
});

type Row = { campus: string; project: string; applyed: number; payed: number };

summerStatistics.get("/campuses", params(v.object({ page: pageParam }), "GET"), async (c) => {
  const { page } = c.var.params;
  const db = c.var.db;
  const [, campuses, projects] = await staffAnd(c, ["statistics"], campusesQuery(db), projectCountsQuery(db));
  const list = presentCampusOverview(campuses, projects);
  const rows: Row[] = list.flatMap((cp) =>
    cp.project_set.length
      ? cp.project_set.map((p) => ({ campus: cp.name, project: p.name, applyed: p.applyed_number, payed: p.payed_number }))
      : [{ campus: cp.name, project: "（暂无项目）", applyed: 0, payed: 0 }],
  );
  return render(
    c,
    "校区情况概览",
    <>
      <Links />
      <Table<Row>
        caption="校区情况概览"
        rows={rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)}
        empty="还没有校区"
        columns={[
          { label: "校区", cell: (r) => r.campus },
          { label: "项目", cell: (r) => r.project },
          { label: "报名人数", cell: (r) => r.applyed },
          { label: "付费人数", cell: (r) => r.payed },
        ]}
      />
      <Pager page={page} total={rows.length} href={pageHref("/console/summer/statistics/campuses", {})} />
    </>,
  );
});
