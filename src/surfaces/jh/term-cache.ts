import type { Db } from "../../env";
import { cachedList, purgeList } from "../../platform/list-cache";
import { listTerms, type Term } from "./time";

/**
 * The term calendar as /api/time and the 正方 binding read it, from the
 * Workers Cache API: at most LIST_TTL_S (30 s) stale, purged when an operator
 * adds, replaces or removes a term (src/platform/list-cache.ts). Operators'
 * own listing reads D1.
 */
const LIST = "jh:terms";
/** The Cache API keys by URL; this one is never fetched. */
const KEY = "https://campus-edge.invalid/jh/terms";

export async function cachedTerms(db: Db): Promise<Term[]> {
  const res = await cachedList(LIST, KEY, async () => Response.json(await listTerms(db)));
  return (await res.json()) as Term[];
}

export const purgeTerms = () => purgeList(LIST);
