import type { Context } from "hono";
import * as v from "valibot";
import { AppError } from "../../platform/errors";
import { numberedPage } from "../../platform/paging";

/** Lists page by `?page=N`, 10 a page; a page that does not exist is 404 (as the original's paginator). */
export const PAGE_SIZE = 10;

/** The rows of one page: how many, after how many. */
export interface Window {
  limit: number;
  offset: number;
}

export const pageParam = v.optional(v.pipe(v.string(), v.description("Page number, 1 first (10 a page)")));

export function pageOf(c: Context): { page: number; limit: number; offset: number } {
  const raw = c.req.query("page");
  if (raw === undefined || raw === "") return { page: 1, limit: PAGE_SIZE, offset: 0 };
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1) throw new AppError("not_found", "invalid page");
  const page = Number(raw);
  return { page, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
}

export function paged<T>(c: Context, page: number, count: number, results: T[]) {
  if (page > 1 && results.length === 0) throw new AppError("not_found", "invalid page");
  return numberedPage(c.req.url, page, PAGE_SIZE, count, results);
}
