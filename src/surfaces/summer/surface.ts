import { createSurface } from "../../platform/surface";
import type { SummerEnv } from "./auth";
import { summerEnvelope } from "./envelope";

/** Document 001 (the summer school), mounted at /summer; its paths carry a trailing slash. */
export const summer = createSurface<SummerEnv>({ prefix: "/summer", envelope: summerEnvelope, trailingSlash: true });
export type SummerApp = typeof summer.app;
