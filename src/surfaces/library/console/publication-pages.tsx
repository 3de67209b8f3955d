import { type Context, Hono } from "hono";
import type { Child, FC } from "hono/jsx";
import * as v from "valibot";
import type { Db } from "../../../env";
import { config } from "../../../platform/config";
import type { ConsoleEnv } from "../../../platform/console/env";
import { redirectWith } from "../../../platform/console/flash";
import { readForm } from "../../../platform/console/form";
import { render } from "../../../platform/console/page";
import { type Column, PAGE_SIZE, Pager, PostForm, pageHref, pageParam, Select, Table } from "../../../platform/console/ui";
import { AppError } from "../../../platform/errors";
import type { Page } from "../../../platform/paging";
import { params } from "../../../platform/params";
import type { Publication } from "../publishing";
import { idOf, inChinese } from "./form";
import { LibraryTabs } from "./parts";

/** What the pages of one kind of publication (notices, trainings, activities) need to know about it. */
export interface PublicationPages<Row extends { id: number; title: string }, Input> {
  /** Its console path, e.g. /console/library/notices. */
  path: string;
  /** Its name in the staff's words, e.g. 公告. */
  name: string;
  publication: Publication<Input, Row>;
  /** The form's fields, validated with Chinese messages, as the domain takes them. */
  form: v.GenericSchema<unknown, Input>;
  find: (db: Db, id: number) => Promise<Row | undefined>;
  list: (db: Db, page: Page, type: string | undefined) => Promise<{ total: number; rows: Row[] }>;
  /** A filter of the list by type, when the kind has types. */
  types?: readonly (readonly [string, string])[];
  columns: (tz: string) => Column<Row>[];
  /** The form's inputs, filled from `row` when editing. */
  Fields: FC<{ row?: Row; tz: string }>;
  /** The item as the mini-program shows it. */
  Preview: FC<{ row: Row; tz: string }>;
  /** The form's fields as an unsaved item (over `saved` when editing), for a preview before publishing or saving. */
  draft: (input: Input, tz: string, now: number, saved?: Row) => Row;
  /** More on an item's page (a training's sign-ups). */
  more?: (row: Row) => Child;
}

/**
 * List (paged, filtered by type), publish, the item's page with its preview, edit and delete, for one
 * kind of publication; every change goes through the same domain functions as /admin/library.
 */
export function publicationPages<Row extends { id: number; title: string }, Input>(kind: PublicationPages<Row, Input>) {
  const app = new Hono<ConsoleEnv>({ strict: false });
  const { path, name, publication } = kind;
  const tz = (env: ConsoleEnv["Bindings"]) => config(env).LOCAL_UTC_OFFSET;
  const what = `条${name}`;

  /** Publishes (no id) or saves an item (id); 预览 shows the form's content first without saving. */
  const ItemForm: FC<{ csrf: string; offset: string; id?: number; row?: Row }> = ({ csrf, offset, id, row }) => {
    const action = id ? `${path}/${id}` : path;
    return (
      <PostForm action={action} csrf={csrf} label={id ? `编辑${name}` : `发布${name}`}>
        <kind.Fields row={row} tz={offset} />
        <div class="toolbar">
          <button type="submit">{id ? "保存修改" : "发布"}</button>
          <button type="submit" class="secondary" formAction={`${action}/preview`}>
            预览
          </button>
        </div>
      </PostForm>
    );
  };

  /** The form's content as the mini-program would show it, saving nothing. */
  const draftPage = async (c: Context<ConsoleEnv>, id?: number) => {
    const offset = tz(c.env);
    const input = await readForm(c, kind.form);
    const saved = id ? await kind.find(c.var.db, id) : undefined;
    if (id && !saved) throw new AppError("not_found", `没有这${what}`);
    const row = await inChinese(async () => kind.draft(input, offset, Date.now(), saved));
    return render(
      c,
      `${name}预览（未保存）`,
      <>
        <LibraryTabs current={path} />
        <p class="flash ok" role="status">
          这是预览，{id ? "修改尚未保存" : `${name}尚未发布`}。
        </p>
        <kind.Preview row={row} tz={offset} />
        <h2>{id ? "编辑" : `发布${name}`}</h2>
        <section class="card">
          <ItemForm csrf={c.var.viewer.csrf} offset={offset} id={id} row={row} />
        </section>
      </>,
    );
  };
  app.post("/preview", (c) => draftPage(c));
  app.post("/:id/preview", (c) => draftPage(c, idOf(c.req.param("id"), what)));

  app.get("/", params(v.object({ page: pageParam, type: v.optional(v.string()) }), "GET"), async (c) => {
    const { page } = c.var.params;
    const type = kind.types?.find(([value]) => value === c.var.params.type)?.[0];
    const { total, rows } = await kind.list(c.var.db, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, type);
    const offset = tz(c.env);
    return render(
      c,
      `图书馆 · ${name}`,
      <>
        <LibraryTabs current={path} />
        {kind.types && (
          <form method="get" action={path} class="toolbar" aria-label={`筛选${name}`}>
            <Select label="类型" name="type" options={[["", "全部"], ...kind.types]} value={type ?? ""} />
            <button type="submit" class="secondary">
              筛选
            </button>
          </form>
        )}
        <Table<Row>
          caption={`${name}列表`}
          rows={rows}
          empty={`还没有${name}`}
          columns={[
            { label: "标题", cell: (r) => <a href={`${path}/${r.id}`}>{r.title}</a> },
            ...kind.columns(offset),
            { label: "操作", cell: (r) => <a href={`${path}/${r.id}`}>预览与编辑</a> },
          ]}
        />
        <Pager page={page} total={total} href={pageHref(path, { type })} />
        <h2>发布{name}</h2>
        <section class="card">
          <ItemForm csrf={c.var.viewer.csrf} offset={offset} />
        </section>
      </>,
    );
  });

  app.post("/", async (c) => {
    const input = await readForm(c, kind.form);
    const row = await inChinese(() => publication.publish(c.var.db, input, tz(c.env)));
    return redirectWith(c, `${path}/${row.id}`, `已发布${name}「${row.title}」`);
  });

  app.get("/:id", async (c) => {
    const row = await kind.find(c.var.db, idOf(c.req.param("id"), what));
    if (!row) throw new AppError("not_found", `没有这${what}`);
    const offset = tz(c.env);
    const csrf = c.var.viewer.csrf;
    return render(
      c,
      `${name} · ${row.title}`,
      <>
        <LibraryTabs current={path} />
        <p>
          <a href={path}>返回{name}列表</a>
        </p>
        <kind.Preview row={row} tz={offset} />
        {kind.more?.(row)}
        <h2>编辑</h2>
        <section class="card">
          <ItemForm csrf={csrf} offset={offset} id={row.id} row={row} />
        </section>
        <h2>删除</h2>
        <PostForm
          action={`${path}/${row.id}/delete`}
          csrf={csrf}
          confirm={`确定删除${name}「${row.title}」吗？删除后小程序中不再显示。`}
          label={`删除${name}`}
        >
          <button type="submit" class="danger">
            删除{name}
          </button>
        </PostForm>
      </>,
    );
  });

  app.post("/:id", async (c) => {
    const id = idOf(c.req.param("id"), what);
    const input = await readForm(c, kind.form);
    const row = await inChinese(() => publication.revise(c.var.db, id, input, tz(c.env)));
    if (!row) throw new AppError("not_found", `没有这${what}`);
    return redirectWith(c, `${path}/${row.id}`, `已保存${name}「${row.title}」`);
  });

  app.post("/:id/delete", async (c) => {
    if (!(await publication.withdraw(c.var.db, idOf(c.req.param("id"), what)))) throw new AppError("not_found", `没有这${what}`);
    return redirectWith(c, path, `已删除${name}`);
  });

  return app;
}
