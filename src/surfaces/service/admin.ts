import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../../env";
import { AppError } from "../../platform/errors";
import { describe } from "../../platform/openapi";
import { pageOf } from "../../platform/paging";
import { int, params, text } from "../../platform/params";
import { revokeHandles } from "./credential";
import { findUser, listUsers } from "./users";

/** Operators' routes for 002, mounted at /admin/service behind the operator token (src/admin). */
export const serviceAdmin = new Hono<AppEnv>();
const tags = ["operators"];
const security = [{ operatorToken: [] }];

const user = v.object({
  id: v.number(),
  openid: v.string(),
  phone: v.string(),
  qq: v.string(),
  cardno: v.string(),
  wxid: v.nullable(v.string()),
});

serviceAdmin.get(
  "/users",
  describe({
    tags,
    security,
    summary: "List 002 users, newest first",
    responses: { 200: ["users", v.object({ total: v.number(), users: v.array(user) })] },
  }),
  params(v.object({ limit: v.optional(int(1, 100)), offset: v.optional(int(0)) }), "GET"),
  async (c) => c.json(await listUsers(c.var.db, pageOf(c.var.params.limit, c.var.params.offset))),
);

serviceAdmin.post(
  "/users/revoke",
  describe({
    tags,
    security,
    summary: "Revoke every handle of a 002 user (the client must call getOpenid again)",
    responses: { 200: ["revoked", v.object({ revoked: v.boolean() })], 404: ["no such user"] },
  }),
  params(v.object({ openid: text(128) }), "POST"),
  async (c) => {
    const { openid } = c.var.params;
    if (!(await findUser(c.var.db, openid))) throw new AppError("not_found", "no such user");
    await revokeHandles(c.var.db, openid);
    return c.json({ revoked: true });
  },
);
