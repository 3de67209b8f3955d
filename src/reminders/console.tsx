import { Hono } from "hono";
import type { ConsoleEnv } from "../platform/console/env";
import { render, requireScope } from "../platform/console/page";

/** Reminders: counts by state, failed ones, retry and cancel. */
export const remindersConsole = new Hono<ConsoleEnv>({ strict: false });
remindersConsole.use(requireScope("reminders"));

remindersConsole.get("/", (c) => render(c, "订阅消息提醒", <p class="empty">此页面正在建设中。</p>));
