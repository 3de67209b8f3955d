import { Hono } from "hono";
import type { ConsoleEnv } from "../../../platform/console/env";
import { render, requireSummerStaff } from "../../../platform/console/page";

/** The summer school's staff console, acting with the staff member's ticket on the summer school's API. */
export const summerConsole = new Hono<ConsoleEnv>({ strict: false });
summerConsole.use(requireSummerStaff);

summerConsole.get("/", (c) => render(c, "暑期学校", <p class="empty">此页面正在建设中。</p>));
