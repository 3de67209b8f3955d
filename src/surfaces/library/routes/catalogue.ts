import * as v from "valibot";
import { params } from "../../../platform/params";
import { requireSession } from "../auth";
import { endpoint, GET_POST } from "../docs";
import { ok } from "../envelope";
import type { LibraryApp } from "../index";
import { callLibrary } from "../library-system";
import * as s from "../schemas";

/** Searching the catalogue, reading records and the loan ranking (a session, not a library login). */
export function catalogueRoutes(app: LibraryApp) {
  app.on(
    GET_POST,
    "/libuser/find",
    endpoint("Search the catalogue; returns a set to read with present", s.reply({ result: s.searchSet })),
    requireSession,
    params(s.findParams),
    async (c) => ok(c, { result: await callLibrary(c, (sys) => sys.find(c.var.params.code, c.var.params.keyword)) }),
  );

  app.on(
    GET_POST,
    "/libuser/present",
    endpoint("Ten records of a search set from `entry` on", s.reply({ result: v.array(s.book) })),
    requireSession,
    params(s.presentParams),
    async (c) => ok(c, { result: await callLibrary(c, (sys) => sys.present(c.var.params.set_num, c.var.params.entry, 10)) }),
  );

  app.on(
    GET_POST,
    "/libuser/book_detail",
    endpoint("A record with its copies", s.reply({ result: s.bookDetail })),
    requireSession,
    params(s.detailParams),
    async (c) => ok(c, { result: await callLibrary(c, (sys) => sys.bookDetail(c.var.params.doc_num.padStart(9, "0"))) }),
  );

  app.on(
    GET_POST,
    "/libuser/bor_rank",
    endpoint("Most borrowed books (top 20)", s.reply({ result: v.array(s.rank) })),
    requireSession,
    params(s.rankParams),
    async (c) => {
      const { lang, category, time } = c.var.params;
      return ok(c, { result: await callLibrary(c, (sys) => sys.ranking({ lang, category, time })) });
    },
  );
}
