import { Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { redirectWith } from "../../../platform/console/flash";
import { render } from "../../../platform/console/page";
import { Field, Pager, PostForm, pageHref, pageParam, Select, Table } from "../../../platform/console/ui";
import { AppError } from "../../../platform/errors";
import { params } from "../../../platform/params";
import { filled, kv, kvText, pageOf, SUMMER_PAGE, summerApi } from "./api";
import { enumOptions, pathId } from "./ui";

/** 暑校类型管理: the summer-school types (北美暑校, 澳洲暑校…). */
export const summerCampusTypes = new Hono<ConsoleEnv>({ strict: false });

const HERE = "/console/summer/campus-types";

export const campusType = v.object({ id: v.number(), title: v.string(), create_time: v.string(), campus_country: kv });
type CampusType = v.InferOutput<typeof campusType>;

const TypeFields = ({ t }: { t?: CampusType }) => (
  <>
    <Field label="名称" name="title" required maxlength={30} value={t?.title} />
    <Select label="地区" name="campus_country" options={enumOptions("campus_country")} value={t?.campus_country.key} required />
  </>
);

summerCampusTypes.get("/", params(v.object({ page: pageParam }), "GET"), async (c) => {
  const { page } = c.var.params;
  const list = await summerApi(c, pageOf(campusType), "GET", "/course/campus_type", {
    query: filled({ page: page > 1 ? page : undefined }),
  });
  return render(
    c,
    "暑校类型管理",
    <>
      <Table<CampusType>
        caption="暑校类型列表"
        rows={list.results}
        empty="还没有暑校类型"
        columns={[
          { label: "名称", cell: (t) => t.title },
          { label: "地区", cell: (t) => kvText(t.campus_country) },
          { label: "操作", cell: (t) => <a href={`${HERE}/${t.id}`}>编辑</a> },
        ]}
      />
      <Pager page={page} size={SUMMER_PAGE} total={list.count} href={pageHref(HERE, {})} />
      <h2>新建暑校类型</h2>
      <section class="card">
        <PostForm action={HERE} csrf={c.var.viewer.csrf} label="新建暑校类型">
          <TypeFields />
          <button type="submit">创建</button>
        </PostForm>
      </section>
    </>,
  );
});

const text = v.optional(v.pipe(v.string(), v.trim()));
const form = v.object({ title: text, campus_country: text });

summerCampusTypes.post("/", params(form, "POST"), async (c) => {
  const created = await summerApi(c, campusType, "POST", "/course/campus_type", { json: filled(c.var.params) });
  return redirectWith(c, HERE, `已创建暑校类型 ${created.title}`);
});

summerCampusTypes.get("/:id{[0-9]+}", params(v.object({}), "GET"), async (c) => {
  const id = pathId(c.req.param("id"));
  const t = await summerApi(c, campusType, "GET", `/course/campus_type/${id}`);
  return render(
    c,
    `编辑暑校类型 ${t.title}`,
    <>
      <p>
        <a href={HERE}>← 返回暑校类型管理</a>
      </p>
      <section class="card">
        <PostForm action={`${HERE}/${id}`} csrf={c.var.viewer.csrf} label="编辑暑校类型">
          <TypeFields t={t} />
          <button type="submit">保存</button>
        </PostForm>
      </section>
    </>,
  );
});

summerCampusTypes.post("/:id{[0-9]+}", params(form, "POST"), async (c) => {
  const id = pathId(c.req.param("id"));
  if (!id) throw new AppError("not_found", "没有这个暑校类型");
  await summerApi(c, campusType, "PUT", `/course/campus_type/${id}`, { json: filled(c.var.params) });
  return redirectWith(c, `${HERE}/${id}`, "暑校类型已保存");
});
