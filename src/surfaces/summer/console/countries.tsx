import { type Context, Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { redirectWith } from "../../../platform/console/flash";
import { render } from "../../../platform/console/page";
import { Field, Pager, PostForm, pageHref, pageParam, Select, Table } from "../../../platform/console/ui";
import { AppError } from "../../../platform/errors";
import { params } from "../../../platform/params";
import { allPages, filled, pageOf, SUMMER_PAGE, summerApi } from "./api";
import { campusType } from "./campus-types";
import { pathId } from "./ui";

/** 暑校国家管理: the countries of each summer-school type. */
export const summerCountries = new Hono<ConsoleEnv>({ strict: false });

const HERE = "/console/summer/countries";

export const country = v.object({
  id: v.number(),
  name: v.string(),
  campus_type: v.nullable(v.object({ id: v.number(), title: v.string() })),
});
type Country = v.InferOutput<typeof country>;

/** The campus types to choose from. */
export async function typeChoices<E extends ConsoleEnv>(c: Context<E>): Promise<[string, string][]> {
  return (await allPages(c, campusType, "/course/campus_type")).map((t) => [String(t.id), t.title]);
}

const CountryFields = ({ ct, types }: { ct?: Country; types: [string, string][] }) => (
  <>
    <Field label="国家名称" name="name" required maxlength={30} value={ct?.name} />
    <Select label="暑校类型" name="campus_type" options={types} value={ct?.campus_type ? String(ct.campus_type.id) : undefined} required />
  </>
);

summerCountries.get("/", params(v.object({ page: pageParam }), "GET"), async (c) => {
  const { page } = c.var.params;
  const [list, types] = await Promise.all([
    summerApi(c, pageOf(country), "GET", "/course/campus_country", { query: filled({ page: page > 1 ? page : undefined }) }),
    typeChoices(c),
  ]);
  return render(
    c,
    "暑校国家管理",
    <>
      <Table<Country>
        caption="暑校国家列表"
        rows={list.results}
        empty="还没有暑校国家"
        columns={[
          { label: "国家", cell: (ct) => ct.name },
          { label: "暑校类型", cell: (ct) => ct.campus_type?.title ?? "—" },
          { label: "操作", cell: (ct) => <a href={`${HERE}/${ct.id}`}>编辑</a> },
        ]}
      />
      <Pager page={page} size={SUMMER_PAGE} total={list.count} href={pageHref(HERE, {})} />
      <h2>新建暑校国家</h2>
      <section class="card">
        <PostForm action={HERE} csrf={c.var.viewer.csrf} label="新建暑校国家">
          <CountryFields types={types} />
          <button type="submit">创建</button>
        </PostForm>
      </section>
    </>,
  );
});

const text = v.optional(v.pipe(v.string(), v.trim()));
const form = v.object({ name: text, campus_type: text });

summerCountries.post("/", params(form, "POST"), async (c) => {
  const created = await summerApi(c, country, "POST", "/course/campus_country", { json: filled(c.var.params) });
  return redirectWith(c, HERE, `已创建暑校国家 ${created.name}`);
});

summerCountries.get("/:id{[0-9]+}", params(v.object({}), "GET"), async (c) => {
  const id = pathId(c.req.param("id"));
  const [ct, types] = await Promise.all([summerApi(c, country, "GET", `/course/campus_country/${id}`), typeChoices(c)]);
  return render(
    c,
    `编辑暑校国家 ${ct.name}`,
    <>
      <p>
        <a href={HERE}>← 返回暑校国家管理</a>
      </p>
      <section class="card">
        <PostForm action={`${HERE}/${id}`} csrf={c.var.viewer.csrf} label="编辑暑校国家">
          <CountryFields ct={ct} types={types} />
          <button type="submit">保存</button>
        </PostForm>
      </section>
    </>,
  );
});

summerCountries.post("/:id{[0-9]+}", params(form, "POST"), async (c) => {
  const id = pathId(c.req.param("id"));
  if (!id) throw new AppError("not_found", "没有这个暑校国家");
  await summerApi(c, country, "PUT", `/course/campus_country/${id}`, { json: filled(c.var.params) });
  return redirectWith(c, `${HERE}/${id}`, "暑校国家已保存");
});
