import { createMiddleware } from "hono/factory";
import { callerAnd } from "../../platform/caller";
import { cachedList, purgeList } from "../../platform/list-cache";
import type { SummerEnv } from "./auth";

/**
 * The catalogue as students read it (campus types, countries, campuses,
 * projects) answered from the Workers Cache API, at most LIST_TTL_S (30 s)
 * stale; any catalogue write purges it (src/platform/list-cache.ts). These
 * answers are the same for every ticket; a hit still confirms the ticket (one
 * round trip), a miss confirms it in the route's own batch.
 */
const CATALOGUE = "summer:catalogue";

const succeeded = (_res: Response, body: string) => {
  try {
    return (JSON.parse(body) as { code?: unknown }).code === 0;
  } catch {
    return false;
  }
};

/** Answers a catalogue read from the cache, or runs the route and keeps its successful answer. */
export const fromCatalogueCache = createMiddleware<SummerEnv>(async (c, next) => {
  // Set, not returned: once the route has answered, Hono ignores a middleware's return value.
  c.res = await cachedList(
    CATALOGUE,
    c.req.url,
    async () => {
      await next();
      return c.res;
    },
    {
      keep: succeeded,
      beforeHit: async () => {
        await callerAnd(c);
      },
    },
  );
});

/** Drops the cached catalogue (after a write, whatever its outcome). */
export const purgeCatalogue = () => purgeList(CATALOGUE);

/** After a catalogue write (whatever its outcome), the cached catalogue is dropped. */
export const purgesCatalogue = createMiddleware<SummerEnv>(async (_c, next) => {
  await next();
  await purgeCatalogue();
});
