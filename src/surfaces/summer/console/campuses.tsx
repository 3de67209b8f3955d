import { Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { redirectWith } from "../../../platform/console/flash";
import { render } from "../../../platform/console/page";
import { Field, Pager, PostForm, pageHref, pageParam, Select, Table } from "../../../platform/console/ui";
import { AppError } from "../../../platform/errors";
import { params } from "../../../platform/params";
import { allPages, filled, pageOf, SUMMER_PAGE, summerApi } from "./api";
import { country, typeChoices } from "./countries";
import { pathId } from "./ui";

/** 校区管理: campuses with their type and the countries they serve. */
export const summerCampuses = new Hono<ConsoleEnv>({ strict: false });

const HERE = "/console/summer/campuses";

export const campus = v.object({
  id: v.number(),
  name: v.string(),
  info: v.string(),
  campus_type: v.nullable(v.object({ id: v.number(), title: v.string() })),
  campus_country: v.array(v.object({ id: v.number(), name: v.string() })),
});
type Campus = v.InferOutput<typeof campus>;

const CampusFields = ({ cp, types, countries }: { cp?: Campus; types: [string, string][]; countries: [number, string][] }) => {
  const chosen = new Set(cp?.campus_country.map((ct) => ct.id) ?? []);
  return (
    <>
      <Field label="校区名称" name="name" required maxlength={30} value={cp?.name} />
      <Select
        label="暑校类型"
        name="campus_type"
        options={types}
        value={cp?.campus_type ? String(cp.campus_type.id) : undefined}
        required
      />
      <Field label="简介" name="info" maxlength={100} value={cp?.info} />
      <fieldset>
        <legend>所属国家</legend>
        {countries.map(([id, name]) => (
          <label class="check">
            <input type="checkbox" name="campus_country" value={String(id)} checked={chosen.has(id)} />
            {name}
          </label>
        ))}
      </fieldset>
    </>
  );
};

summerCampuses.get("/", params(v.object({ page: pageParam }), "GET"), async (c) => {
  const { page } = c.var.params;
  const [list, types, countries] = await Promise.all([
    summerApi(c, pageOf(campus), "GET", "/course/campus", { query: filled({ page: page > 1 ? page : undefined }) }),
    typeChoices(c),
    allPages(c, country, "/course/campus_country"),
  ]);
  return render(
    c,
    "校区管理",
    <>
      <Table<Campus>
        caption="校区列表"
        rows={list.results}
        empty="还没有校区"
        columns={[
          { label: "校区", cell: (cp) => cp.name },
          { label: "暑校类型", cell: (cp) => cp.campus_type?.title ?? "—" },
          { label: "国家", cell: (cp) => cp.campus_country.map((ct) => ct.name).join("、") || "—" },
          { label: "简介", cell: (cp) => cp.info },
          { label: "操作", cell: (cp) => <a href={`${HERE}/${cp.id}`}>编辑</a> },
        ]}
      />
      <Pager page={page} size={SUMMER_PAGE} total={list.count} href={pageHref(HERE, {})} />
      <h2>新建校区</h2>
      <section class="card">
        <PostForm action={HERE} csrf={c.var.viewer.csrf} label="新建校区">
          <CampusFields types={types} countries={countries.map((ct) => [ct.id, ct.name])} />
          <button type="submit">创建</button>
        </PostForm>
      </section>
    </>,
  );
});

const text = v.optional(v.pipe(v.string(), v.trim()));
const ids = v.optional(v.union([v.string(), v.array(v.string())]));
const form = v.object({ name: text, campus_type: text, info: text, campus_country: ids });
type Form = v.InferOutput<typeof form>;
const toApi = (f: Form) => ({
  ...filled({ name: f.name, campus_type: f.campus_type, info: f.info }),
  campus_country: (f.campus_country === undefined ? [] : [f.campus_country].flat()).map(Number),
});

summerCampuses.post("/", params(form, "POST"), async (c) => {
  const created = await summerApi(c, campus, "POST", "/course/campus", { json: toApi(c.var.params) });
  return redirectWith(c, HERE, `已创建校区 ${created.name}`);
});

summerCampuses.get("/:id{[0-9]+}", params(v.object({}), "GET"), async (c) => {
  const id = pathId(c.req.param("id"));
  const [cp, types, countries] = await Promise.all([
    summerApi(c, campus, "GET", `/course/campus/${id}`),
    typeChoices(c),
    allPages(c, country, "/course/campus_country"),
  ]);
  return render(
    c,
    `编辑校区 ${cp.name}`,
    <>
      <p>
        <a href={HERE}>← 返回校区管理</a>
      </p>
      <section class="card">
        <PostForm action={`${HERE}/${id}`} csrf={c.var.viewer.csrf} label="编辑校区">
          <CampusFields cp={cp} types={types} countries={countries.map((ct) => [ct.id, ct.name])} />
          <button type="submit">保存</button>
        </PostForm>
      </section>
    </>,
  );
});

summerCampuses.post("/:id{[0-9]+}", params(form, "POST"), async (c) => {
  const id = pathId(c.req.param("id"));
  if (!id) throw new AppError("not_found", "没有这个校区");
  await summerApi(c, campus, "PUT", `/course/campus/${id}`, { json: toApi(c.var.params) });
  return redirectWith(c, `${HERE}/${id}`, "校区已保存");
});
