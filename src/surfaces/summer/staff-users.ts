import { and, asc, count, eq, ne } from "drizzle-orm";
import * as v from "valibot";
import { summerUsers } from "../../db/schema/summer";
import type { Db } from "../../env";
import { params } from "../../platform/params";
import { hashPassword } from "../../platform/password";
import { revokeSubject } from "../../platform/tokens";
import { SURFACE } from "./auth";
import { doc, emptyDoc, pageOf as pageDoc } from "./docs";
import { kv, kvDoc } from "./enums";
import { done, ok } from "./envelope";
import { str } from "./inputs";
import { paged, pageOf, pageParam } from "./page";
import { requireArea, STAFF_ROLES } from "./roles";
import { requireLogin } from "./session";
import type { SummerApp } from "./surface";
import { audit, bad, defined, newestId, notFound, unique } from "./writes";

/** Staff accounts (子账号), for ADMIN: list, create, detail, update, password, disabling. */
const staffDoc = v.object({
  id: v.number(),
  name: v.nullable(v.string()),
  username: v.string(),
  is_active: v.boolean(),
  qr_code: v.nullable(v.string()),
  role: kvDoc,
});
type Row = typeof summerUsers.$inferSelect;
const present = (u: Row) => ({
  id: u.id,
  name: u.name,
  username: u.username ?? "",
  is_active: u.isActive,
  qr_code: u.qrCode,
  role: kv("user_role", u.role),
});

const TAKEN = "该用户名已存在。";
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
const isStaffRow = ne(summerUsers.role, "STUDENT");

async function staffRow(db: Db, raw: string | undefined) {
  const [row] = await db
    .select()
    .from(summerUsers)
    .where(and(eq(summerUsers.id, Number(raw)), isStaffRow));
  if (!row) throw notFound();
  return row;
}

export function staffUserRoutes(app: SummerApp) {
  app.get(
    "/admin/child_user",
    doc("Staff accounts, 10 a page", pageDoc(staffDoc), who),
    requireLogin,
    requireArea("staff_accounts"),
    params(v.object({ page: pageParam }), "GET"),
    async (c) => {
      const db = c.var.db;
      const { page, limit, offset } = pageOf(c);
      const [rows, [{ total }]] = await db.batch([
        db.select().from(summerUsers).where(isStaffRow).orderBy(asc(summerUsers.id)).limit(limit).offset(offset),
        db.select({ total: count() }).from(summerUsers).where(isStaffRow),
      ]);
      return ok(c, paged(c, page, total, rows.map(present)));
    },
  );

  app.post(
    "/admin/child_user",
    doc("Create a staff account (role ADMIN, MARKET, PRODUCT or FINANCE)", staffDoc, { ...who, errors: [`400 ${TAKEN} (username)`] }),
    requireLogin,
    requireArea("staff_accounts"),
    params(createParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
      const now = Date.now();
      const values = { name: p.name, username: p.username, role: p.role, isActive: p.is_active, createdAt: now, updatedAt: now };
      const passwordHash = await hashPassword(p.password);
      const [[row]] = await unique("username", TAKEN, () =>
        db.batch([
          db
            .insert(summerUsers)
            .values({ ...values, passwordHash })
            .returning(),
          audit(db, c.var.user.id, "create", "staff_user", newestId(summerUsers), null, values),
        ]),
      );
      return ok(c, present(row));
    },
  );

  for (const path of ["/admin/user/:user_id{[0-9]+}", "/admin/child_user/:user_id{[0-9]+}"]) {
    app.get(
      path,
      doc("A staff account", staffDoc, { ...who, errors: ["404 no such staff account"] }),
      requireLogin,
      requireArea("staff_accounts"),
      params(v.object({}), "GET"),
      async (c) => ok(c, present(await staffRow(c.var.db, c.req.param("user_id")))),
    );
  }

  app.on(
    ["PUT", "PATCH"],
    "/admin/child_user/:user_id{[0-9]+}",
    doc("Update a staff account (fields sent are changed); is_active false disables it and ends its tickets", staffDoc, {
      ...who,
      errors: ["404 no such staff account", `400 ${TAKEN}`, "400 an ADMIN cannot disable or demote their own account"],
    }),
    requireLogin,
    requireArea("staff_accounts"),
    params(updateParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
      const before = await staffRow(c.var.db, c.req.param("user_id"));
      if (before.id === c.var.user.id && (p.is_active === false || (p.role && p.role !== before.role)))
        throw bad("non_field_errors", "不能停用或降级自己的账户。");
      const changes = { name: p.name, username: p.username, role: p.role, isActive: p.is_active, updatedAt: Date.now() };
      const { passwordHash: _, ...shown } = before;
      const [[row]] = await unique("username", TAKEN, () =>
        db.batch([
          db.update(summerUsers).set(changes).where(eq(summerUsers.id, before.id)).returning(),
          audit(db, c.var.user.id, "update", "staff_user", before.id, shown, { ...shown, ...defined(changes) }),
        ]),
      );
      if (p.is_active === false) await revokeSubject(db, SURFACE, String(before.id));
      return ok(c, present(row));
    },
  );

  app.put(
    "/admin/child_user/:user_id{[0-9]+}/update_password",
    doc("Set a staff account's password; its other tickets end", emptyDoc, { ...who, errors: ["404 no such staff account"] }),
    requireLogin,
    requireArea("staff_accounts"),
    params(v.object({ password }), "POST"),
    async (c) => {
      const db = c.var.db;
      const target = await staffRow(c.var.db, c.req.param("user_id"));
      const passwordHash = await hashPassword(c.var.params.password);
      await db.batch([
        db
          .update(summerUsers)
          .set({ passwordHash, failedLogins: 0, lockedUntil: null, updatedAt: Date.now() })
          .where(eq(summerUsers.id, target.id)),
        audit(db, c.var.user.id, "update_password", "staff_user", target.id, null, null),
      ]);
      if (target.id !== c.var.user.id) await revokeSubject(db, SURFACE, String(target.id));
      return done(c, "密码修改成功");
    },
  );
}
