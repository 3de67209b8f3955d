import { advisorRoutes } from "./advisors";
import { campusTypeRoutes } from "./campus-types";
import { campusRoutes } from "./campuses";
import { commonRoutes } from "./common";
import { countryRoutes } from "./countries";
import { couponListRoutes } from "./coupons";
import { filterElementsRoutes } from "./course-filter";
import { courseSelectionRoutes } from "./course-selection";
import { courseRoutes } from "./courses";
import { fileRoutes } from "./files";
import { orderRoutes } from "./orders";
import { profileRoutes } from "./profile";
import { projectStudentRoutes } from "./project-student";
import { projectRoutes } from "./projects";
import { authRoutes } from "./routes/auth";
import { couponRoutes } from "./routes/coupon";
import { scoreDetailRoutes } from "./score-details";
import { staffAccountRoutes } from "./staff-accounts";
import { staffAdvisorRoutes } from "./staff-advisors";
import { auditRoutes } from "./staff-audit";
import { staffChannelRoutes } from "./staff-channels";
import { staffCourseRoutes } from "./staff-courses";
import { staffCreditRoutes } from "./staff-credit";
import { navigationRoutes } from "./staff-navigation";
import { staffOrderRoutes } from "./staff-orders";
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
  profileRoutes,
  scoreDetailRoutes,
  couponListRoutes,
  advisorRoutes,
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
  staffOrderRoutes,
  staffUserCourseRoutes,
  staffCreditRoutes,
  staffStudentRoutes,
  couponRoutes,
  staffAdvisorRoutes,
  staffAccountRoutes,
  staffUserRoutes,
  staffChannelRoutes,
  staffStatisticsRoutes,
  navigationRoutes,
  filterElementsRoutes,
  staffCourseRoutes,
];
for (const routes of areas) {
  routes(summer.app);
}

export { summer };
