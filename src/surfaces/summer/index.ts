import { campusTypeRoutes } from "./campus-types";
import { campusRoutes } from "./campuses";
import { countryRoutes } from "./countries";
import { filterElementsRoutes } from "./course-filter";
import { courseSelectionRoutes } from "./course-selection";
import { courseRoutes } from "./courses";
import { projectStudentRoutes } from "./project-student";
import { projectRoutes } from "./projects";
import { authRoutes } from "./routes/auth";
import { commonRoutes } from "./routes/common";
import { couponRoutes } from "./routes/coupon";
import { fileRoutes } from "./routes/files";
import { marketRoutes } from "./routes/market";
import { orderRoutes } from "./routes/order";
import { staffAccountRoutes } from "./staff-accounts";
import { staffAdvisorRoutes } from "./staff-advisors";
import { auditRoutes } from "./staff-audit";
import { staffCourseRoutes } from "./staff-courses";
import { staffCreditRoutes } from "./staff-credit";
import { staffStatisticsRoutes } from "./staff-statistics";
import { staffStudentRoutes } from "./staff-students";
import { staffUserCourseRoutes } from "./staff-user-courses";
import { staffUserRoutes } from "./staff-users";
import { summer } from "./surface";

/** Document 001, the summer school: every endpoint of its index under /summer (docs/summer.md). */
// Fixed paths (my_project, check_order, ...) are registered before the {id} paths beside them.
const areas = [
  commonRoutes,
  authRoutes,
  campusTypeRoutes,
  countryRoutes,
  campusRoutes,
  projectStudentRoutes,
  projectRoutes,
  courseSelectionRoutes,
  courseRoutes,
  orderRoutes,
  fileRoutes,
  auditRoutes,
  staffUserCourseRoutes,
  staffCreditRoutes,
  staffStudentRoutes,
  couponRoutes,
  staffAdvisorRoutes,
  staffAccountRoutes,
  staffUserRoutes,
  marketRoutes,
  staffStatisticsRoutes,
  filterElementsRoutes,
  staffCourseRoutes,
];
for (const routes of areas) {
  routes(summer.app);
}

export { summer };
