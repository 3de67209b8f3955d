import { count, desc } from "drizzle-orm";
import { Hono } from "hono";
import * as v from "valibot";
import { serviceUsers } from "../db/schema/service";
import type { AppEnv } from "../env";
import { AppError } from "../platform/errors";
import { describe } from "../platform/openapi";
import { pageOf } from "../platform/paging";
import { int, params, text } from "../platform/params";
import { revokeSubject } from "../platform/tokens";
import { SURFACE } from "../surfaces/service/credential";
import { findUser } from "../surfaces/service/users";

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
  async (c) => {
    const page = pageOf(c.var.params.limit, c.var.params.offset);
    const [rows, [{ total }]] = await c.var.db.batch([
      c.var.db
        .select({
          id: serviceUsers.id,
          openid: serviceUsers.openid,
          phone: serviceUsers.phone,
          qq: serviceUsers.qq,
          cardno: serviceUsers.cardno,
          wxid: serviceUsers.wxid,
        })
        .from(serviceUsers)
        .orderBy(desc(serviceUsers.id))
        .limit(page.limit)
        .offset(page.offset),
      c.var.db.select({ total: count() }).from(serviceUsers),
    ]);
    return c.json({ total, users: rows });
  },
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
    await revokeSubject(c.var.db, SURFACE, openid);
    return c.json({ revoked: true });
  },
);
