import { asc } from "drizzle-orm";
import * as v from "valibot";
import { summerCampuses, summerProjects } from "../../db/schema/summer";
import { params } from "../../platform/params";
import { doc } from "./docs";
import { ok } from "./envelope";
import { isoZ } from "./present";
import { requireArea } from "./roles";
import { requireLogin } from "./session";
import type { SummerApp } from "./surface";

const n = v.number();

/** /course/filter_elements: what the staff course list filters by. */
export function filterElementsRoutes(app: SummerApp) {
  app.get(
    "/course/filter_elements",
    doc(
      "Campuses with their projects (id, name), for filtering courses",
      v.array(
        v.object({
          id: n,
          name: v.string(),
          info: v.string(),
          create_time: v.string(),
          project_set: v.array(v.object({ id: n, name: v.string() })),
        }),
      ),
      { who: "staff: courses (ADMIN, PRODUCT)" },
    ),
    requireLogin,
    requireArea("courses"),
    params(v.object({}), "GET"),
    async (c) => {
      const db = c.var.db;
      const [campuses, projects] = await db.batch([
        db.select().from(summerCampuses).orderBy(asc(summerCampuses.id)),
        db
          .select({ id: summerProjects.id, name: summerProjects.name, campusId: summerProjects.campusId })
          .from(summerProjects)
          .orderBy(asc(summerProjects.id)),
      ]);
      return ok(
        c,
        campuses.map((cp) => ({
          id: cp.id,
          name: cp.name,
          info: cp.info,
          create_time: isoZ(cp.createdAt),
          project_set: projects.filter((p) => p.campusId === cp.id).map((p) => ({ id: p.id, name: p.name })),
        })),
      );
    },
  );
}
