import { params } from "../../../../platform/params";
import { doc } from "../../docs";
import { ok } from "../../envelope";
import type { JhApp } from "../../index";
import { MSG } from "../../messages";
import * as s from "../../schemas";
import { cachedTerms } from "../../term-cache";
import { campusToday, termOn } from "../../time";

/** /api/time: the current term, week and weekday. */
export function timeRoutes(app: JhApp) {
  app.get(
    "/api/time",
    doc(
      "The current term, its week and weekday (campus time)",
      "From the term calendar operators manage: term 3 first, 12 second, 16 short; week 1 starts on `begin`; dayofweek Sunday 0. Between two terms: the next one with week 0. Before the first term or after the last: data null.",
      s.timeReply,
    ),
    params(s.noParams, "GET"),
    async (c) => ok(c, termOn(await cachedTerms(c.var.db), campusToday(c.env)), MSG.gotTime),
  );
}
