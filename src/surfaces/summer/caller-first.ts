import { createMiddleware } from "hono/factory";
import type { Bindings } from "../../env";
import { callerAnd } from "../../platform/caller";
import type { SummerEnv } from "./auth";

/**
 * Placed just before `params(...)`: when the parameters are refused, the
 * caller is confirmed first (one round trip, on that refusal only), so an
 * ended ticket still gets 401 and a role outside the route's area 403 before
 * any 400, as when the caller was read ahead of the parameters. The rules
 * checked are those set by the middleware before this one.
 */
export const callerBeforeParams = createMiddleware<{ Bindings: Bindings; Variables: SummerEnv["Variables"] & { params?: unknown } }>(
  async (c, next) => {
    await next();
    if (c.error && c.var.params === undefined) await callerAnd(c);
  },
);
