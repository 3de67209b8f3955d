import type { BatchItem, BatchResponse } from "drizzle-orm/batch";
import { Hono } from "hono";
import type { FC } from "hono/jsx";
import * as v from "valibot";
import type { Db } from "../../../env";
import type { ConsoleEnv } from "../../../platform/console/env";
import { redirectWith } from "../../../platform/console/flash";
import { render } from "../../../platform/console/page";
import { type Column, Pager, PostForm, pageHref, pageParam, Table } from "../../../platform/console/ui";
import { params } from "../../../platform/params";
import { purgeCatalogue } from "../catalogue-cache";
import { type CatalogueKind, listOf, oneOf } from "../catalogue-kinds";
import { asStaff, found, pageWindow, perform, SUMMER_PAGE, summerWork } from "./caller";

/** A form's choices: `[value, label]`. */
export type Choices = [string, string][];

/**
 * One catalogue kind's console pages (暑校类型, 暑校国家, 校区, 项目): its list with the form that creates one,
 * and one of them with the form that changes it. Each page reads the staff member, its rows and the form's
 * choices in one batch; the forms write through the kind's own writes.
 */
export interface CataloguePage<
  L extends v.GenericSchema,
  Row,
  Shown,
  C extends v.GenericSchema,
  U extends v.GenericSchema,
  E extends BatchItem<"sqlite">[],
  Ch,
  F extends v.GenericSchema,
> {
  kind: CatalogueKind<L, Row, Shown, C, U>;
  /** The console path of the list, e.g. /console/summer/campus-types. */
  here: string;
  /** What one is called: 暑校类型 (the page is 暑校类型管理). */
  noun: string;
  columns: Column<Shown>[];
  idOf: (row: Shown) => number;
  nameOf: (row: Shown) => string;
  /** The queries of the form's choices, sent in the page's batch, and how they read. */
  choices: { queries: (db: Db) => E; read: (results: BatchResponse<E>) => Ch };
  Fields: FC<{ row?: Shown; choices: Ch }>;
  /** The form's fields, and the form as the kind's writes take it. */
  form: F;
  input: (form: v.InferOutput<F>) => Record<string, unknown>;
}

export function cataloguePages<
  L extends v.GenericSchema,
  Row,
  Shown,
  C extends v.GenericSchema,
  U extends v.GenericSchema,
  E extends BatchItem<"sqlite">[],
  Ch,
  F extends v.GenericSchema,
>(page: CataloguePage<L, Row, Shown, C, U, E, Ch, F>) {
  const { kind, here, noun, Fields } = page;
  const title = `${noun}管理`;
  const app = new Hono<ConsoleEnv>({ strict: false });

  app.get("/", params(v.object({ page: pageParam }), "GET"), async (c) => {
    const at = c.var.params.page;
    const call = await asStaff(c, []);
    const list = await summerWork(() =>
      listOf(kind, call, pageWindow(at), v.parse(kind.listParams, {}), ...page.choices.queries(c.var.db)),
    );
    const choices = page.choices.read(list.extra);
    return render(
      c,
      title,
      <>
        <Table<Shown>
          caption={`${noun}列表`}
          rows={list.rows}
          empty={`还没有${noun}`}
          columns={[...page.columns, { label: "操作", cell: (row) => <a href={`${here}/${page.idOf(row)}`}>编辑</a> }]}
        />
        <Pager page={at} size={SUMMER_PAGE} total={list.total} href={pageHref(here, {})} />
        <h2>新建{noun}</h2>
        <section class="card">
          <PostForm action={here} csrf={c.var.viewer.csrf} label={`新建${noun}`}>
            <Fields choices={choices} />
            <button type="submit">创建</button>
          </PostForm>
        </section>
      </>,
    );
  });

  app.post("/", params(page.form, "POST"), async (c) => {
    const created = await perform(c, kind.create, page.input(c.var.params)).finally(purgeCatalogue);
    return redirectWith(c, here, `已创建${noun} ${page.nameOf(created)}`);
  });

  app.get("/:id{[0-9]+}", params(v.object({}), "GET"), async (c) => {
    const id = Number(c.req.param("id"));
    const call = await asStaff(c, []);
    const one = await summerWork(() => oneOf(kind, call, id, ...page.choices.queries(c.var.db)));
    const row = found(one.row);
    return render(
      c,
      `编辑${noun} ${page.nameOf(row)}`,
      <>
        <p>
          <a href={here}>← 返回{title}</a>
        </p>
        <section class="card">
          <PostForm action={`${here}/${id}`} csrf={c.var.viewer.csrf} label={`编辑${noun}`}>
            <Fields row={row} choices={page.choices.read(one.extra)} />
            <button type="submit">保存</button>
          </PostForm>
        </section>
      </>,
    );
  });

  app.post("/:id{[0-9]+}", params(page.form, "POST"), async (c) => {
    const id = Number(c.req.param("id"));
    await perform(c, kind.update, page.input(c.var.params), id).finally(purgeCatalogue);
    return redirectWith(c, `${here}/${id}`, `${noun}已保存`);
  });

  return app;
}

/** The choices of a form from rows of `{id, name}`. */
export const choicesOf = (rows: { id: number; name: string }[]): Choices => rows.map((r) => [String(r.id), r.name]);

/** An optional trimmed text of a form (blank: not sent). */
export const formText = v.optional(v.pipe(v.string(), v.trim()));
