import { Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { render } from "../../../platform/console/page";
import { Pager, pageHref, pageParam, Table } from "../../../platform/console/ui";
import { params } from "../../../platform/params";
import { may } from "../roles";
import {
  appliedStudentCountQuery,
  paidStudentCountQuery,
  personalFileCountQuery,
  presentOverview,
  presentProjectRow,
  projectCountTotalQuery,
  projectListQuery,
  studentCountQuery,
} from "../statistics";
import { pageWindow, SUMMER_PAGE, staffAnd } from "./caller";
import { OverviewFacts } from "./statistics";

/** 产品中心·首页: the projects with how many students applied and paid; the statistics where the role may read them. */
export const summerCatalogue = new Hono<ConsoleEnv>({ strict: false });

const HERE = "/console/summer/catalogue";

type Row = ReturnType<typeof presentProjectRow>;

summerCatalogue.get("/", params(v.object({ page: pageParam }), "GET"), async (c) => {
  const { page } = c.var.params;
  const db = c.var.db;
  const window = pageWindow(page);
  const [me, rows, [{ total }], ...counts] = await staffAnd(
    c,
    ["catalogue"],
    projectListQuery(db).limit(window.limit).offset(window.offset),
    projectCountTotalQuery(db),
    studentCountQuery(db),
    personalFileCountQuery(db),
    appliedStudentCountQuery(db),
    paidStudentCountQuery(db),
  );
  // The statistics are shown to a role that may read them now.
  const stats = may(me.role, "statistics") ? presentOverview(...counts) : null;
  return render(
    c,
    "产品中心",
    <>
      {stats && (
        <section class="card" aria-label="学生情况概览">
          <h2>学生情况概览</h2>
          <OverviewFacts o={stats} />
          <p class="toolbar">
            <a href="/console/summer/statistics/students">学生情况概览</a>
            <a href="/console/summer/statistics/campuses">校区情况概览</a>
          </p>
        </section>
      )}
      <p class="toolbar">
        <a href="/console/summer/credit">学分转换</a>
      </p>
      <Table<Row>
        caption="项目报名情况"
        rows={rows.map(presentProjectRow)}
        empty="还没有项目"
        columns={[
          { label: "校区", cell: (r) => r.campus_name },
          { label: "项目", cell: (r) => r.name },
          { label: "报名人数", cell: (r) => r.applyed_num },
          { label: "付费人数", cell: (r) => r.payed_num },
          { label: "学生", cell: (r) => <a href={`/console/summer/scores?project=${r.id}`}>查看学生</a> },
        ]}
      />
      <Pager page={page} size={SUMMER_PAGE} total={total} href={pageHref(HERE, {})} />
    </>,
  );
});
