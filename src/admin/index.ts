import { Hono } from "hono";
import { operatorsAdmin } from "../console/admin";
import type { AppEnv } from "../env";
import { adminAuth } from "../platform/admin-auth";
import { plainEnvelope } from "../platform/errors";
import { remindersAdmin } from "../reminders/admin";
import { jhAdmin } from "../surfaces/jh/admin";
import { libraryAdmin } from "../surfaces/library/admin";
import { serviceAdmin } from "../surfaces/service/admin";
import { sportsAdmin } from "../surfaces/sports/admin";
import { summerAdmin } from "../surfaces/summer/admin";

/** Operators' API (CONTRACT section 2), behind the ADMIN_TOKEN bearer. */
export const adminApp = new Hono<AppEnv>();

adminApp.use("*", async (c, next) => {
  c.set("envelope", plainEnvelope);
  await next();
});
adminApp.use("*", adminAuth);
adminApp.route("/service", serviceAdmin);
adminApp.route("/reminders", remindersAdmin);
adminApp.route("/library", libraryAdmin);
adminApp.route("/sports", sportsAdmin);
adminApp.route("/jh", jhAdmin);
adminApp.route("/summer", summerAdmin);
adminApp.route("/operators", operatorsAdmin);
