import { createMiddleware } from "hono/factory";
import type { SummerRole } from "../../db/schema/summer";
import { AppError } from "../../platform/errors";
import type { SurfaceEnv } from "../../platform/surface";
import { MSG_FORBIDDEN } from "./envelope";
import type { SummerCaller } from "./session";

/**
 * The one rule table of who may do what (CONTRACT section 5). Staff routes
 * name the area they belong to; a role reaches the areas listed for it.
 * Students reach no staff area: their own data is guarded by `requireSelf`
 * and by the queries themselves (every student read is filtered by the caller).
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

type Env = SurfaceEnv<SummerCaller>;

/** A staff route of `area`; every other caller gets 403. */
export const requireArea = (area: Area) =>
  createMiddleware<Env>(async (c, next) => {
    if (!may(c.var.user.role, area)) throw forbidden();
    await next();
  });

/** A student-only route (a staff ticket gets 403: staff have no student file). */
export const requireStudent = createMiddleware<Env>(async (c, next) => {
  if (c.var.user.role !== "STUDENT") throw forbidden();
  await next();
});

/** The `{user_id}` in the path must be the caller's own; another id gets 403 and reveals nothing. */
export const requireSelf = createMiddleware<Env>(async (c, next) => {
  if (c.req.param("user_id") !== String(c.var.user.id)) throw forbidden();
  await next();
});
