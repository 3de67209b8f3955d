import { createSurface } from "../../platform/surface";
import type { LibraryEnv } from "./auth";
import { libraryEnvelope } from "./envelope";
import { SURFACE } from "./name";
import { aboutRoutes } from "./routes/about";
import { accountRoutes } from "./routes/accounts";
import { catalogueRoutes } from "./routes/catalogue";
import { circulationRoutes } from "./routes/circulation";
import { noticeRoutes } from "./routes/notices";
import { patronRoutes } from "./routes/patron";
import { reminderRoutes } from "./routes/reminders";

/**
 * Document 000, mounted at /library. The shipped client calls every endpoint
 * with GET and a trailing slash; each path also answers without the slash
 * and to POST (POST /advise/ creates a complaint).
 */
export const library = createSurface<LibraryEnv>({ prefix: `/${SURFACE}`, envelope: libraryEnvelope, trailingSlash: true });
export type LibrarySurface = typeof library;
export type LibraryApp = LibrarySurface["app"];

aboutRoutes(library);
accountRoutes(library.app);
patronRoutes(library.app);
circulationRoutes(library.app);
catalogueRoutes(library.app);
noticeRoutes(library.app);
reminderRoutes(library.app);
