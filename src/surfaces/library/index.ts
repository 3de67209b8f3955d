import { createSurface } from "../../platform/surface";
import type { LibraryEnv } from "./auth";
import { libraryEnvelope } from "./envelope";
import { SURFACE } from "./name";
import { activityRoutes } from "./routes/activity";
import { adviseRoutes } from "./routes/advise";
import { libuserRoutes } from "./routes/libuser";
import { noticeRoutes } from "./routes/notice";
import { schemaRoutes } from "./routes/schema";
import { testRoutes } from "./routes/test";
import { trainingRoutes } from "./routes/training";
import { userRoutes } from "./routes/user";

/**
 * Document 000, mounted at /library. The shipped client calls every endpoint
 * with GET and a trailing slash; each path also answers without the slash
 * and to POST (POST /advise/ creates a complaint). One file under routes/ per
 * first path segment: /library/libuser/find/ is routes/libuser.ts.
 */
export const library = createSurface<LibraryEnv>({ prefix: `/${SURFACE}`, envelope: libraryEnvelope, trailingSlash: true });
export type LibrarySurface = typeof library;
export type LibraryApp = LibrarySurface["app"];

testRoutes(library.app);
schemaRoutes(library);
userRoutes(library.app);
libuserRoutes(library.app);
noticeRoutes(library.app);
trainingRoutes(library.app);
activityRoutes(library.app);
adviseRoutes(library.app);
