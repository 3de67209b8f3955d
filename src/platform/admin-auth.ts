import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { AppError } from "./errors";
import { constantTimeEqual } from "./random";

/** Operators' API: `Authorization: Bearer <ADMIN_TOKEN>`. No token configured means no access. */
export const adminAuth = createMiddleware<AppEnv>(async (c, next) => {
  const expected = c.env.ADMIN_TOKEN;
  const header = c.req.header("authorization") ?? "";
  const given = header.startsWith("Bearer ") ? header.slice(7).trim() : "";
  if (!expected || !given || !constantTimeEqual(given, expected)) {
    throw new AppError("unauthenticated", "a valid operator token is required");
  }
  await next();
});
