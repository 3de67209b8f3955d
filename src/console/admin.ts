import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { AppError } from "../platform/errors";
import { describe } from "../platform/openapi";
import { pageOf } from "../platform/paging";
import { int, params } from "../platform/params";
import {
  createOperator,
  flagSchema,
  listOperators,
  passwordSchema,
  SCOPES,
  scopesSchema,
  updateOperator,
  usernameSchema,
} from "./operators";

/** Operators' API for console accounts (mounted at /admin/operators, behind ADMIN_TOKEN). */
export const operatorsAdmin = new Hono<AppEnv>();
const tags = ["operators"];
const security = [{ operatorToken: [] }];

const operator = v.object({
  id: v.number(),
  username: v.string(),
  display_name: v.string(),
  scopes: v.array(v.picklist(SCOPES)),
  disabled: v.boolean(),
  locked_until: v.nullable(v.number()),
  last_login_at: v.nullable(v.number()),
  created_by: v.string(),
  created_at: v.number(),
});

operatorsAdmin.post(
  "/",
  describe({
    tags,
    security,
    summary: "Create a console operator: username, password (stored as PBKDF2) and the surfaces it manages",
    description: `Scopes: ${SCOPES.join(", ")} ("operators" may create and manage other operators in the console).`,
    responses: { 201: ["created", operator], 400: ["invalid parameters"], 409: ["the username is taken"] },
  }),
  params(
    v.object({
      username: usernameSchema,
      password: passwordSchema,
      scopes: scopesSchema,
      display_name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(32))),
    }),
    "POST",
  ),
  async (c) => c.json(await createOperator(c.var.db, c.var.params, "admin-token"), 201),
);

operatorsAdmin.get(
  "/",
  describe({
    tags,
    security,
    summary: "Console operators, newest first (no password hashes)",
    responses: { 200: ["operators", v.object({ total: v.number(), operators: v.array(operator) })] },
  }),
  params(v.object({ limit: v.optional(int(1, 100)), offset: v.optional(int(0)) }), "GET"),
  async (c) => {
    const page = pageOf(c.var.params.limit, c.var.params.offset, { defaultLimit: 50, maxLimit: 100 });
    const { total, rows } = await listOperators(c.var.db, page.limit, page.offset);
    return c.json({ total, operators: rows });
  },
);

operatorsAdmin.patch(
  "/:id",
  describe({
    tags,
    security,
    summary: "Change an operator's scopes, password or disabled flag; disabling or a new password signs it out everywhere",
    responses: { 200: ["changed", operator], 404: ["no such operator"] },
  }),
  params(
    v.object({
      scopes: v.optional(scopesSchema),
      disabled: v.optional(flagSchema),
      password: v.optional(passwordSchema),
      display_name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(32))),
    }),
    "POST",
  ),
  async (c) => {
    const id = Number(c.req.param("id"));
    if (!Number.isSafeInteger(id) || id < 1) throw new AppError("not_found", "no such operator");
    return c.json(await updateOperator(c.var.db, id, c.var.params));
  },
);
