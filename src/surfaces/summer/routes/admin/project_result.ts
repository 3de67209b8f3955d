import * as v from "valibot";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireArea, requireLogin } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import {
  pairCountQuery,
  pairListParams,
  pairQuery,
  pairsPageQuery,
  pairsWhere,
  presentPair,
  updateCreditTransfer,
} from "../../credit-transfer";
import { doc, pageOf as pageDoc } from "../../docs";
import { kvDoc } from "../../enums";
import { ok } from "../../envelope";
import { id } from "../../inputs";
import { paged, pageOf } from "../../page";
import { userInfoDoc } from "../../staff-present";
import type { SummerApp } from "../../surface";
import { notFound } from "../../writes";

const n = v.number();
const ns = v.nullable(v.string());
const resultDoc = v.object({
  id: v.nullable(n),
  project: v.object({ id: n, campus_name: v.string(), name: v.string() }),
  post_datetime: ns,
  post_channel: ns,
  post_number: ns,
  status: v.nullable(kvDoc),
  img: ns,
  user_info: userInfoDoc,
});

const who = { who: "staff: credit_transfer (ADMIN, PRODUCT)" };

/**
 * /admin/project_result/...: credit transfer (学分转换) of each student in each
 * project they have a confirmed order in: POSTED -> RECEIVED -> SUCCESS | FAILURE.
 */
export function adminProjectResultRoutes(app: SummerApp) {
  app.get(
    "/admin/project_result",
    doc(
      "Credit transfer of every student in every project they have a confirmed order in, 10 a page; filters project, user, status",
      pageDoc(resultDoc),
      who,
    ),
    requireLogin,
    requireArea("credit_transfer"),
    callerBeforeParams,
    params(pairListParams, "GET"),
    async (c) => {
      const db = c.var.db;
      const where = pairsWhere(c.var.params);
      const { page, limit, offset } = pageOf(c);
      const [, rows, [{ total }]] = await callerAnd(c, pairsPageQuery(db, where, limit, offset), pairCountQuery(db, where));
      return ok(
        c,
        paged(
          c,
          page,
          total,
          rows.map((r) => presentPair(r, c.req.url)),
        ),
      );
    },
  );

  app.get(
    "/admin/project_result/:user_id{[0-9]+}",
    doc("A student's credit transfer in one project (`project`; the newest confirmed project when left out)", resultDoc, {
      ...who,
      errors: ["404 the student has no confirmed order (in that project)"],
    }),
    requireLogin,
    requireArea("credit_transfer"),
    callerBeforeParams,
    params(v.object({ project: v.optional(id) }), "GET"),
    async (c) => {
      const [, [pair]] = await callerAnd(c, pairQuery(c.var.db, Number(c.req.param("user_id")), c.var.params.project));
      if (!pair) throw notFound();
      return ok(c, presentPair(pair, c.req.url));
    },
  );

  app.on(
    ["PUT", "PATCH"],
    "/admin/project_result/:user_id{[0-9]+}",
    doc("Update a student's credit transfer in one project (fields sent are changed); created when missing", resultDoc, {
      ...who,
      description: "status moves POSTED -> RECEIVED -> SUCCESS | FAILURE; SUCCESS and FAILURE need the student's proof image.",
      errors: ["404 the student has no confirmed order (in that project)", "400 the step is not allowed (status)"],
    }),
    requireLogin,
    requireArea(updateCreditTransfer.area),
    callerBeforeParams,
    params(updateCreditTransfer.params, "POST"),
    async (c) => ok(c, await updateCreditTransfer.run(c, c.var.params, Number(c.req.param("user_id")))),
  );
}
