import * as v from "valibot";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireArea, requireLogin } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import { doc, pageOf as pageDoc } from "../../docs";
import { ok } from "../../envelope";
import { paged, pageOf, pageParam } from "../../page";
import { presentProjectRow, projectCountTotalQuery, projectListQuery } from "../../statistics";
import type { SummerApp } from "../../surface";

const n = v.number();
const projectRowDoc = v.object({ id: n, campus_name: v.string(), name: v.string(), applyed_num: n, payed_num: n });

/** /admin/project: the projects with the students who applied and paid. */
export function adminProjectRoutes(app: SummerApp) {
  app.get(
    "/admin/project",
    doc(
      "Projects with the distinct students who applied (an order not cancelled) and paid (a confirmed order); 10 a page, or all with pagination=False",
      v.union([pageDoc(projectRowDoc), v.array(projectRowDoc)]),
      { who: "staff: catalogue (ADMIN, PRODUCT)" },
    ),
    requireLogin,
    requireArea("catalogue"),
    callerBeforeParams,
    params(v.object({ page: pageParam, pagination: v.optional(v.string()) }), "GET"),
    async (c) => {
      const db = c.var.db;
      const { page, limit, offset } = pageOf(c);
      if (["false", "False", "0"].includes(c.var.params.pagination ?? "")) {
        const [, rows] = await callerAnd(c, projectListQuery(db));
        return ok(c, rows.map(presentProjectRow));
      }
      const [, rows, [{ total }]] = await callerAnd(c, projectListQuery(db).limit(limit).offset(offset), projectCountTotalQuery(db));
      return ok(c, paged(c, page, total, rows.map(presentProjectRow)));
    },
  );
}
