import * as v from "valibot";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireLogin } from "../../auth";
import { presentTypesByRegion, typesWithCampusesQuery } from "../../catalogue";
import { fromCatalogueCache } from "../../catalogue-cache";
import { campusTypes } from "../../catalogue-kinds";
import { catalogueRoutes } from "../../catalogue-routes";
import { campusBriefDoc, doc } from "../../docs";
import { ok } from "../../envelope";
import type { SummerApp } from "../../surface";

/** /course/campus_type/...: campus types (暑校类型), and the types by region with their campuses. */
export function campusTypeRoutes(app: SummerApp) {
  catalogueRoutes(
    app,
    { list: "/course/campus_type", one: "/course/campus_type/:campus_type_id{[0-9]+}", id: "campus_type_id" },
    campusTypes,
  );

  app.get(
    "/course/campus_type/type_country_campus",
    doc(
      "Campus types grouped by region (campus_country), each with its campuses",
      v.array(
        v.object({
          campus_country: v.object({ key: v.string(), verbose: v.string() }),
          campus_type: v.array(v.object({ id: v.number(), title: v.string(), create_time: v.string(), campus: v.array(campusBriefDoc) })),
        }),
      ),
      { who: "a ticket" },
    ),
    requireLogin,
    fromCatalogueCache,
    params(v.object({}), "GET"),
    async (c) => {
      const [, types] = await callerAnd(c, typesWithCampusesQuery(c.var.db));
      return ok(c, presentTypesByRegion(types));
    },
  );
}
