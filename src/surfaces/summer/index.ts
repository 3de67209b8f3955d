import { authRoutes } from "./routes/auth";
import { commonRoutes } from "./routes/common";
import { couponRoutes } from "./routes/coupon";
import { courseRoutes } from "./routes/course";
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
  staffCourseRoutes,
];
for (const routes of areas) {
  routes(summer.app);
}

export { summer };
