import { Hono } from "hono";
import type { ConsoleEnv } from "../../../platform/console/env";
import { render, requireScope } from "../../../platform/console/page";

/** The sports office's pages: cabinets, items, rentals, anomalies. */
export const sportsConsole = new Hono<ConsoleEnv>({ strict: false });
sportsConsole.use(requireScope("sports"));

sportsConsole.get("/", (c) => render(c, "体育器材", <p class="empty">此页面正在建设中。</p>));
