import type { SummerRole } from "../../db/schema/summer";
import { AppError } from "../../platform/errors";
import { MSG_FORBIDDEN } from "./envelope";

/**
 * The one rule table of who may do what (CONTRACT section 5). Staff routes
 * name the area they belong to; a role reaches the areas listed for it.
 * Students reach no staff area: their own data is guarded by `requireSelf`
 * (auth.ts) and by the queries themselves (every student read is filtered by the caller).
 */
export const AREAS = [
  "students",
  "advisors",
  "channels",
  "coupons",
  "catalogue",
  "courses",
  "scores",
  "credit_transfer",
  "orders",
  "payments",
  "receiving_accounts",
  "staff_accounts",
  "statistics",
  "audit",
] as const;
export type Area = (typeof AREAS)[number];

export const ROLE_AREAS: Record<SummerRole, readonly Area[]> = {
  ADMIN: AREAS,
  MARKET: ["students", "advisors", "channels", "coupons"],
  PRODUCT: ["catalogue", "courses", "scores", "credit_transfer"],
  FINANCE: ["orders", "payments", "receiving_accounts"],
  STUDENT: [],
};

export const STAFF_ROLES = ["ADMIN", "MARKET", "PRODUCT", "FINANCE"] as const satisfies readonly SummerRole[];
export type StaffRole = (typeof STAFF_ROLES)[number];

export const may = (role: SummerRole, area: Area) => ROLE_AREAS[role].includes(area);
export const isStaff = (role: SummerRole) => role !== "STUDENT";

export const forbidden = () => new AppError("forbidden", MSG_FORBIDDEN);
