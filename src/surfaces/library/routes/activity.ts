import { config } from "../../../platform/config";
import { linkedPage, pageOf } from "../../../platform/paging";
import { params } from "../../../platform/params";
import { listing } from "../docs";
import type { LibraryApp } from "../index";
import { cachedList } from "../list-cache";
import { activityReply, listActivities } from "../notices";
import * as s from "../schemas";

/** /activity: the activities, a page of them (GET, no envelope), from the list cache. */
export function activityRoutes(app: LibraryApp) {
  app.get("/activity", listing("Activities, latest first", s.activity), params(s.pageParams, "GET"), (c) =>
    cachedList("activities", c.req.url, async () => {
      const page = pageOf(c.var.params.limit, c.var.params.offset);
      const { total, rows } = await listActivities(c.var.db, page);
      const results = rows.map((a) => activityReply(a, config(c.env).LOCAL_UTC_OFFSET));
      return c.json(linkedPage(c.req.url, page, total, results));
    }),
  );
}
