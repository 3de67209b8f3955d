import { Hono } from "hono";
import type { ConsoleEnv } from "../../../platform/console/env";
import { render, requireSummerStaff } from "../../../platform/console/page";
import { summerCourses } from "./courses";
import { summerCredit } from "./credit";
import { summerFiles } from "./files";
import { summerOrders } from "./orders";
import { summerScores } from "./scores";

/** The summer school's staff console, acting with the staff member's ticket on the summer school's API. */
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
summerConsole.route("/orders", summerOrders);
summerConsole.route("/courses", summerCourses);
summerConsole.route("/scores", summerScores);
summerConsole.route("/credit", summerCredit);
