import type { Context } from "hono";
import * as v from "valibot";
import type { ApiRequest, ConsoleEnv } from "../../../platform/console/env";
import { AppError } from "../../../platform/errors";

/** Document 001's envelope, as every summer reply carries it. */
const envelope = v.object({
  code: v.number(),
  msg: v.optional(v.string(), ""),
  data: v.optional(v.unknown()),
  field_name: v.optional(v.string(), ""),
});

export type SummerRequest = Omit<ApiRequest, "ticket">;

/** The signed-in staff member's ticket: the summer school's API decides every call made with it. */
export function ticketOf<E extends ConsoleEnv>(c: Context<E>): string {
  const viewer = c.var.viewer;
  if (viewer.kind !== "summer") throw new AppError("forbidden", "此页面仅供暑期学校员工使用");
  return viewer.ticket;
}

/** The API's field names as the console's forms label them, so a refusal says which field it is about. */
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

/** The reply's refusal as the console shows it: sign in again, forbidden, not found, or the API's own reason. */
function refusal(code: number, msg: string, field: string): AppError {
  if (code === 401) return new AppError("unauthenticated", "登录已失效，请重新登录");
  if (code === 403) return new AppError("forbidden", "您没有执行该操作的权限");
  if (code === 404) return new AppError("not_found", "未找到");
  if (code === 400) {
    const label = field && field !== "non_field_errors" ? (FIELD_LABELS[field] ?? field) : "";
    return new AppError("invalid_param", `${label ? `${label}：` : ""}${msg || "提交的内容有误"}`);
  }
  return new AppError("upstream", msg || "暑期学校服务暂时不可用");
}

/**
 * Calls the summer school's JSON API in process as the staff member (`/summer` + `path`) and returns
 * its `data`, read by `schema`; a refusal becomes the console's error (so nothing is shown or changed).
 */
export async function summerApi<T, E extends ConsoleEnv = ConsoleEnv>(
  c: Context<E>,
  schema: v.GenericSchema<unknown, T>,
  method: string,
  path: string,
  request: SummerRequest = {},
): Promise<T> {
  const res = await c.var.api(method, `/summer${path}`, { ...request, ticket: ticketOf(c) });
  const reply = v.safeParse(envelope, await res.json().catch(() => null));
  if (!reply.success) throw new AppError("upstream", "暑期学校服务返回了无法识别的内容");
  const { code, msg, data, field_name } = reply.output;
  if (code !== 0) throw refusal(code, msg, field_name);
  const parsed = v.safeParse(schema, data);
  if (!parsed.success) throw new AppError("upstream", "暑期学校服务返回了无法识别的内容");
  return parsed.output;
}

/** A DRF-style page of the summer API (10 a page). */
export const pageOf = <T>(item: v.GenericSchema<unknown, T>) => v.object({ count: v.number(), results: v.array(item) });

/** Rows per page of the summer API's lists. */
export const SUMMER_PAGE = 10;

/** `{key, verbose}` of the document's enums. */
export const kv = v.object({ key: v.string(), verbose: v.string() });
export const kvText = (x: { verbose: string } | null | undefined) => x?.verbose ?? "";

/** Anything the API answers for an action: the console only needs to know it succeeded. */
export const anything = v.unknown();

/** The console's address of an uploaded file the API links to (`…/summer/files/<id>`), streamed with the ticket. */
export function fileHref(url: string | null | undefined): string | null {
  if (!url) return null;
  const m = /\/summer\/files\/([A-Za-z0-9_-]+)/.exec(url);
  return m ? `/console/summer/files/${m[1]}` : null;
}

/** Form values without the empty ones (a filter left blank is no filter). */
export function filled(values: Record<string, string | number | undefined | null>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(values)) if (val !== undefined && val !== null && val !== "") out[k] = String(val);
  return out;
}

/** Every row of a paged summer list (a choice list in a form), page by page up to `maxPages`. */
export async function allPages<T, E extends ConsoleEnv>(
  c: Context<E>,
  item: v.GenericSchema<unknown, T>,
  path: string,
  maxPages = 20,
): Promise<T[]> {
  const rows: T[] = [];
  for (let page = 1; page <= maxPages; page++) {
    const list = await summerApi(c, pageOf(item), "GET", path, { query: page > 1 ? { page: String(page) } : {} });
    rows.push(...list.results);
    if (rows.length >= list.count || list.results.length === 0) break;
  }
  return rows;
}
