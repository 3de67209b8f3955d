import { createSurface } from "../../platform/surface";
import type { SportsEnv } from "./auth";
import { sportsEnvelope } from "./envelope";
import { PREFIX } from "./name";
import { cabinet } from "./routes/cabinet";
import { deviceRoutes } from "./routes/device";
import { userRoutes } from "./routes/user";

/**
 * Document 003 (sports equipment sharing) with CONTRACT section 4, mounted
 * at /sports. Every student endpoint answers GET as documented and POST
 * (JSON or form) too; a trailing slash is accepted.
 */
export const sports = createSurface<SportsEnv>({ prefix: PREFIX, envelope: sportsEnvelope });
export type SportsApp = typeof sports.app;

userRoutes(sports.app);
deviceRoutes(sports.app);
sports.app.route("/cabinet", cabinet.app);
