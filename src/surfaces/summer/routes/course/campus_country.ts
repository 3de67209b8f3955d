import { countries } from "../../catalogue-kinds";
import { catalogueRoutes } from "../../catalogue-routes";
import type { SummerApp } from "../../surface";

/** /course/campus_country/...: countries (暑校国家), each under a campus type, with their campuses. */
export function campusCountryRoutes(app: SummerApp) {
  catalogueRoutes(app, { list: "/course/campus_country", one: "/course/campus_country/:country_id{[0-9]+}", id: "country_id" }, countries);
}
