import { and, asc, count, countDistinct, eq, isNotNull, ne, sql } from "drizzle-orm";
import { summerCampuses, summerOrders, summerProjects, summerStudents } from "../../db/schema/summer";
import type { Db } from "../../env";
import { isoZ } from "./present";
import { qualified } from "./read";

/**
 * Statistics (数据统计). A student has applied once they have an order that is
 * not cancelled, and paid once an order is CONFIRMED; both are counted per
 * distinct student, and per project for the campus overview and the staff's
 * project list (the original counted every project of a campus with the
 * campus's totals).
 */
const applied = ne(summerOrders.status, "CANCELED");
const paid = eq(summerOrders.status, "CONFIRMED");

const appliedToProject = () =>
  sql<number>`(SELECT count(DISTINCT "o"."user_id") FROM ${summerOrders} AS "o" WHERE "o"."project_id" = ${qualified(summerProjects.id)} AND "o"."status" <> 'CANCELED')`.as(
    "applyed",
  );
const paidForProject = () =>
  sql<number>`(SELECT count(DISTINCT "o"."user_id") FROM ${summerOrders} AS "o" WHERE "o"."project_id" = ${qualified(summerProjects.id)} AND "o"."status" = 'CONFIRMED')`.as(
    "payed",
  );

export const studentCountQuery = (db: Db) => db.select({ n: count() }).from(summerStudents);

/** Students whose personal file is filled (first and last name, gender, id number). */
export const personalFileCountQuery = (db: Db) =>
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
    );

export const appliedStudentCountQuery = (db: Db) =>
  db
    .select({ n: countDistinct(summerOrders.userId) })
    .from(summerOrders)
    .where(applied);

export const paidStudentCountQuery = (db: Db) =>
  db
    .select({ n: countDistinct(summerOrders.userId) })
    .from(summerOrders)
    .where(paid);

export const campusesQuery = (db: Db) => db.select().from(summerCampuses).orderBy(asc(summerCampuses.id));

/** Every project with its campus id and the students who applied and paid. */
export const projectCountsQuery = (db: Db) =>
  db
    .select({
      id: summerProjects.id,
      campusId: summerProjects.campusId,
      name: summerProjects.name,
      applyed: appliedToProject(),
      payed: paidForProject(),
    })
    .from(summerProjects)
    .orderBy(asc(summerProjects.id));

type CampusRow = typeof summerCampuses.$inferSelect;
type ProjectCounts = Awaited<ReturnType<typeof projectCountsQuery>>[number];

/** Each campus with its projects and, per project, the students who applied and paid. */
export const presentCampusOverview = (campuses: CampusRow[], projects: ProjectCounts[]) =>
  campuses.map((campus) => ({
    id: campus.id,
    name: campus.name,
    info: campus.info,
    create_time: isoZ(campus.createdAt),
    project_set: projects
      .filter((p) => p.campusId === campus.id)
      .map((p) => ({ id: p.id, name: p.name, applyed_number: Number(p.applyed), payed_number: Number(p.payed) })),
  }));

/** The staff's project list (/admin/project): each project with its campus's name and its counts. */
export const projectListQuery = (db: Db) =>
  db
    .select({
      id: summerProjects.id,
      campusName: sql<string | null>`${summerCampuses.name}`.as("campus_name"),
      name: summerProjects.name,
      applyed: appliedToProject(),
      payed: paidForProject(),
    })
    .from(summerProjects)
    .leftJoin(summerCampuses, eq(summerCampuses.id, summerProjects.campusId))
    .orderBy(asc(summerProjects.id));

export const projectCountTotalQuery = (db: Db) => db.select({ total: count() }).from(summerProjects);

export const presentProjectRow = (r: Awaited<ReturnType<typeof projectListQuery>>[number]) => ({
  id: r.id,
  campus_name: r.campusName ?? "",
  name: r.name,
  applyed_num: Number(r.applyed),
  payed_num: Number(r.payed),
});

/** The students overview from its four counts (students, personal files, applied, paid). */
export const presentOverview = (
  ...[[students], [files], [applyed], [payed]]: [{ n: number }[], { n: number }[], { n: number }[], { n: number }[]]
) => ({
  students_num: students.n,
  personal_file_num: files.n,
  students_applyed: applyed.n,
  students_payed: payed.n,
});
