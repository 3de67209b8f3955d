import { type Context, Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { redirectWith } from "../../../platform/console/flash";
import { render } from "../../../platform/console/page";
import { Field, Pager, PostForm, pageHref, pageParam, Select, Table, TextArea } from "../../../platform/console/ui";
import { AppError } from "../../../platform/errors";
import { params } from "../../../platform/params";
import { allPages, filled, pageOf, SUMMER_PAGE, summerApi } from "./api";
import { campus } from "./campuses";
import { country } from "./countries";
import { pathId } from "./ui";

/** 项目管理: projects with their dates, fees per number of courses, and place. */
export const summerProjects = new Hono<ConsoleEnv>({ strict: false });

const HERE = "/console/summer/projects";

const project = v.object({
  id: v.number(),
  campus: v.nullable(v.object({ id: v.number(), name: v.string() })),
  campus_country: v.nullable(v.object({ id: v.number(), name: v.string() })),
  name: v.string(),
  start_date: v.string(),
  end_date: v.string(),
  address: v.string(),
  max_num: v.nullable(v.number()),
  info: v.string(),
  apply_fee: v.number(),
  course_num: v.number(),
  project_course_fee: v.array(v.object({ course_number: v.number(), course_fee: v.number() })),
});
type Project = v.InferOutput<typeof project>;

/** The fee table as staff type it: one `课程数=费用` per line. */
const feesText = (p?: Project) => p?.project_course_fee.map((f) => `${f.course_number}=${f.course_fee}`).join("\n") ?? "";

async function choices<E extends ConsoleEnv>(c: Context<E>) {
  const [campuses, countries] = await Promise.all([allPages(c, campus, "/course/campus"), allPages(c, country, "/course/campus_country")]);
  return {
    campuses: campuses.map((cp): [string, string] => [String(cp.id), cp.name]),
    countries: countries.map((ct): [string, string] => [String(ct.id), ct.name]),
  };
}

const ProjectFields = ({ p, campuses, countries }: { p?: Project; campuses: [string, string][]; countries: [string, string][] }) => (
  <>
    <Field label="项目名称" name="name" required maxlength={30} value={p?.name} />
    <Select label="校区" name="campus" options={campuses} value={p?.campus ? String(p.campus.id) : undefined} required />
    <Select
      label="国家"
      name="campus_country"
      options={countries}
      value={p?.campus_country ? String(p.campus_country.id) : undefined}
      required
    />
    <Field label="开始日期" name="start_date" type="date" required value={p?.start_date} />
    <Field label="结束日期" name="end_date" type="date" required value={p?.end_date} />
    <Field label="地址" name="address" required maxlength={30} value={p?.address} />
    <TextArea label="须知" name="info" required maxlength={255} value={p?.info} />
    <Field label="报名费" name="apply_fee" type="number" min={0} value={p?.apply_fee ?? 0} />
    <Field label="最多可选课程数" name="course_num" type="number" min={1} max={50} required value={p?.course_num} />
    <Field label="人数上限（可选）" name="max_num" type="number" min={1} value={p?.max_num ?? undefined} />
    <TextArea label="课程费用（每行“课程数=费用”，如 1=1200）" name="project_fees" required value={feesText(p)} />
  </>
);

summerProjects.get("/", params(v.object({ page: pageParam }), "GET"), async (c) => {
  const { page } = c.var.params;
  const [list, opts] = await Promise.all([
    summerApi(c, pageOf(project), "GET", "/course/project", { query: filled({ page: page > 1 ? page : undefined }) }),
    choices(c),
  ]);
  return render(
    c,
    "项目管理",
    <>
      <Table<Project>
        caption="项目列表"
        rows={list.results}
        empty="还没有项目"
        columns={[
          { label: "项目", cell: (p) => p.name },
          { label: "校区", cell: (p) => p.campus?.name ?? "—" },
          { label: "日期", cell: (p) => `${p.start_date} 至 ${p.end_date}` },
          { label: "课程数", cell: (p) => p.course_num },
          { label: "费用", cell: (p) => p.project_course_fee.map((f) => `${f.course_number}门 ${f.course_fee}`).join("；") },
          { label: "操作", cell: (p) => <a href={`${HERE}/${p.id}`}>编辑</a> },
        ]}
      />
      <Pager page={page} size={SUMMER_PAGE} total={list.count} href={pageHref(HERE, {})} />
      <h2>新建项目</h2>
      <section class="card">
        <PostForm action={HERE} csrf={c.var.viewer.csrf} label="新建项目">
          <ProjectFields {...opts} />
          <button type="submit">创建</button>
        </PostForm>
      </section>
    </>,
  );
});

const text = v.optional(v.pipe(v.string(), v.trim()));
const form = v.object({
  name: text,
  campus: text,
  campus_country: text,
  start_date: text,
  end_date: text,
  address: text,
  info: text,
  apply_fee: text,
  course_num: text,
  max_num: text,
  project_fees: text,
});
type Form = v.InferOutput<typeof form>;

/** The typed fee lines as the API's table; a line that is not `n=fee` is refused here with the line shown. */
function fees(raw: string | undefined) {
  if (!raw) return undefined;
  return raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^(\d{1,2})\s*[=＝:：]\s*(\d+(?:\.\d+)?)$/.exec(line);
      if (!m) throw new AppError("invalid_param", `课程费用“${line}”格式不对，应为“课程数=费用”`);
      return { course_number: Number(m[1]), course_fee: Number(m[2]) };
    });
}

const toApi = (f: Form) => {
  const { project_fees, max_num, ...rest } = f;
  return { ...filled(rest), max_num: max_num ? max_num : null, project_fees: fees(project_fees) };
};

summerProjects.post("/", params(form, "POST"), async (c) => {
  const created = await summerApi(c, project, "POST", "/course/project", { json: toApi(c.var.params) });
  return redirectWith(c, HERE, `已创建项目 ${created.name}`);
});

summerProjects.get("/:id{[0-9]+}", params(v.object({}), "GET"), async (c) => {
  const id = pathId(c.req.param("id"));
  const [p, opts] = await Promise.all([summerApi(c, project, "GET", `/course/project/${id}`), choices(c)]);
  return render(
    c,
    `编辑项目 ${p.name}`,
    <>
      <p>
        <a href={HERE}>← 返回项目管理</a>
      </p>
      <section class="card">
        <PostForm action={`${HERE}/${id}`} csrf={c.var.viewer.csrf} label="编辑项目">
          <ProjectFields p={p} {...opts} />
          <button type="submit">保存</button>
        </PostForm>
      </section>
    </>,
  );
});

summerProjects.post("/:id{[0-9]+}", params(form, "POST"), async (c) => {
  const id = pathId(c.req.param("id"));
  if (!id) throw new AppError("not_found", "没有这个项目");
  await summerApi(c, project, "PUT", `/course/project/${id}`, { json: toApi(c.var.params) });
  return redirectWith(c, `${HERE}/${id}`, "项目已保存");
});
