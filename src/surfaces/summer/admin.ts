import { Hono } from "hono";
import * as v from "valibot";
import { summerUsers } from "../../db/schema/summer";
import type { AppEnv } from "../../env";
import { AppError } from "../../platform/errors";
import { describe } from "../../platform/openapi";
import { params, text } from "../../platform/params";
import { hashPassword } from "../../platform/password";
import { STAFF_ROLES } from "./roles";
import { isUnique } from "./writes";

/** Operators' API for the summer school (CONTRACT section 2): staff accounts. Mounted at /admin/summer. */
export const summerAdmin = new Hono<AppEnv>();

const staff = v.object({ id: v.number(), username: v.string(), role: v.string(), name: v.nullable(v.string()) });

summerAdmin.post(
  "/staff",
  describe({
    tags: ["operators"],
    security: [{ operatorToken: [] }],
    summary: "Create a summer-school staff account (ADMIN, MARKET, PRODUCT or FINANCE); the password is stored as PBKDF2",
    responses: { 201: ["created", staff], 400: ["invalid parameters"], 409: ["the username is taken"] },
  }),
  params(
    v.object({
      username: v.pipe(text(30), v.minLength(6, "username must be 6 to 30 characters")),
      password: v.pipe(
        v.string(),
        v.minLength(6, "password must be 6 to 30 characters"),
        v.maxLength(30, "password must be 6 to 30 characters"),
      ),
      role: v.picklist(STAFF_ROLES, "role must be ADMIN, MARKET, PRODUCT or FINANCE"),
      name: v.optional(text(30)),
    }),
    "POST",
  ),
  async (c) => {
    const { username, password, role, name } = c.var.params;
    const now = Date.now();
    try {
      const [row] = await c.var.db
        .insert(summerUsers)
        .values({ role, username, name: name ?? null, passwordHash: await hashPassword(password), createdAt: now, updatedAt: now })
        .returning({ id: summerUsers.id, username: summerUsers.username, role: summerUsers.role, name: summerUsers.name });
      return c.json(row, 201);
    } catch (err) {
      if (isUnique(err)) throw new AppError("conflict", `username ${username} is taken`, { field: "username" });
      throw err;
    }
  },
);
