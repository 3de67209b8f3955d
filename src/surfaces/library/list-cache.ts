import { BoundedMap } from "../../platform/bounded-map";

/**
 * The public lists (notices, trainings, activities) answered from the Workers
 * Cache API: they change only when an operator publishes, edits or withdraws,
 * and every mini-program home screen reads them.
 *
 * Staleness: at most TTL_S seconds. An operator's change deletes every cached
 * page of that list this isolate stored (and so knows the URL of); pages
 * stored by other isolates, or in other data centres (the Cache API is per
 * data centre), age out within TTL_S.
 */
export const TTL_S = 30;

export type PublicList = "notices" | "trainings" | "activities";

/** Cache keys this isolate stored, and their list (bounded: the oldest are forgotten, and then only age out). */
const stored = new BoundedMap<string, PublicList>(512);

/** The cache key of a request: its URL with the query parameters in a fixed order. */
function keyOf(url: string): string {
  const u = new URL(url);
  u.searchParams.sort();
  return u.toString();
}

/** The list's JSON from the cache, or `build`'s, stored for TTL_S seconds. */
export async function cachedList(list: PublicList, url: string, build: () => Promise<Response>): Promise<Response> {
  const key = keyOf(url);
  const hit = await caches.default.match(key);
  if (hit) return new Response(hit.body, { headers: { "content-type": hit.headers.get("content-type") ?? "application/json" } });
  const res = await build();
  if (res.status !== 200) return res;
  const body = await res.text();
  const contentType = res.headers.get("content-type") ?? "application/json";
  await caches.default.put(key, new Response(body, { headers: { "content-type": contentType, "cache-control": `max-age=${TTL_S}` } }));
  stored.set(key, list);
  return new Response(body, { headers: { "content-type": contentType } });
}

/** Forgets the cached pages of a list after an operator changed it. */
export async function purgeList(list: PublicList): Promise<void> {
  const keys = [...stored].filter(([, l]) => l === list).map(([key]) => key);
  for (const key of keys) stored.delete(key);
  await Promise.all(keys.map((key) => caches.default.delete(key)));
}
