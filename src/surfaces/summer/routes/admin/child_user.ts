import { asc, count, eq } from "drizzle-orm";
import * as v from "valibot";
import { summerUsers } from "../../../../db/schema/summer";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { hashPassword } from "../../../../platform/password";
import { requireArea, requireLogin } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import { doc, emptyDoc, pageOf as pageDoc } from "../../docs";
import { done, ok } from "../../envelope";
import { str } from "../../inputs";
import { paged, pageOf, pageParam } from "../../page";
import { STAFF_ROLES } from "../../roles";
import {
  endOtherTicketsQuery,
  endTicketsQuery,
  isStaffAccount,
  presentStaffAccount,
  staffAccountDoc,
  staffAccountQuery,
  USERNAME_TAKEN,
} from "../../staff-accounts";
import type { SummerApp } from "../../surface";
import { audit, bad, defined, newestId, notFound, unique } from "../../writes";

const password = v.pipe(
  v.string("请输入字符串。"),
  v.minLength(6, "请确保这个字段至少包含 6 个字符。"),
  v.maxLength(30, "请确保这个字段不超过 30 个字符。"),
);
const role = v.picklist(STAFF_ROLES, (i) => `“${String(i.input)}” 不是合法选项。`);
const bool = v.pipe(
  v.union([v.boolean(), v.picklist(["true", "false", "True", "False", "1", "0"])], "必须是有效的布尔值。"),
  v.transform((x) => x === true || x === "true" || x === "True" || x === "1"),
);
const createParams = v.object({ name: str(30), username: str(30, 6), password, role, is_active: v.optional(bool, true) });
const updateParams = v.object({
  name: v.optional(str(30)),
  username: v.optional(str(30, 6)),
  role: v.optional(role),
  is_active: v.optional(bool),
});

const who = { who: "staff: staff_accounts (ADMIN)" };

/** /admin/child_user/...: staff accounts (子账号), for ADMIN: list, create, detail, update, password, disabling. */
export function adminChildUserRoutes(app: SummerApp) {
  app.get(
    "/admin/child_user",
    doc("Staff accounts, 10 a page", pageDoc(staffAccountDoc), who),
    requireLogin,
    requireArea("staff_accounts"),
    callerBeforeParams,
    params(v.object({ page: pageParam }), "GET"),
    async (c) => {
      const db = c.var.db;
      const { page, limit, offset } = pageOf(c);
      const [, rows, [{ total }]] = await callerAnd(
        c,
        db.select().from(summerUsers).where(isStaffAccount).orderBy(asc(summerUsers.id)).limit(limit).offset(offset),
        db.select({ total: count() }).from(summerUsers).where(isStaffAccount),
      );
      return ok(c, paged(c, page, total, rows.map(presentStaffAccount)));
    },
  );

  app.post(
    "/admin/child_user",
    doc("Create a staff account (role ADMIN, MARKET, PRODUCT or FINANCE)", staffAccountDoc, {
      ...who,
      errors: [`400 ${USERNAME_TAKEN} (username)`],
    }),
    requireLogin,
    requireArea("staff_accounts"),
    callerBeforeParams,
    params(createParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
      const [me] = await callerAnd(c);
      const now = Date.now();
      const values = { name: p.name, username: p.username, role: p.role, isActive: p.is_active, createdAt: now, updatedAt: now };
      const passwordHash = await hashPassword(p.password);
      const [[row]] = await unique("username", USERNAME_TAKEN, () =>
        db.batch([
          db
            .insert(summerUsers)
            .values({ ...values, passwordHash })
            .returning(),
          audit(db, me.id, "create", "staff_user", newestId(summerUsers), null, values),
        ]),
      );
      return ok(c, presentStaffAccount(row));
    },
  );

  app.get(
    "/admin/child_user/:user_id{[0-9]+}",
    doc("A staff account", staffAccountDoc, { ...who, errors: ["404 no such staff account"] }),
    requireLogin,
    requireArea("staff_accounts"),
    callerBeforeParams,
    params(v.object({}), "GET"),
    async (c) => {
      const [, [row]] = await callerAnd(c, staffAccountQuery(c.var.db, Number(c.req.param("user_id"))));
      if (!row) throw notFound();
      return ok(c, presentStaffAccount(row));
    },
  );

  app.on(
    ["PUT", "PATCH"],
    "/admin/child_user/:user_id{[0-9]+}",
    doc("Update a staff account (fields sent are changed); is_active false disables it and ends its tickets", staffAccountDoc, {
      ...who,
      errors: ["404 no such staff account", `400 ${USERNAME_TAKEN}`, "400 an ADMIN cannot disable or demote their own account"],
    }),
    requireLogin,
    requireArea("staff_accounts"),
    callerBeforeParams,
    params(updateParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
      const [me, [before]] = await callerAnd(c, staffAccountQuery(db, Number(c.req.param("user_id"))));
      if (!before) throw notFound();
      if (before.id === me.id && (p.is_active === false || (p.role && p.role !== before.role)))
        throw bad("non_field_errors", "不能停用或降级自己的账户。");
      const now = Date.now();
      const changes = { name: p.name, username: p.username, role: p.role, isActive: p.is_active, updatedAt: now };
      const { passwordHash: _, ...shown } = before;
      const [[row]] = await unique("username", USERNAME_TAKEN, () =>
        db.batch([
          db.update(summerUsers).set(changes).where(eq(summerUsers.id, before.id)).returning(),
          audit(db, me.id, "update", "staff_user", before.id, shown, { ...shown, ...defined(changes) }),
          ...(p.is_active === false ? [endTicketsQuery(db, before.id, now)] : []),
        ]),
      );
      return ok(c, presentStaffAccount(row));
    },
  );

  app.put(
    "/admin/child_user/:user_id{[0-9]+}/update_password",
    doc("Set a staff account's password; its tickets end (one's own: all but the ticket used)", emptyDoc, {
      ...who,
      errors: ["404 no such staff account"],
    }),
    requireLogin,
    requireArea("staff_accounts"),
    callerBeforeParams,
    params(v.object({ password }), "POST"),
    async (c) => {
      const db = c.var.db;
      const [me, [target]] = await callerAnd(c, staffAccountQuery(db, Number(c.req.param("user_id"))));
      if (!target) throw notFound();
      const passwordHash = await hashPassword(c.var.params.password);
      const now = Date.now();
      await db.batch([
        db
          .update(summerUsers)
          .set({ passwordHash, failedLogins: 0, failedSince: null, lockedUntil: null, updatedAt: now })
          .where(eq(summerUsers.id, target.id)),
        audit(db, me.id, "update_password", "staff_user", target.id, null, null),
        // Staff changing their own password stay signed in with the ticket they changed it with.
        target.id === me.id ? endOtherTicketsQuery(db, me.id, me.sessionId, now) : endTicketsQuery(db, target.id, now),
      ]);
      return done(c, "密码修改成功");
    },
  );
}
