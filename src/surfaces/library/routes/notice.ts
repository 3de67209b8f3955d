import { config } from "../../../platform/config";
import { linkedPage, pageOf } from "../../../platform/paging";
import { params } from "../../../platform/params";
import { listing } from "../docs";
import type { LibraryApp } from "../index";
import { cachedList } from "../list-cache";
import { listNotices, noticeReply } from "../notices";
import * as s from "../schemas";

/** /notice: the notices, a page of them (GET, no envelope), from the list cache. */
export function noticeRoutes(app: LibraryApp) {
  app.get("/notice", listing("Notices, newest first, by type", s.notice), params(s.noticeListParams, "GET"), (c) =>
    cachedList("notices", c.req.url, async () => {
      const p = c.var.params;
      const page = pageOf(p.limit, p.offset);
      const { total, rows } = await listNotices(c.var.db, page, p.type);
      const results = rows.map((n) => noticeReply(n, config(c.env).LOCAL_UTC_OFFSET));
      return c.json(linkedPage(c.req.url, page, total, results));
    }),
  );
}
