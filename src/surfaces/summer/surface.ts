import { createSurface, type SurfaceEnv } from "../../platform/surface";
import { summerEnvelope } from "./envelope";
import type { SummerCaller } from "./session";

/** Document 001 (the summer school), mounted at /summer; its paths carry a trailing slash. */
export const summer = createSurface<SurfaceEnv<SummerCaller>>({ prefix: "/summer", envelope: summerEnvelope, trailingSlash: true });
export type SummerApp = typeof summer.app;
