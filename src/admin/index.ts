import { Hono } from "hono";
import type { AppEnv } from "../env";
import { adminAuth } from "../platform/admin-auth";
import { plainEnvelope } from "../platform/errors";
import { summerAdmin } from "../surfaces/summer/admin";
import { libraryAdmin } from "./library";
import { remindersAdmin } from "./reminders";
import { serviceAdmin } from "./service";
import { sportsAdmin } from "./sports";

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
adminApp.route("/summer", summerAdmin);
