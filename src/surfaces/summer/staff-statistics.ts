import { and, asc, count, countDistinct, eq, isNotNull, ne, sql } from "drizzle-orm";
import * as v from "valibot";
import { summerCampuses, summerOrders, summerProjects, summerStudents } from "../../db/schema/summer";
import { params } from "../../platform/params";
import { doc } from "./docs";
import { ok } from "./envelope";
import { isoZ } from "./present";
import { qualified } from "./read";
import { requireArea } from "./roles";
import { requireLogin } from "./session";
import type { SummerApp } from "./surface";

/**
 * Statistics (数据统计). A student has applied once they have an order that is
 * not cancelled, and paid once an order is CONFIRMED; both are counted per
 * distinct student, and per project for the campus overview (the original
 * counted every project of a campus with the campus's totals).
 */
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
const applied = ne(summerOrders.status, "CANCELED");
const paid = eq(summerOrders.status, "CONFIRMED");

export function staffStatisticsRoutes(app: SummerApp) {
  app.get(
    "/admin/statistics/students_overview",
    doc("Students, students with a personal file, students who applied, students who paid", overviewDoc, who),
    requireLogin,
    requireArea("statistics"),
    params(v.object({}), "GET"),
    async (c) => {
      const db = c.var.db;
      const [[students], [files], [applyed], [payed]] = await db.batch([
        db.select({ n: count() }).from(summerStudents),
        db
          .select({ n: count() })
          .from(summerStudents)
          .where(
            and(
              isNotNull(summerStudents.firstName),
              isNotNull(summerStudents.lastName),
              isNotNull(summerStudents.gender),
              isNotNull(summerStudents.idNumber),
            ),
          ),
        db
          .select({ n: countDistinct(summerOrders.userId) })
          .from(summerOrders)
          .where(applied),
        db
          .select({ n: countDistinct(summerOrders.userId) })
          .from(summerOrders)
          .where(paid),
      ]);
      return ok(c, { students_num: students.n, personal_file_num: files.n, students_applyed: applyed.n, students_payed: payed.n });
    },
  );

  app.get(
    "/admin/statistics/campus_overview",
    doc("Each campus with its projects and, per project, the students who applied and who paid", v.array(campusDoc), who),
    requireLogin,
    requireArea("statistics"),
    params(v.object({}), "GET"),
    async (c) => {
      const db = c.var.db;
      const [campuses, projects] = await db.batch([
        db.select().from(summerCampuses).orderBy(asc(summerCampuses.id)),
        db
          .select({
            id: summerProjects.id,
            campusId: summerProjects.campusId,
            name: summerProjects.name,
            applyed: sql<number>`(SELECT count(DISTINCT "o"."user_id") FROM ${summerOrders} AS "o" WHERE "o"."project_id" = ${qualified(summerProjects.id)} AND "o"."status" <> 'CANCELED')`,
            payed: sql<number>`(SELECT count(DISTINCT "o"."user_id") FROM ${summerOrders} AS "o" WHERE "o"."project_id" = ${qualified(summerProjects.id)} AND "o"."status" = 'CONFIRMED')`,
          })
          .from(summerProjects)
          .orderBy(asc(summerProjects.id)),
      ]);
      return ok(
        c,
        campuses.map((campus) => ({
          id: campus.id,
          name: campus.name,
          info: campus.info,
          create_time: isoZ(campus.createdAt),
          project_set: projects
            .filter((p) => p.campusId === campus.id)
            .map((p) => ({ id: p.id, name: p.name, applyed_number: Number(p.applyed), payed_number: Number(p.payed) })),
        })),
      );
    },
  );
}
