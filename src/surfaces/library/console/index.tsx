import { Hono } from "hono";
import type { ConsoleEnv } from "../../../platform/console/env";
import { render, requireScope } from "../../../platform/console/page";

/** Library staff's pages: notices, trainings, activities, sign-ups, complaints. */
export const libraryConsole = new Hono<ConsoleEnv>({ strict: false });
libraryConsole.use(requireScope("library"));

libraryConsole.get("/", (c) => render(c, "图书馆", <p class="empty">此页面正在建设中。</p>));
