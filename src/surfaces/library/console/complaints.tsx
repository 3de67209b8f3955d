import { Hono } from "hono";
import * as v from "valibot";
import { config } from "../../../platform/config";
import type { ConsoleEnv } from "../../../platform/console/env";
import { render } from "../../../platform/console/page";
import { PAGE_SIZE, Pager, pageHref, pageParam, Table } from "../../../platform/console/ui";
import { params } from "../../../platform/params";
import { formatDateTime } from "../../../platform/time";
import { complaints } from "../publications";
import { LibraryTabs } from "./parts";

const PATH = "/console/library/complaints";
/** A contact that can be dialled (the form takes QQ numbers and other text too). */
const PHONE = /^\+?[\d-]{5,20}$/;

/** 投诉与建议: newest first, with full phone numbers, as /admin/library/advises reads them. */
export const complaintPages = new Hono<ConsoleEnv>({ strict: false });

complaintPages.get("/", params(v.object({ page: pageParam }), "GET"), async (c) => {
  const { page } = c.var.params;
  const { total, rows } = await complaints(c.var.db, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const tz = config(c.env).LOCAL_UTC_OFFSET;
  return render(
    c,
    "图书馆 · 投诉与建议",
    <>
      <LibraryTabs current={PATH} />
      <Table
        caption="投诉与建议"
        rows={rows}
        empty="还没有投诉或建议"
        columns={[
          { label: "提交时间", cell: (a) => formatDateTime(a.publishTime, tz) },
          { label: "联系方式", cell: (a) => (PHONE.test(a.tel) ? <a href={`tel:${a.tel}`}>{a.tel}</a> : a.tel) },
          { label: "内容", cell: (a) => a.contents },
          { label: "提交者", cell: (a) => (a.openid ? a.openid : <span class="muted">未登录</span>) },
        ]}
      />
      <Pager page={page} total={total} href={pageHref(PATH, {})} />
    </>,
  );
});
