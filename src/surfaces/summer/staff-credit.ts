import { and, desc, eq, isNull, type SQL, sql } from "drizzle-orm";
import * as v from "valibot";
import {
  PROJECT_RESULTS,
  type ProjectResultStatus,
  summerCampuses,
  summerOrders,
  summerProjectResults,
  summerProjects,
  summerStudents,
} from "../../db/schema/summer";
import { params } from "../../platform/params";
import { doc, pageOf as pageDoc } from "./docs";
import { kv, kvDoc } from "./enums";
import { ok } from "./envelope";
import { fileUrl } from "./files";
import { date, id, optText } from "./inputs";
import { paged, pageOf, pageParam } from "./page";
import { requireArea } from "./roles";
import { requireLogin } from "./session";
import { userInfo, userInfoDoc } from "./staff-present";
import type { SummerApp } from "./surface";
import { auditIf, bad, found, previousChanged } from "./writes";

/**
 * Credit transfer (学分转换) per student and project: POSTED -> RECEIVED ->
 * SUCCESS | FAILURE, the last two only once the proof image exists. Each step
 * is a conditional update on the status it leaves, so two staff cannot skip one.
 */
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

const NEXT: Record<ProjectResultStatus, (ProjectResultStatus | null)[]> = {
  POSTED: [null, "POSTED"],
  RECEIVED: ["POSTED", "RECEIVED"],
  SUCCESS: ["RECEIVED", "SUCCESS"],
  FAILURE: ["RECEIVED", "FAILURE"],
};

const statusIn = v.optional(v.picklist(PROJECT_RESULTS, (i) => `“${String(i.input)}” 不是合法选项。`));
const updateParams = v.object({
  project: v.optional(id),
  post_datetime: v.optional(v.nullable(date)),
  post_channel: optText(30),
  post_number: optText(50),
  status: statusIn,
});
const listParams = v.object({ page: pageParam, project: v.optional(id), user: v.optional(id), status: statusIn });

type ResultRow = typeof summerProjectResults.$inferSelect;
interface Joined {
  result: ResultRow | null;
  userId: number;
  project: { id: number; name: string };
  campusName: string | null;
  student: Pick<typeof summerStudents.$inferSelect, "name" | "email" | "wechat"> | null;
}

const present = (j: Joined, requestUrl: string) => ({
  id: j.result?.id ?? null,
  project: { id: j.project.id, campus_name: j.campusName ?? "", name: j.project.name },
  post_datetime: j.result?.postDate ?? null,
  post_channel: j.result?.postChannel ?? null,
  post_number: j.result?.postNumber ?? null,
  status: kv("project_result", j.result?.status ?? null),
  img: fileUrl(requestUrl, j.result?.imgFileId),
  user_info: userInfo(j.userId, j.student),
});

/** The confirmed (student, project) pairs with their result, if any: credit transfer follows a confirmed order. */
function pairs(db: Parameters<typeof auditIf>[0]) {
  return db
    .selectDistinct({
      userId: summerOrders.userId,
      project: { id: summerProjects.id, name: summerProjects.name },
      campusName: summerCampuses.name,
      result: summerProjectResults,
      student: { name: summerStudents.name, email: summerStudents.email, wechat: summerStudents.wechat },
    })
    .from(summerOrders)
    .innerJoin(summerProjects, eq(summerProjects.id, summerOrders.projectId))
    .leftJoin(summerCampuses, eq(summerCampuses.id, summerProjects.campusId))
    .leftJoin(summerStudents, eq(summerStudents.userId, summerOrders.userId))
    .leftJoin(
      summerProjectResults,
      and(eq(summerProjectResults.userId, summerOrders.userId), eq(summerProjectResults.projectId, summerOrders.projectId)),
    );
}

const confirmed = eq(summerOrders.status, "CONFIRMED");

export function staffCreditRoutes(app: SummerApp) {
  app.get(
    "/admin/project_result",
    doc(
      "Credit transfer of every student in every project they have a confirmed order in, 10 a page; filters project, user, status",
      pageDoc(resultDoc),
      { who: "staff: credit_transfer (ADMIN, PRODUCT)" },
    ),
    requireLogin,
    requireArea("credit_transfer"),
    params(listParams, "GET"),
    async (c) => {
      const db = c.var.db;
      const f = c.var.params;
      const conds: SQL[] = [confirmed];
      if (f.project) conds.push(eq(summerOrders.projectId, f.project));
      if (f.user) conds.push(eq(summerOrders.userId, f.user));
      if (f.status) conds.push(eq(summerProjectResults.status, f.status));
      const where = and(...conds);
      const { page, limit, offset } = pageOf(c);
      const [rows, [{ total }]] = await db.batch([
        pairs(db).where(where).orderBy(desc(summerOrders.userId), desc(summerProjects.id)).limit(limit).offset(offset),
        db
          .select({ total: sql<number>`count(DISTINCT ${summerOrders.userId} || '-' || ${summerOrders.projectId})` })
          .from(summerOrders)
          .leftJoin(
            summerProjectResults,
            and(eq(summerProjectResults.userId, summerOrders.userId), eq(summerProjectResults.projectId, summerOrders.projectId)),
          )
          .where(where),
      ]);
      return ok(
        c,
        paged(
          c,
          page,
          total,
          rows.map((r) => present(r, c.req.url)),
        ),
      );
    },
  );

  const path = "/admin/project_result/:user_id{[0-9]+}";

  app.get(
    path,
    doc("A student's credit transfer in one project (`project`; the newest confirmed project when left out)", resultDoc, {
      who: "staff: credit_transfer (ADMIN, PRODUCT)",
      errors: ["404 the student has no confirmed order (in that project)"],
    }),
    requireLogin,
    requireArea("credit_transfer"),
    params(v.object({ project: v.optional(id) }), "GET"),
    async (c) => {
      const userId = Number(c.req.param("user_id"));
      const pair = found(await findPair(c.var.db, userId, c.var.params.project));
      return ok(c, present(pair, c.req.url));
    },
  );

  app.on(
    ["PUT", "PATCH"],
    path,
    doc("Update a student's credit transfer in one project (fields sent are changed); created when missing", resultDoc, {
      who: "staff: credit_transfer (ADMIN, PRODUCT)",
      description: "status moves POSTED -> RECEIVED -> SUCCESS | FAILURE; SUCCESS and FAILURE need the student's proof image.",
      errors: ["404 the student has no confirmed order (in that project)", "400 the step is not allowed (status)"],
    }),
    requireLogin,
    requireArea("credit_transfer"),
    params(updateParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
      const userId = Number(c.req.param("user_id"));
      const pair = found(await findPair(db, userId, p.project));
      const before = pair.result;
      const from = before?.status ?? null;
      if (p.status && !NEXT[p.status].includes(from)) throw bad("status", `学分转换状态不能从 ${from ?? "空"} 改为 ${p.status}。`);
      if ((p.status === "SUCCESS" || p.status === "FAILURE") && !before?.imgFileId)
        throw bad("status", "学生尚未上传学分转换图片，不能设置转换结果。");
      const now = Date.now();
      const changes = {
        ...(p.post_datetime !== undefined ? { postDate: p.post_datetime } : {}),
        ...(p.post_channel !== undefined ? { postChannel: p.post_channel } : {}),
        ...(p.post_number !== undefined ? { postNumber: p.post_number } : {}),
        ...(p.status !== undefined ? { status: p.status } : {}),
        updatedAt: now,
      };
      const projectId = pair.project.id;
      const _same = and(eq(summerProjectResults.userId, userId), eq(summerProjectResults.projectId, projectId));
      const stillFrom = from === null ? isNull(summerProjectResults.status) : eq(summerProjectResults.status, from);
      const [written] = await db.batch([
        db
          .insert(summerProjectResults)
          .values({ userId, projectId, createdAt: now, ...changes })
          .onConflictDoUpdate({
            target: [summerProjectResults.userId, summerProjectResults.projectId],
            set: changes,
            setWhere: p.status ? stillFrom : undefined,
          })
          .returning(),
        auditIf(db, c.var.user.id, "update", "project_result", `${userId}-${projectId}`, before, changes, previousChanged),
      ]);
      if (written.length === 0) throw bad("status", "学分转换状态已被他人更新，请刷新后重试。");
      return ok(c, present({ ...pair, result: written[0] }, c.req.url));
    },
  );
}

async function findPair(db: Parameters<typeof auditIf>[0], userId: number, projectId: number | undefined): Promise<Joined | undefined> {
  const conds = [confirmed, eq(summerOrders.userId, userId)];
  if (projectId) conds.push(eq(summerOrders.projectId, projectId));
  const [row] = await pairs(db)
    .where(and(...conds))
    .orderBy(desc(summerProjects.id))
    .limit(1);
  return row;
}
