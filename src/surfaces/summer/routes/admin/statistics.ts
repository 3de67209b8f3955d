import * as v from "valibot";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireArea, requireLogin } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import { doc } from "../../docs";
import { ok } from "../../envelope";
import {
  appliedStudentCountQuery,
  campusesQuery,
  paidStudentCountQuery,
  personalFileCountQuery,
  presentCampusOverview,
  presentOverview,
  projectCountsQuery,
  studentCountQuery,
} from "../../statistics";
import type { SummerApp } from "../../surface";

const n = v.number();
const overviewDoc = v.object({ students_num: n, personal_file_num: n, students_applyed: n, students_payed: n });
const campusDoc = v.object({
  id: n,
  name: v.string(),
  info: v.string(),
  create_time: v.string(),
  project_set: v.array(v.object({ id: n, name: v.string(), applyed_number: n, payed_number: n })),
});
const who = { who: "staff: statistics (ADMIN)" };

/** /admin/statistics/...: statistics (数据统计) of students, applications and payments, for ADMIN. */
export function adminStatisticsRoutes(app: SummerApp) {
  app.get(
    "/admin/statistics/students_overview",
    doc("Students, students with a personal file, students who applied, students who paid", overviewDoc, who),
    requireLogin,
    requireArea("statistics"),
    callerBeforeParams,
    params(v.object({}), "GET"),
    async (c) => {
      const db = c.var.db;
      const [, ...counts] = await callerAnd(
        c,
        studentCountQuery(db),
        personalFileCountQuery(db),
        appliedStudentCountQuery(db),
        paidStudentCountQuery(db),
      );
      return ok(c, presentOverview(...counts));
    },
  );

  app.get(
    "/admin/statistics/campus_overview",
    doc("Each campus with its projects and, per project, the students who applied and who paid", v.array(campusDoc), who),
    requireLogin,
    requireArea("statistics"),
    callerBeforeParams,
    params(v.object({}), "GET"),
    async (c) => {
      const db = c.var.db;
      const [, campuses, projects] = await callerAnd(c, campusesQuery(db), projectCountsQuery(db));
      return ok(c, presentCampusOverview(campuses, projects));
    },
  );
}
