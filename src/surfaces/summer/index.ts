import { advisorRoutes } from "./advisors";
import { authRoutes } from "./auth";
import { campusTypeRoutes } from "./campus-types";
import { campusRoutes } from "./campuses";
import { countryRoutes } from "./countries";
import { courseRoutes } from "./courses";
import { fileRoutes } from "./files";
import { projectRoutes } from "./projects";
import { summer } from "./surface";

/** Document 001, the summer school: every endpoint of its index under /summer (docs/summer.md). */
for (const routes of [authRoutes, advisorRoutes, campusTypeRoutes, countryRoutes, campusRoutes, projectRoutes, courseRoutes, fileRoutes]) {
  routes(summer.app);
}

export { summer };
