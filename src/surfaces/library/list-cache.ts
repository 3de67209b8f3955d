import { cachedList as cached, LIST_TTL_S, purgeList as purge } from "../../platform/list-cache";

/**
 * The library's public lists (notices, trainings, activities), answered from
 * the Workers Cache API (src/platform/list-cache.ts): at most TTL_S seconds
 * stale, purged by an operator's change.
 */
export const TTL_S = LIST_TTL_S;

export type PublicList = "notices" | "trainings" | "activities";

/** The cache key of a request: its URL with the query parameters in a fixed order. */
function keyOf(url: string): string {
  const u = new URL(url);
  u.searchParams.sort();
  return u.toString();
}

/** The list's JSON from the cache, or `build`'s, stored for TTL_S seconds. */
export const cachedList = (list: PublicList, url: string, build: () => Promise<Response>): Promise<Response> =>
  cached(`library:${list}`, keyOf(url), build);

/** Forgets the cached pages of a list after an operator changed it. */
export const purgeList = (list: PublicList): Promise<void> => purge(`library:${list}`);
