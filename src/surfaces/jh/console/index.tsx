import { Hono } from "hono";
import type { ConsoleEnv } from "../../../platform/console/env";
import { render, requireScope } from "../../../platform/console/page";

/** 精弘 pages: users and the term calendar. */
export const jhConsole = new Hono<ConsoleEnv>({ strict: false });
jhConsole.use(requireScope("jh"));

jhConsole.get("/", (c) => render(c, "精弘账号", <p class="empty">此页面正在建设中。</p>));
