import { and, eq, ne, sql } from "drizzle-orm";
import { deleteCookie } from "hono/cookie";
import * as v from "valibot";
import { summerStudents, summerUsers } from "../../../db/schema/summer";
import type { Db } from "../../../env";
import { config } from "../../../platform/config";
import { params } from "../../../platform/params";
import { verifyPassword } from "../../../platform/password";
import { revokeToken } from "../../../platform/tokens";
import { assignAdvisor } from "../advisors";
import { doc, emptyDoc } from "../docs";
import { done, ok } from "../envelope";
import { str } from "../inputs";
import { handOutTicket, requireLogin } from "../session";
import { channelOfScene, creditChannel } from "../staff-channels";
import type { SummerApp } from "../surface";
import { identify } from "../wechat-login";
import { bad } from "../writes";

/** Logging in and out: students by WeChat code (check_account), staff by password (login). */

/** Verified against when the username is unknown, so both answers take as long. */
const DECOY_HASH = "pbkdf2-sha256$100000$2mGJ0c-5dsuCJYbWbOyzGQ$QeHU8nyZ8dfCsWCnh3WOHZAT3ENrf9gQuMcTNBYzmWk";
const WRONG = "用户名或密码错误";

type StudentRow = typeof summerStudents.$inferSelect;

/** The profile needs completing while any of name, email, wechat, wcountry, wcampus is missing. */
export const needsCompleting = (s: StudentRow | undefined) =>
  !s?.name || !s.email || !s.wechat || s.wcountry.length === 0 || s.wcampus.length === 0;

const studentRow = (db: Db, userId: number) => db.select().from(summerStudents).where(eq(summerStudents.userId, userId)).limit(1);

export function authRoutes(app: SummerApp) {
  app.get(
    "/auth/user/check_account",
    doc(
      "Student login with a WeChat code: creates the student on first login, assigns an advisor, returns a ticket (also set as the `ticket` cookie)",
      v.object({ need_complete_student_info: v.boolean(), valid_sales_man: v.boolean(), user_id: v.number(), ticket: v.string() }),
      {
        who: "anyone with a code",
        description:
          "`scene` (optional) is the scene of the promotion channel's QR code the student arrived by: the student is credited to that channel unless already credited to one. `code` is a mini-program wx.login code (SUMMER_LOGIN_MODE=miniprogram, the default) or an Official Account web-OAuth code (SUMMER_LOGIN_MODE=oauth).",
        errors: ["400 无效的code值, 微信网页认证失败 (field code)", "400 该用户已被禁用", "502 WeChat unreachable"],
      },
    ),
    params(
      v.object({
        code: str(256),
        scene: v.optional(v.pipe(v.string(), v.maxLength(64), v.description("A promotion channel's scene (channel_id_{id})"))),
      }),
      "GET",
    ),
    async (c) => {
      const db = c.var.db;
      const who = await identify(c.env, c.var.params.code);
      const channel = channelOfScene(c.var.params.scene);
      const now = Date.now();
      const userId = sql`(SELECT ${summerUsers.id} FROM ${summerUsers} WHERE ${summerUsers.openid} = ${who.openid})`;
      const profile = { ...(who.headimgurl ? { headimgurl: who.headimgurl } : {}), ...(who.nickname ? { wxName: who.nickname } : {}) };
      const [[user], , , [student]] = await db.batch([
        db
          .insert(summerUsers)
          .values({ role: "STUDENT", openid: who.openid, unionid: who.unionid, lastLoginAt: now, createdAt: now, updatedAt: now })
          .onConflictDoUpdate({
            target: summerUsers.openid,
            set: { lastLoginAt: now, unionid: sql`coalesce(excluded.unionid, ${summerUsers.unionid})` },
          })
          .returning({ id: summerUsers.id, isActive: summerUsers.isActive, role: summerUsers.role }),
        db
          .insert(summerStudents)
          .values({ userId, headimgurl: who.headimgurl, wxName: who.nickname, createdAt: now, updatedAt: now })
          .onConflictDoUpdate({ target: summerStudents.userId, set: { ...profile, updatedAt: now } }),
        assignAdvisor(db, userId, now),
        db.select().from(summerStudents).where(eq(summerStudents.userId, userId)).limit(1),
        ...(channel === null ? [] : [creditChannel(db, userId, channel, now)]),
      ]);
      if (!user.isActive) throw bad("non_field_errors", "该用户已被禁用");
      const ticket = await handOutTicket(c, db, c.env, user.id, user.role);
      return ok(c, {
        need_complete_student_info: needsCompleting(student),
        valid_sales_man: student?.validSalesMan ?? false,
        user_id: user.id,
        ticket,
      });
    },
  );

  app.get(
    "/auth/user/check_user_info",
    doc(
      "Whether the student's profile needs completing and whether the advisor was added",
      v.object({ need_complete_student_info: v.boolean(), valid_sales_man: v.boolean(), user_id: v.number() }),
      { who: "a ticket (staff get need_complete_student_info false)" },
    ),
    requireLogin,
    params(v.object({}), "GET"),
    async (c) => {
      const me = c.var.user;
      const [student] = await studentRow(c.var.db, me.id);
      const staff = me.role !== "STUDENT";
      return ok(c, {
        need_complete_student_info: staff ? false : needsCompleting(student),
        valid_sales_man: student?.validSalesMan ?? false,
        user_id: me.id,
      });
    },
  );

  app.post(
    "/auth/user/login",
    doc(
      "Staff login (管理员网页登录): a ticket and the role; the ticket is also set as the `ticket` cookie",
      v.object({ user_id: v.number(), ticket: v.string(), role: v.string() }),
      {
        who: "staff with a password",
        description: `After SUMMER_LOGIN_MAX_FAILURES wrong passwords (5) the account is locked for SUMMER_LOGIN_LOCK_SECONDS (900).`,
        errors: [
          `400 ${WRONG}`,
          "400 该用户已被禁用",
          "400 登录失败次数过多 (locked)",
          "400 username/password shorter than 6 or longer than 30",
        ],
      },
    ),
    params(
      v.object({
        username: str(30, 6),
        password: v.pipe(
          v.string(),
          v.minLength(6, "请确保这个字段至少包含 6 个字符。"),
          v.maxLength(30, "请确保这个字段不超过 30 个字符。"),
        ),
      }),
      "POST",
    ),
    async (c) => {
      const db = c.var.db;
      const { username, password } = c.var.params;
      const cfg = config(c.env);
      const now = Date.now();
      const [user] = await db
        .select()
        .from(summerUsers)
        .where(and(eq(summerUsers.username, username), ne(summerUsers.role, "STUDENT")))
        .limit(1);
      if (!user?.passwordHash) {
        await verifyPassword(password, DECOY_HASH);
        throw bad("non_field_errors", WRONG);
      }
      if (user.lockedUntil !== null && user.lockedUntil > now) {
        const minutes = Math.ceil((user.lockedUntil - now) / 60_000);
        throw bad("non_field_errors", `登录失败次数过多，账户已锁定，请${minutes}分钟后再试。`);
      }
      if (!(await verifyPassword(password, user.passwordHash))) {
        const reached = sql`${summerUsers.failedLogins} + 1 >= ${cfg.SUMMER_LOGIN_MAX_FAILURES}`;
        await db
          .update(summerUsers)
          .set({
            failedLogins: sql`CASE WHEN ${reached} THEN 0 ELSE ${summerUsers.failedLogins} + 1 END`,
            lockedUntil: sql`CASE WHEN ${reached} THEN ${now + cfg.SUMMER_LOGIN_LOCK_SECONDS * 1000} ELSE ${summerUsers.lockedUntil} END`,
          })
          .where(eq(summerUsers.id, user.id));
        throw bad("non_field_errors", WRONG);
      }
      if (!user.isActive) throw bad("non_field_errors", "该用户已被禁用");
      const loggedIn = db
        .update(summerUsers)
        .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now })
        .where(eq(summerUsers.id, user.id));
      const ticket = await handOutTicket(c, db, c.env, user.id, user.role, [loggedIn]);
      return ok(c, { user_id: user.id, ticket, role: user.role }, "登录成功");
    },
  );

  app.on(
    ["POST", "PUT"],
    "/auth/user/logout",
    doc("Log out: the ticket presented stops working", emptyDoc, { who: "a ticket" }),
    params(v.object({}), "POST"),
    requireLogin,
    async (c) => {
      await revokeToken(c.var.db, c.var.user.sessionId);
      deleteCookie(c, "ticket", { path: "/summer" });
      return done(c, "退出登录成功");
    },
  );
}
