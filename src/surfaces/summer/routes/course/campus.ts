import { eq } from "drizzle-orm";
import * as v from "valibot";
import { summerCampuses, summerProjects } from "../../../../db/schema/summer";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireLogin } from "../../auth";
import { projectsQuery } from "../../catalogue";
import { fromCatalogueCache } from "../../catalogue-cache";
import { campuses } from "../../catalogue-kinds";
import { catalogueRoutes } from "../../catalogue-routes";
import { doc, projectDoc } from "../../docs";
import { ok } from "../../envelope";
import { presentProject } from "../../present";
import type { SummerApp } from "../../surface";
import { notFound } from "../../writes";

/** /course/campus/...: campuses (校区), each under a campus type and in its countries, and a campus's projects. */
export function campusRoutes(app: SummerApp) {
  catalogueRoutes(app, { list: "/course/campus", one: "/course/campus/:campus_id{[0-9]+}", id: "campus_id" }, campuses);

  app.get(
    "/course/campus/:campus_id{[0-9]+}/all_projects",
    doc("Every project of a campus (a plain array)", v.array(projectDoc), { who: "a ticket", errors: ["404 no such campus"] }),
    requireLogin,
    fromCatalogueCache,
    params(v.object({}), "GET"),
    async (c) => {
      const db = c.var.db;
      const campusId = Number(c.req.param("campus_id"));
      const [, campus, projects] = await callerAnd(
        c,
        db.select({ id: summerCampuses.id }).from(summerCampuses).where(eq(summerCampuses.id, campusId)),
        projectsQuery(db, eq(summerProjects.campusId, campusId)),
      );
      if (campus.length === 0) throw notFound();
      return ok(c, projects.map(presentProject));
    },
  );
}
