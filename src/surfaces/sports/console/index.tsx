import { Hono } from "hono";
import type { ConsoleEnv } from "../../../platform/console/env";
import { requireScope } from "../../../platform/console/page";
import { anomalyPages } from "./anomalies";
import { cabinetPages } from "./cabinet";
import { cabinetList } from "./cabinets";
import { provisionPages } from "./provision";
import { rentalPages } from "./rentals";

/** The sports office's pages: cabinets, provisioning, rentals, anomalies. */
export const sportsConsole = new Hono<ConsoleEnv>({ strict: false });
sportsConsole.use(requireScope("sports"));

sportsConsole.route("/", cabinetList);
sportsConsole.route("/new", provisionPages);
sportsConsole.route("/cabinets", cabinetPages);
sportsConsole.route("/rentals", rentalPages);
sportsConsole.route("/anomalies", anomalyPages);
