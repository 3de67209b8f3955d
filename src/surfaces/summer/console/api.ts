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

/** The reply's refusal as the console shows it: sign in again, forbidden, not found, or the API's own reason. */
function refusal(code: number, msg: string): AppError {
  if (code === 401) return new AppError("unauthenticated", "登录已失效，请重新登录");
  if (code === 403) return new AppError("forbidden", "您没有执行该操作的权限");
  if (code === 404) return new AppError("not_found", "未找到");
  if (code === 400) return new AppError("invalid_param", msg || "提交的内容有误");
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
  const { code, msg, data } = reply.output;
  if (code !== 0) throw refusal(code, msg);
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
