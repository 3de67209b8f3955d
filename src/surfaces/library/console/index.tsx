import { Hono } from "hono";
import type { ConsoleEnv } from "../../../platform/console/env";
import { requireScope } from "../../../platform/console/page";
import { activityPages } from "./activities";
import { complaintPages } from "./complaints";
import { noticePages } from "./notices";
import { trainingPages } from "./trainings";

/** Library staff's pages: notices, trainings, activities, sign-ups, complaints. */
export const libraryConsole = new Hono<ConsoleEnv>({ strict: false });
libraryConsole.use(requireScope("library"));

libraryConsole.get("/", (c) => c.redirect("/console/library/notices", 303));
libraryConsole.route("/notices", noticePages);
libraryConsole.route("/trainings", trainingPages);
libraryConsole.route("/activities", activityPages);
libraryConsole.route("/complaints", complaintPages);
