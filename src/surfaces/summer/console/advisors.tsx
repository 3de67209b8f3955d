import { Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { redirectWith } from "../../../platform/console/flash";
import { render } from "../../../platform/console/page";
import { Field, Pager, PostForm, pageHref, pageParam, Table } from "../../../platform/console/ui";
import { params } from "../../../platform/params";
import { createSalesMan, presentSalesMan, salesManCountQuery, salesManQuery, salesMenQuery, updateSalesMan } from "../advisors";
import { fileHref, filled, found, pageWindow, perform, SUMMER_PAGE, staffAnd } from "./caller";
import { dataUri, FileField, LinkedImage, pathId } from "./ui";

/** 销售顾问: the sales advisors with the WeChat QR image students add them by (uploaded with the advisor). */
export const summerAdvisors = new Hono<ConsoleEnv>({ strict: false });

const HERE = "/console/summer/advisors";

type Advisor = ReturnType<typeof presentSalesMan>;

const AdvisorFields = ({ a }: { a?: Advisor }) => (
  <>
    <Field label="姓名" name="name" required maxlength={30} value={a?.name} />
    <Field label="微信号" name="wechat" required maxlength={30} value={a?.wechat} />
    <Field label="邮箱" name="email" type="email" required maxlength={30} value={a?.email} />
    <FileField
      label={a ? "更换二维码图片（可选）" : "微信二维码图片"}
      name="qr_code"
      accept="image/png,image/jpeg,image/gif"
      required={!a}
      hint="JPEG、PNG 或 GIF，最大 5 MB"
    />
  </>
);

summerAdvisors.get("/", params(v.object({ page: pageParam }), "GET"), async (c) => {
  const { page } = c.var.params;
  const db = c.var.db;
  const [, rows, [{ total }]] = await staffAnd(c, ["advisors"], salesMenQuery(db, pageWindow(page)), salesManCountQuery(db));
  return render(
    c,
    "销售顾问",
    <>
      <Table<Advisor>
        caption="销售顾问列表"
        rows={rows.map((a) => presentSalesMan(a, c.req.url))}
        empty="还没有销售顾问"
        columns={[
          { label: "姓名", cell: (a) => a.name },
          { label: "微信号", cell: (a) => a.wechat },
          { label: "邮箱", cell: (a) => a.email },
          { label: "二维码", cell: (a) => <LinkedImage url={a.qr_code} href={fileHref(a.qr_code)} alt={`${a.name} 的二维码`} /> },
          { label: "操作", cell: (a) => <a href={`${HERE}/${a.id}`}>编辑</a> },
        ]}
      />
      <Pager page={page} size={SUMMER_PAGE} total={total} href={pageHref(HERE, {})} />
      <h2>新建销售顾问</h2>
      <section class="card">
        <PostForm action={HERE} csrf={c.var.viewer.csrf} multipart label="新建销售顾问">
          <AdvisorFields />
          <button type="submit">创建</button>
        </PostForm>
      </section>
    </>,
  );
});

const text = v.optional(v.pipe(v.string(), v.trim()));
const form = v.object({ name: text, wechat: text, email: text, qr_code: v.optional(v.union([v.instance(File), v.literal("")])) });
type Form = v.InferOutput<typeof form>;
const toApi = async (f: Form) => ({
  ...filled({ name: f.name, wechat: f.wechat, email: f.email }),
  qr_code: await dataUri(f.qr_code || undefined),
});

summerAdvisors.post("/", params(form, "POST"), async (c) => {
  const created = await perform(c, createSalesMan, await toApi(c.var.params));
  return redirectWith(c, HERE, `已创建销售顾问 ${created.name}`);
});

summerAdvisors.get("/:id{[0-9]+}", params(v.object({}), "GET"), async (c) => {
  const id = pathId(c.req.param("id"));
  const [, [row]] = await staffAnd(c, ["advisors"], salesManQuery(c.var.db, id));
  const a = presentSalesMan(found(row), c.req.url);
  return render(
    c,
    `编辑销售顾问 ${a.name}`,
    <>
      <p>
        <a href={HERE}>← 返回销售顾问</a>
      </p>
      <div class="grid">
        <section class="card">
          <PostForm action={`${HERE}/${id}`} csrf={c.var.viewer.csrf} multipart label="编辑销售顾问">
            <AdvisorFields a={a} />
            <button type="submit">保存</button>
          </PostForm>
        </section>
        <section class="card">
          <h2>当前二维码</h2>
          <LinkedImage url={a.qr_code} href={fileHref(a.qr_code)} alt={`${a.name} 的二维码`} />
        </section>
      </div>
    </>,
  );
});

summerAdvisors.post("/:id{[0-9]+}", params(form, "POST"), async (c) => {
  const id = pathId(c.req.param("id"));
  await perform(c, updateSalesMan, await toApi(c.var.params), id);
  return redirectWith(c, `${HERE}/${id}`, "销售顾问已保存");
});
