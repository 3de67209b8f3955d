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
import type { Db } from "../../env";
import { callerAnd } from "../../platform/caller";
import { summerWrite } from "./call";
import { kv } from "./enums";
import { fileUrl } from "./files";
import { date, id, optText } from "./inputs";
import { pageParam } from "./page";
import { userInfo } from "./staff-present";
import { auditIf, bad, notFound, previousChanged } from "./writes";

/**
 * Credit transfer (学分转换) per student and project: POSTED -> RECEIVED ->
 * SUCCESS | FAILURE, the last two only once the proof image exists. Each step
 * is a conditional update on the status it leaves, so two staff cannot skip one.
 * A pair is a student with a confirmed order in a project: credit transfer
 * follows a confirmed order.
 */
const NEXT: Record<ProjectResultStatus, (ProjectResultStatus | null)[]> = {
  POSTED: [null, "POSTED"],
  RECEIVED: ["POSTED", "RECEIVED"],
  SUCCESS: ["RECEIVED", "SUCCESS"],
  FAILURE: ["RECEIVED", "FAILURE"],
};

/** True when a result in status `from` may be set to `to`. */
export const mayMove = (from: ProjectResultStatus | null, to: ProjectResultStatus) => NEXT[to].includes(from);

export interface PairFilter {
  project?: number;
  user?: number;
  status?: ProjectResultStatus;
}

const confirmed = eq(summerOrders.status, "CONFIRMED");
const resultOfPair = and(eq(summerProjectResults.userId, summerOrders.userId), eq(summerProjectResults.projectId, summerOrders.projectId));

/** The pairs a filter keeps. */
export function pairsWhere(f: PairFilter): SQL | undefined {
  const conds: SQL[] = [confirmed];
  if (f.project) conds.push(eq(summerOrders.projectId, f.project));
  if (f.user) conds.push(eq(summerOrders.userId, f.user));
  if (f.status) conds.push(eq(summerProjectResults.status, f.status));
  return and(...conds);
}

/**
 * The pairs with their project, campus, student and result (null while
 * none), each column under a name of its own, for a batch; the result's
 * first column is its id, so drizzle reads a missing result as null.
 */
function pairsOf(db: Db, where: SQL | undefined) {
  return db
    .selectDistinct({
      userId: summerOrders.userId,
      project: { id: summerOrders.projectId, name: summerProjects.name },
      campusName: sql<string | null>`${summerCampuses.name}`.as("campus_name"),
      result: {
        id: summerProjectResults.id,
        status: summerProjectResults.status,
        postDate: summerProjectResults.postDate,
        postChannel: summerProjectResults.postChannel,
        postNumber: summerProjectResults.postNumber,
        imgFileId: summerProjectResults.imgFileId,
        createdAt: summerProjectResults.createdAt,
        updatedAt: summerProjectResults.updatedAt,
      },
      studentName: sql<string | null>`${summerStudents.name}`.as("student_name"),
      studentEmail: summerStudents.email,
      studentWechat: summerStudents.wechat,
    })
    .from(summerOrders)
    .innerJoin(summerProjects, eq(summerProjects.id, summerOrders.projectId))
    .leftJoin(summerCampuses, eq(summerCampuses.id, summerProjects.campusId))
    .leftJoin(summerStudents, eq(summerStudents.userId, summerOrders.userId))
    .leftJoin(summerProjectResults, resultOfPair)
    .where(where);
}

export type Pair = Awaited<ReturnType<typeof pairsOf>>[number];

/** A page of the pairs a filter keeps, newest student first. */
export const pairsPageQuery = (db: Db, where: SQL | undefined, limit: number, offset: number) =>
  pairsOf(db, where).orderBy(desc(summerOrders.userId), desc(summerOrders.projectId)).limit(limit).offset(offset);

export const pairCountQuery = (db: Db, where: SQL | undefined) =>
  db
    .select({ total: sql<number>`count(DISTINCT ${summerOrders.userId} || '-' || ${summerOrders.projectId})` })
    .from(summerOrders)
    .leftJoin(summerProjectResults, resultOfPair)
    .where(where);

/** The student's pair in `projectId`, or in their newest confirmed project when it is left out. */
export const pairQuery = (db: Db, userId: number, projectId: number | undefined) =>
  pairsOf(db, pairsWhere({ user: userId, project: projectId }))
    .orderBy(desc(summerOrders.projectId))
    .limit(1);

export const presentPair = (p: Pair, requestUrl: string) => ({
  id: p.result?.id ?? null,
  project: { id: p.project.id, campus_name: p.campusName ?? "", name: p.project.name },
  post_datetime: p.result?.postDate ?? null,
  post_channel: p.result?.postChannel ?? null,
  post_number: p.result?.postNumber ?? null,
  status: kv("project_result", p.result?.status ?? null),
  img: fileUrl(requestUrl, p.result?.imgFileId),
  user_info: userInfo(p.userId, { name: p.studentName, email: p.studentEmail, wechat: p.studentWechat }),
});

/** The pair's result as its row reads, for the audit record (null while none). */
export function resultRecord(p: Pair) {
  if (!p.result) return null;
  const { id, ...rest } = p.result;
  return { id, userId: p.userId, projectId: p.project.id, ...rest };
}

export interface ResultChanges {
  postDate?: string | null;
  postChannel?: string | null;
  postNumber?: string | null;
  status?: ProjectResultStatus;
  updatedAt: number;
}

/**
 * Writes the pair's result, created when missing; a status step applies only
 * while the result is still in `from` (another staff member may have moved it).
 */
export const saveResultQuery = (db: Db, userId: number, projectId: number, from: ProjectResultStatus | null, changes: ResultChanges) =>
  db
    .insert(summerProjectResults)
    .values({ userId, projectId, createdAt: changes.updatedAt, ...changes })
    .onConflictDoUpdate({
      target: [summerProjectResults.userId, summerProjectResults.projectId],
      set: changes,
      setWhere: changes.status ? (from === null ? isNull(summerProjectResults.status) : eq(summerProjectResults.status, from)) : undefined,
    })
    .returning();

const statusIn = v.optional(v.picklist(PROJECT_RESULTS, (i) => `“${String(i.input)}” 不是合法选项。`));
const resultParams = v.object({
  project: v.optional(id),
  post_datetime: v.optional(v.nullable(date)),
  post_channel: optText(30),
  post_number: optText(50),
  status: statusIn,
});
/** A list's filters: project, student, status. */
export const pairListParams = v.object({ page: pageParam, project: v.optional(id), user: v.optional(id), status: statusIn });

/**
 * Changes a student's credit transfer in one project (their newest confirmed one when `project` is left out),
 * created when missing: a status step only from the status before it, a result only with the proof image.
 */
export const updateCreditTransfer = summerWrite("credit_transfer", resultParams, async (call, p, userId: number) => {
  const db = call.var.db;
  const [me, [pair]] = await callerAnd(call, pairQuery(db, userId, p.project));
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
  return presentPair({ ...pair, result: written[0] }, call.req.url);
});
