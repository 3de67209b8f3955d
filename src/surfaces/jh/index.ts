import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../../env";
import { readParams } from "../../platform/params";
import { createSurface } from "../../platform/surface";
import type { JhEnv } from "./auth";
import { jhEnvelope } from "./envelope";
import { bindRoutes } from "./routes/api/bind";
import { courseRoutes } from "./routes/api/course";
import { getinfoRoutes } from "./routes/api/getinfo";
import { msgboardRoutes } from "./routes/api/msgboard";
import { setinfoRoutes } from "./routes/api/setinfo";
import { sharedRoutes } from "./routes/api/shared";
import { timeRoutes } from "./routes/api/time";
import { userRoutes } from "./routes/api/user";

/**
 * Document 004, mounted at /jh. Clients POST form-encoded (JSON and query
 * parameters work too; names are read without regard to case, as the
 * original did). Every answer is HTTP 200 with {code, msg, data}.
 */
export const jh = createSurface<JhEnv>({ prefix: "/jh", envelope: jhEnvelope });
export type JhApp = typeof jh.app;

/** Parameter names are read without regard to case, as the original server read them. */
const lowerCaseNames = createMiddleware<AppEnv>(async (c, next) => {
  const raw = await readParams(c);
  c.set("rawParams", Object.fromEntries(Object.entries(raw).map(([k, value]) => [k.toLowerCase(), value])));
  await next();
});
jh.app.use(lowerCaseNames);

userRoutes(jh.app);
bindRoutes(jh.app);
getinfoRoutes(jh.app);
sharedRoutes(jh.app);
setinfoRoutes(jh.app);
timeRoutes(jh.app);
msgboardRoutes(jh.app);
courseRoutes(jh.app);
