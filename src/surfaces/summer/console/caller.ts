import { and, eq, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Context } from "hono";
import * as v from "valibot";
import { summerUsers } from "../../../db/schema/summer";
import type { Db } from "../../../env";
import { callerAnd } from "../../../platform/caller";
import type { ConsoleEnv } from "../../../platform/console/env";
import { AppError } from "../../../platform/errors";
import { issueToError } from "../../../platform/params";
import { sessionHolds } from "../../../platform/tokens";
import { callerOfTicket, inAreas, readTicket, SURFACE, type Ticket } from "../auth";
import type { SummerCall, SummerWrite } from "../call";
import { refusalOf } from "../envelope";
import type { Area } from "../roles";

/**
 * The signed-in staff member as the summer school's caller: the ticket kept in the console session, read
 * without D1, and confirmed (session live, account active, the role the account has now, in `areas`) in the
 * first statement of the page's own batch, exactly as the summer API confirms it.
 */
export async function asStaff<E extends ConsoleEnv>(c: Context<E>, areas: readonly Area[]): Promise<SummerCall & { ticket: Ticket }> {
  const viewer = c.var.viewer;
  if (viewer.kind !== "summer") throw new AppError("forbidden", "此页面仅供暑期学校员工使用");
  const ticket = await readTicket(c.env, viewer.ticket);
  if (!ticket) throw signedOut();
  return { env: c.env, req: { url: c.req.url }, var: { db: c.var.db, caller: inAreas(callerOfTicket(ticket), areas) }, ticket };
}

/**
 * The condition joining the staff account a console session names (`userId`, and its ticket's session
 * `sessionId`), as the summer school reads its caller (auth.ts): the account active and the ticket's session
 * live. The console reads it with the session itself, so its header and menu show the role the account has now.
 */
export const staffOfSession = (db: Db, userId: SQLiteColumn, sessionId: SQLiteColumn, now = Date.now()): SQL | undefined =>
  and(eq(summerUsers.id, userId), eq(summerUsers.isActive, true), sessionHolds(db, SURFACE, sessionId, sql`CAST(${userId} AS TEXT)`, now));

const signedOut = () => new AppError("unauthenticated", "登录已失效，请重新登录");

/** The summer school's field names as the console's forms label them, so a refusal says which field it is about. */
const FIELD_LABELS: Record<string, string> = {
  name: "名称",
  title: "名称",
  info: "说明",
  username: "用户名",
  password: "密码",
  role: "角色",
  amount: "金额",
  start_time: "开始时间",
  end_time: "结束时间",
  max_num: "数量上限",
  account_number: "账号",
  account_name: "户名",
  opening_bank: "开户行",
  swift_code: "SWIFT 代码",
  payment: "付款方式",
  currency: "币种",
  wechat: "微信号",
  email: "邮箱",
  qr_code: "二维码图片",
  plan_date: "计划日期",
  sales_man: "销售顾问",
  campus: "校区",
  campus_type: "暑校类型",
  campus_country: "国家",
  start_date: "开始日期",
  end_date: "结束日期",
  address: "地址",
  apply_fee: "报名费",
  course_num: "课程数",
  project_fees: "课程费用",
  score: "分数",
  score_grade: "等级",
  remark: "备注",
  user: "学生",
  coupon: "优惠券",
};

/** A refusal of the summer school's rules as the console shows it: sign in again, forbidden, not found, or the reason. */
export function worded(err: unknown): unknown {
  if (!(err instanceof AppError)) return err;
  const { code, msg, field_name: field } = refusalOf(err);
  if (code === 401) return signedOut();
  if (code === 403) return new AppError("forbidden", "您没有执行该操作的权限");
  if (code === 404) return notFound();
  if (code === 400) {
    const label = field && field !== "non_field_errors" ? (FIELD_LABELS[field] ?? field) : "";
    return new AppError("invalid_param", `${label ? `${label}：` : ""}${msg || "提交的内容有误"}`);
  }
  return new AppError("upstream", msg || "暑期学校服务暂时不可用");
}

const notFound = () => new AppError("not_found", "未找到");

/** What a page looked up, or the console's 404. */
export function found<T>(row: T | null | undefined): T {
  if (row === undefined || row === null) throw notFound();
  return row;
}

/** Runs summer domain work for the console, its refusals worded as the console shows them. */
export async function summerWork<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw worded(err);
  }
}

/**
 * A page's read: the staff member (refused unless their role reaches every one of `areas`, the areas of the
 * summer API's routes for the same data) and the page's queries, in one D1 batch.
 */
export async function staffAnd<E extends ConsoleEnv, Q extends BatchItem<"sqlite">[]>(
  c: Context<E>,
  areas: readonly Area[],
  ...queries: Q
) {
  const call = await asStaff(c, areas);
  return summerWork(() => callerAnd(call, ...queries));
}

/**
 * A page's write: the summer school's own write, with its area, its parameters read by its own schema from
 * `input` (the form as the API takes it) and its audit. As the API, a caller it refuses hears so before any
 * complaint about the parameters.
 */
export async function perform<E extends ConsoleEnv, S extends v.GenericSchema, A extends unknown[], R>(
  c: Context<E>,
  write: SummerWrite<S, A, R, Area | null>,
  input: Record<string, unknown>,
  ...args: A
): Promise<R> {
  const call = await asStaff(c, write.area === null ? [] : [write.area]);
  return summerWork(async () => {
    const parsed = await v.safeParseAsync(write.params, input);
    if (!parsed.success) {
      await callerAnd(call);
      throw issueToError(parsed.issues);
    }
    return write.run(call, parsed.output, ...args);
  });
}

/** Rows per page of the console's summer lists (as the summer API's pages). */
export const SUMMER_PAGE = 10;

/** The rows of list page `page`. */
export const pageWindow = (page: number) => ({ limit: SUMMER_PAGE, offset: (Math.max(1, page) - 1) * SUMMER_PAGE });

/** `{key, verbose}` of the document's enums, as shown. */
export const kvText = (x: { verbose: string } | null | undefined) => x?.verbose ?? "";

/** The console's address of an uploaded file the summer school links to (`…/summer/files/<id>`), streamed with the ticket. */
export function fileHref(url: string | null | undefined): string | null {
  if (!url) return null;
  const m = /\/summer\/files\/([A-Za-z0-9_-]+)/.exec(url);
  return m ? `/console/summer/files/${m[1]}` : null;
}

/** Form values without the empty ones (a field left blank is not sent). */
export function filled(values: Record<string, string | number | undefined | null>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(values)) if (val !== undefined && val !== null && val !== "") out[k] = String(val);
  return out;
}
