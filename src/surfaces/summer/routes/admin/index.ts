import type { SummerApp } from "../../surface";
import { adminAccountInfoRoutes } from "./account_info";
import { adminAuditRoutes } from "./audit";
import { adminChildUserRoutes } from "./child_user";
import { adminCourseRoutes } from "./course";
import { adminProjectRoutes } from "./project";
import { adminProjectResultRoutes } from "./project_result";
import { adminSalesManRoutes } from "./sales_man";
import { adminStatisticsRoutes } from "./statistics";
import { adminStudentRoutes } from "./student";
import { adminUserRoutes } from "./user";
import { adminUserCourseRoutes } from "./user_course";
import { adminUserInfoRoutes } from "./user_info";

/**
 * /summer/admin/...: the summer school's staff back office, one file per
 * second path segment. Every staff role reaches the areas roles.ts gives it
 * (ADMIN all of them). Not the operators' API under /admin/summer
 * (../../admin.ts, behind ADMIN_TOKEN). Each file serves its own second
 * segment, and no file has a parameter where another has a fixed name, so
 * the order below is only alphabetical.
 */
export function adminPathRoutes(app: SummerApp) {
  adminAccountInfoRoutes(app);
  adminAuditRoutes(app);
  adminChildUserRoutes(app);
  adminCourseRoutes(app);
  adminProjectRoutes(app);
  adminProjectResultRoutes(app);
  adminSalesManRoutes(app);
  adminStatisticsRoutes(app);
  adminStudentRoutes(app);
  adminUserRoutes(app);
  adminUserCourseRoutes(app);
  adminUserInfoRoutes(app);
}
