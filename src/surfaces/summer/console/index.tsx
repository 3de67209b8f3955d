import { Hono } from "hono";
import type { ConsoleEnv } from "../../../platform/console/env";
import { render, requireSummerStaff } from "../../../platform/console/page";
import { summerAccounts } from "./accounts";
import { summerAdvisors } from "./advisors";
import { summerCampusTypes } from "./campus-types";
import { summerCampuses } from "./campuses";
import { summerCatalogue } from "./catalogue";
import { summerChannels } from "./channels";
import { summerCountries } from "./countries";
import { summerCoupons } from "./coupons";
import { summerCourses } from "./courses";
import { summerCredit } from "./credit";
import { summerFiles } from "./files";
import { summerOrders } from "./orders";
import { summerProjects } from "./projects";
import { summerScores } from "./scores";
import { summerStaff } from "./staff";
import { summerStatistics } from "./statistics";
import { summerStudents } from "./students";

/** The summer school's staff console: the summer school's own reads and writes, as the signed-in staff member (caller.ts). */
export const summerConsole = new Hono<ConsoleEnv>({ strict: false });
summerConsole.use(requireSummerStaff);

summerConsole.get("/", (c) =>
  render(
    c,
    "暑期学校",
    <>
      <p>请选择要处理的工作：</p>
      <ul>
        {c.var.nav.map((item) => (
          <li>
            <a href={item.href}>
              {item.group ? `${item.group}·` : ""}
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </>,
  ),
);
summerConsole.route("/files", summerFiles);
summerConsole.route("/students", summerStudents);
summerConsole.route("/orders", summerOrders);
summerConsole.route("/catalogue", summerCatalogue);
summerConsole.route("/scores", summerScores);
summerConsole.route("/courses", summerCourses);
summerConsole.route("/credit", summerCredit);
summerConsole.route("/campus-types", summerCampusTypes);
summerConsole.route("/countries", summerCountries);
summerConsole.route("/campuses", summerCampuses);
summerConsole.route("/projects", summerProjects);
summerConsole.route("/advisors", summerAdvisors);
summerConsole.route("/coupons", summerCoupons);
summerConsole.route("/channels", summerChannels);
summerConsole.route("/accounts", summerAccounts);
summerConsole.route("/staff", summerStaff);
summerConsole.route("/statistics", summerStatistics);
