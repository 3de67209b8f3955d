import { BoundedMap } from "./bounded-map";

/**
 * Public lists answered from the Workers Cache API: lists that change only
 * when an operator changes them and that every mini-program's first screen
 * reads (the library's notices, the sports device list, the summer school's
 * catalogue, 精弘's term calendar).
 *
 * Staleness: at most LIST_TTL_S seconds. An operator's change deletes every
 * cached answer of that list this isolate stored (and so knows the key of);
 * answers stored by other isolates, or in other data centres (the Cache API
 * is per data centre), age out within LIST_TTL_S.
 */
export const LIST_TTL_S = 30;

/** Cache keys this isolate stored, and their list (bounded: the oldest are forgotten, and then only age out). */
const stored = new BoundedMap<string, string>(512);

export interface ListCacheOptions {
  /** Whether an answer of the route may be kept (default: HTTP 200). */
  keep?: (res: Response, body: string) => boolean;
  /** Runs before a stored answer is handed out (a route that confirms its caller even when the answer is the same for all). */
  beforeHit?: () => Promise<void>;
}

/** The answer stored under `key` (a URL), or `build`'s, stored for LIST_TTL_S seconds when `keep` allows. */
export async function cachedList(
  list: string,
  key: string,
  build: () => Promise<Response>,
  opts: ListCacheOptions = {},
): Promise<Response> {
  const hit = await caches.default.match(key);
  if (hit) await opts.beforeHit?.();
  if (hit) return new Response(hit.body, { headers: { "content-type": hit.headers.get("content-type") ?? "application/json" } });
  const res = await build();
  if (res.status !== 200) return res;
  const body = await res.text();
  const contentType = res.headers.get("content-type") ?? "application/json";
  if (opts.keep?.(res, body) ?? true) {
    await caches.default.put(
      key,
      new Response(body, { headers: { "content-type": contentType, "cache-control": `max-age=${LIST_TTL_S}` } }),
    );
    stored.set(key, list);
  }
  return new Response(body, { status: res.status, headers: res.headers });
}

/** Forgets the cached answers of a list after an operator changed it. */
export async function purgeList(list: string): Promise<void> {
  const keys = [...stored].filter(([, l]) => l === list).map(([key]) => key);
  for (const key of keys) stored.delete(key);
  await Promise.all(keys.map((key) => caches.default.delete(key)));
}
