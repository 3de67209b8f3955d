import * as v from "valibot";
import { PROJECT_RESULTS } from "../../../../db/schema/summer";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireArea, requireLogin } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import {
  mayMove,
  pairCountQuery,
  pairQuery,
  pairsPageQuery,
  pairsWhere,
  presentPair,
  type ResultChanges,
  resultRecord,
  saveResultQuery,
} from "../../credit-transfer";
import { doc, pageOf as pageDoc } from "../../docs";
import { kvDoc } from "../../enums";
import { ok } from "../../envelope";
import { date, id, optText } from "../../inputs";
import { paged, pageOf, pageParam } from "../../page";
import { userInfoDoc } from "../../staff-present";
import type { SummerApp } from "../../surface";
import { auditIf, bad, notFound, previousChanged } from "../../writes";

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

const statusIn = v.optional(v.picklist(PROJECT_RESULTS, (i) => `“${String(i.input)}” 不是合法选项。`));
const updateParams = v.object({
  project: v.optional(id),
  post_datetime: v.optional(v.nullable(date)),
  post_channel: optText(30),
  post_number: optText(50),
  status: statusIn,
});
const listParams = v.object({ page: pageParam, project: v.optional(id), user: v.optional(id), status: statusIn });

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
    params(listParams, "GET"),
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
    requireArea("credit_transfer"),
    callerBeforeParams,
    params(updateParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
      const userId = Number(c.req.param("user_id"));
      const [me, [pair]] = await callerAnd(c, pairQuery(db, userId, p.project));
      if (!pair) throw notFound();
      const from = pair.result?.status ?? null;
      if (p.status && !mayMove(from, p.status)) throw bad("status", `学分转换状态不能从 ${from ?? "空"} 改为 ${p.status}。`);
      if ((p.status === "SUCCESS" || p.status === "FAILURE") && !pair.result?.imgFileId)
        throw bad("status", "学生尚未上传学分转换图片，不能设置转换结果。");
      const changes: ResultChanges = {
        ...(p.post_datetime !== undefined ? { postDate: p.post_datetime } : {}),
        ...(p.post_channel !== undefined ? { postChannel: p.post_channel } : {}),
        ...(p.post_number !== undefined ? { postNumber: p.post_number } : {}),
        ...(p.status !== undefined ? { status: p.status } : {}),
        updatedAt: Date.now(),
      };
      const projectId = pair.project.id;
      const [written] = await db.batch([
        saveResultQuery(db, userId, projectId, from, changes),
        auditIf(db, me.id, "update", "project_result", `${userId}-${projectId}`, resultRecord(pair), changes, previousChanged),
      ]);
      if (written.length === 0) throw bad("status", "学分转换状态已被他人更新，请刷新后重试。");
      return ok(c, presentPair({ ...pair, result: written[0] }, c.req.url));
    },
  );
}
