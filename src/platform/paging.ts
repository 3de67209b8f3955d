/** Bounded limit/offset paging shared by the surfaces' list endpoints. */
export interface Page {
  limit: number;
  offset: number;
}

export function pageOf(limit: number | undefined, offset: number | undefined, opts = { defaultLimit: 10, maxLimit: 100 }): Page {
  const l = Math.min(Math.max(1, Math.trunc(limit ?? opts.defaultLimit)), opts.maxLimit);
  const o = Math.max(0, Math.trunc(offset ?? 0));
  return { limit: l, offset: o };
}

/** Page number and length (page 0 first), as document 003's history uses. */
export function pageByIndex(length: number, index: number, maxLength = 100): Page {
  const l = Math.min(Math.max(1, Math.trunc(length)), maxLength);
  return { limit: l, offset: Math.max(0, Math.trunc(index)) * l };
}

/** `{count, next, previous, results}` with absolute links, as document 000's lists. */
export function linkedPage<T>(url: string, page: Page, count: number, results: T[]) {
  const link = (offset: number) => {
    const u = new URL(url);
    u.searchParams.set("limit", String(page.limit));
    u.searchParams.set("offset", String(offset));
    return u.toString();
  };
  return {
    count,
    next: page.offset + page.limit < count ? link(page.offset + page.limit) : null,
    previous: page.offset > 0 ? link(Math.max(0, page.offset - page.limit)) : null,
    results,
  };
}

/**
 * `{count, next, previous, results}` paged by `?page=N` (1-based) with absolute
 * links, as Django REST framework pages (document 001): page 1's link has no `page`.
 */
export function numberedPage<T>(url: string, page: number, size: number, count: number, results: T[]) {
  const link = (n: number) => {
    const u = new URL(url);
    if (n === 1) u.searchParams.delete("page");
    else u.searchParams.set("page", String(n));
    return u.toString();
  };
  return { count, next: page * size < count ? link(page + 1) : null, previous: page > 1 ? link(page - 1) : null, results };
}
