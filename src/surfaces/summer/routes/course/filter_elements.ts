import * as v from "valibot";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireArea, requireLogin } from "../../auth";
import { filterCampusesQuery, filterProjectsQuery, presentFilterElements } from "../../catalogue";
import { doc } from "../../docs";
import { ok } from "../../envelope";
import type { SummerApp } from "../../surface";

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
      const [, campuses, projects] = await callerAnd(c, filterCampusesQuery(db), filterProjectsQuery(db));
      return ok(c, presentFilterElements(campuses, projects));
    },
  );
}
