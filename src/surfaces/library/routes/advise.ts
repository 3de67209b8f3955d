import * as v from "valibot";
import { config } from "../../../platform/config";
import { invalidParam } from "../../../platform/errors";
import { describe } from "../../../platform/openapi";
import { linkedPage, pageOf } from "../../../platform/paging";
import { params } from "../../../platform/params";
import { parseLocal } from "../../../platform/time";
import { optionalSession } from "../auth";
import { listing, tags } from "../docs";
import { ok } from "../envelope";
import type { LibraryApp } from "../index";
import { addAdvise, adviseReply, listAdvises } from "../notices";
import * as s from "../schemas";

/** /advise: complaints, listed by GET (a page, no envelope, phones masked) and submitted by POST. */
export function adviseRoutes(app: LibraryApp) {
  app.get("/advise", listing("Complaints, newest first (phone numbers masked)", s.advise), params(s.pageParams, "GET"), async (c) => {
    const page = pageOf(c.var.params.limit, c.var.params.offset);
    const { total, rows } = await listAdvises(c.var.db, page);
    const results = rows.map((a) => adviseReply(a, config(c.env).LOCAL_UTC_OFFSET));
    return c.json(linkedPage(c.req.url, page, total, results));
  });

  app.post(
    "/advise",
    describe({
      tags,
      summary: "Submit a complaint (JSON body)",
      responses: { 200: ["the stored complaint", v.union([s.reply(s.advise.entries), s.errorReply])] },
    }),
    optionalSession,
    params(s.adviseParams, "POST"),
    async (c) => {
      const p = c.var.params;
      const offset = config(c.env).LOCAL_UTC_OFFSET;
      const publishTime = p.publishTime ? parseLocal(p.publishTime, offset) : Date.now();
      if (publishTime === null) throw invalidParam("publishTime", "publishTime must be YYYY-MM-DD HH:mm:ss");
      const row = await addAdvise(c.var.db, { openid: c.var.user?.openid ?? null, tel: p.tel, contents: p.contents, publishTime });
      return ok(c, adviseReply(row, offset, false));
    },
  );
}
