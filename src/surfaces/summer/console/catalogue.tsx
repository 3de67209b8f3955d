import { Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { render } from "../../../platform/console/page";
import { Pager, pageHref, pageParam, Table } from "../../../platform/console/ui";
import { AppError } from "../../../platform/errors";
import { params } from "../../../platform/params";
import { filled, pageOf, SUMMER_PAGE, summerApi } from "./api";
import { OverviewFacts, overview } from "./statistics";

/** 产品中心·首页: the projects with how many students applied and paid; the statistics where the role may read them. */
export const summerCatalogue = new Hono<ConsoleEnv>({ strict: false });

const HERE = "/console/summer/catalogue";

const row = v.object({ id: v.number(), campus_name: v.string(), name: v.string(), applyed_num: v.number(), payed_num: v.number() });
type Row = v.InferOutput<typeof row>;

summerCatalogue.get("/", params(v.object({ page: pageParam }), "GET"), async (c) => {
  const { page } = c.var.params;
  const [list, stats] = await Promise.all([
    summerApi(c, pageOf(row), "GET", "/admin/project", { query: filled({ page: page > 1 ? page : undefined }) }),
    // The statistics are offered only when the API lets this role read them.
    summerApi(c, overview, "GET", "/admin/statistics/students_overview").catch((err: unknown) => {
      if (err instanceof AppError && err.kind === "forbidden") return null;
      throw err;
    }),
  ]);
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
        rows={list.results}
        empty="还没有项目"
        columns={[
          { label: "校区", cell: (r) => r.campus_name },
          { label: "项目", cell: (r) => r.name },
          { label: "报名人数", cell: (r) => r.applyed_num },
          { label: "付费人数", cell: (r) => r.payed_num },
          { label: "学生", cell: (r) => <a href={`/console/summer/scores?project=${r.id}`}>查看学生</a> },
        ]}
      />
      <Pager page={page} size={SUMMER_PAGE} total={list.count} href={pageHref(HERE, {})} />
    </>,
  );
});
