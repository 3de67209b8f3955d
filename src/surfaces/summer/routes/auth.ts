import { deleteCookie } from "hono/cookie";
import * as v from "valibot";
import { summerCampuses, summerCountries } from "../../../db/schema/summer";
import { callerAnd } from "../../../platform/caller";
import { params } from "../../../platform/params";
import { revokeToken } from "../../../platform/tokens";
import { assignAdvisor, linkAdvisor, markAdvisorAdded, presentSalesMan, salesManIdQuery, studentAdvisorQuery } from "../advisors";
import { requireLogin, requireSelf, requireStudent } from "../auth";
import { channelOfScene, creditChannel } from "../channels";
import { presentUsableCoupon, usableCouponDoc, usableCouponsQuery } from "../coupons";
import { doc, emptyDoc, salesManDoc } from "../docs";
import { enumIn } from "../enums";
import { done, ok } from "../envelope";
import { id, idList, optText, str } from "../inputs";
import { DISABLED, staffLogin, staffLoginParams, studentIdOf, upsertStudent, upsertStudentUser, WRONG_LOGIN } from "../login";
import {
  existingQuery,
  fileDoc,
  infoDoc,
  infoQueries,
  mustExist,
  needsCompleting,
  presentFile,
  presentInfo,
  studentQuery,
  updateStudent,
} from "../profile";
import { presentScoreDetail, saveScoreDetail, scoreDetailDoc, scoreDetailQuery } from "../score-details";
import type { SummerApp } from "../surface";
import { handOutTicket, setTicketCookie } from "../tickets";
import { identify } from "../wechat-login";
import { bad, defined, notFound } from "../writes";

/**
 * /auth/user/...: logging in and out (students by WeChat code, staff by
 * password), and a student's own information, personal file (档案),
 * transcript mailing details, coupons and sales advisor.
 */
const LINKED = "已有关联的销售顾问";
const own = "the student whose id is in the path (another id: 403)";

const email = v.pipe(str(30), v.email("请输入合法的邮件地址。"));
const infoParams = v.object({
  name: v.optional(str(30)),
  email: v.optional(email),
  wechat: v.optional(str(30)),
  wcountry: v.optional(idList),
  wcampus: v.optional(idList),
  cschool: v.optional(str(30)),
  /** The document spells it so in one place. */
  cshool: v.optional(str(30)),
});
const gpa = v.pipe(
  v.union([v.number(), v.pipe(v.string(), v.trim(), v.regex(/^\d+(\.\d+)?$/, "请填写合法的数字。"))], "请填写合法的数字。"),
  v.transform(Number),
  v.minValue(0, "请确保该值大于或者等于 0。"),
  v.maxValue(100, "请确保该值小于或者等于 100。"),
  v.transform((x) => Math.round(x * 100) / 100),
);
const fileParams = v.object({
  first_name: optText(30),
  last_name: optText(30),
  gender: v.optional(v.nullable(enumIn("user_info_gender"))),
  id_number: optText(30),
  major: optText(30),
  graduate_year: optText(30),
  gpa: v.optional(v.nullable(gpa)),
});
const scoreDetailParams = v.object({ department: str(30), phone: str(30), country: str(30), post_code: str(30), address: str(60) });

export function authRoutes(app: SummerApp) {
  app.get(
    "/auth/user/check_account",
    doc(
      "Student login with a WeChat code: creates the student on first login, assigns an advisor, returns a ticket (also set as the `ticket` cookie)",
      v.object({ need_complete_student_info: v.boolean(), valid_sales_man: v.boolean(), user_id: v.number(), ticket: v.string() }),
      {
        who: "anyone with a code",
        description:
          "`scene` (optional) is the scene of the promotion channel's QR code the student arrived by: the student is credited to that channel unless already credited to one. `code` is a mini-program wx.login code or an Official Account web-OAuth code (the original web client's), whatever SUMMER_LOGIN_MODE says: the kind it names (miniprogram by default) is tried first, and a code WeChat does not know as that kind is tried once as the other.",
        errors: ["400 无效的code值, 微信网页认证失败 (field code)", `400 ${DISABLED}`, "502 WeChat unreachable"],
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
      const userId = studentIdOf(who.openid);
      const [[user], , , [student]] = await db.batch([
        upsertStudentUser(db, who, now),
        upsertStudent(db, userId, who, now),
        assignAdvisor(db, userId, now),
        studentQuery(db, userId),
        ...(channel === null ? [] : [creditChannel(db, userId, channel, now)]),
      ]);
      if (!user.isActive) throw bad("non_field_errors", DISABLED);
      const ticket = await handOutTicket(c, db, c.env, user.id);
      return ok(c, {
        need_complete_student_info: needsCompleting(student),
        valid_sales_man: student?.validSalesMan ?? false,
        user_id: user.id,
        ticket,
      });
    },
  );

  app.get(
    "/auth/user/assign_sales_man",
    doc(
      "Student login from the sales-advisor page opened in WeChat (微信中分配销售顾问): as check_account, but the reply is the student's advisor (assigned on first login); the ticket is set as the `ticket` cookie",
      v.nullable(salesManDoc),
      {
        who: "anyone with a code",
        description: "`data` is null only while no advisor exists at all. `code` is taken as in check_account.",
        errors: ["400 无效的code值, 微信网页认证失败 (field code)", `400 ${DISABLED}`, "502 WeChat unreachable"],
      },
    ),
    params(v.object({ code: str(256) }), "GET"),
    async (c) => {
      const db = c.var.db;
      const who = await identify(c.env, c.var.params.code);
      const now = Date.now();
      const userId = studentIdOf(who.openid);
      const [[user], , , [linked]] = await db.batch([
        upsertStudentUser(db, who, now),
        upsertStudent(db, userId, who, now),
        assignAdvisor(db, userId, now),
        studentAdvisorQuery(db, userId),
      ]);
      if (!user.isActive) throw bad("non_field_errors", DISABLED);
      await handOutTicket(c, db, c.env, user.id);
      return ok(c, linked ? presentSalesMan(linked.salesMan, c.req.url) : null);
    },
  );

  app.get(
    "/auth/user/check_user_info",
    doc(
      "Whether the student's profile needs completing and whether the advisor was added",
      v.object({
        need_complete_student_info: v.boolean(),
        need_complete_stu_info: v.pipe(v.boolean(), v.description("the same, under the name the original server sent")),
        valid_sales_man: v.boolean(),
        user_id: v.number(),
      }),
      { who: "a ticket (staff get need_complete_student_info false)" },
    ),
    requireLogin,
    params(v.object({}), "GET"),
    async (c) => {
      const [me, [student]] = await callerAnd(c, studentQuery(c.var.db, c.var.ticket.userId));
      const incomplete = me.role === "STUDENT" ? needsCompleting(student) : false;
      return ok(c, {
        need_complete_student_info: incomplete,
        need_complete_stu_info: incomplete,
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
          `400 ${WRONG_LOGIN}`,
          `400 ${DISABLED}`,
          "400 登录失败次数过多 (locked)",
          "400 username/password shorter than 6 or longer than 30",
        ],
      },
    ),
    params(staffLoginParams, "POST"),
    async (c) => {
      const { user, ticket } = await staffLogin(c.var.db, c.env, c.var.params);
      setTicketCookie(c, c.env, ticket);
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
      const [me] = await callerAnd(c);
      await revokeToken(c.var.db, me.sessionId);
      deleteCookie(c, "ticket", { path: "/summer" });
      return done(c, "退出登录成功");
    },
  );

  const info = "/auth/user/info/:user_id{[0-9]+}";

  app.get(
    info,
    doc("The student's information, with the sales advisor", infoDoc, { who: own }),
    requireLogin,
    params(v.object({}), "GET"),
    requireStudent,
    requireSelf,
    async (c) => {
      const [, ...rows] = await callerAnd(c, ...infoQueries(c.var.db, c.var.ticket.userId));
      return ok(c, presentInfo(rows, c.req.url));
    },
  );

  app.on(
    ["PUT", "PATCH"],
    info,
    doc("Update the student's information (fields sent are changed; wcountry and wcampus are id lists)", infoDoc, {
      who: own,
      errors: ["400 the first invalid field", "400 a wcountry or wcampus id that does not exist"],
    }),
    requireLogin,
    requireStudent,
    requireSelf,
    params(infoParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
      const wcountry = p.wcountry ?? [];
      const wcampus = p.wcampus ?? [];
      const [me, countries, campuses] = await callerAnd(
        c,
        existingQuery(db, summerCountries, wcountry),
        existingQuery(db, summerCampuses, wcampus),
      );
      mustExist("wcountry", wcountry, countries);
      mustExist("wcampus", wcampus, campuses);
      const changes = defined({
        name: p.name,
        email: p.email,
        wechat: p.wechat,
        wcountry: p.wcountry,
        wcampus: p.wcampus,
        cschool: p.cschool ?? p.cshool,
      });
      const [, ...rows] = await db.batch([updateStudent(db, me.id, changes, Date.now()), ...infoQueries(db, me.id)]);
      return ok(c, presentInfo(rows, c.req.url));
    },
  );

  app.get(
    "/auth/user/info/:user_id{[0-9]+}/personal_file",
    doc("The student's personal file (档案)", fileDoc, { who: own }),
    requireLogin,
    params(v.object({}), "GET"),
    requireStudent,
    requireSelf,
    async (c) => {
      const [, [row]] = await callerAnd(c, studentQuery(c.var.db, c.var.ticket.userId));
      if (!row) throw notFound();
      return ok(c, presentFile(row));
    },
  );

  app.on(
    ["PUT", "PATCH"],
    "/auth/user/info/:user_id{[0-9]+}/personal_file",
    doc("Update the personal file (fields sent are changed; gender MALE or FEMALE; gpa to two decimals)", fileDoc, {
      who: own,
      errors: ["400 the first invalid field"],
      description: "An ID number another student also gave is accepted; staff see the students sharing it in the student's file.",
    }),
    requireLogin,
    requireStudent,
    requireSelf,
    params(fileParams, "POST"),
    async (c) => {
      const p = c.var.params;
      const [me] = await callerAnd(c);
      const changes = defined({
        firstName: p.first_name,
        lastName: p.last_name,
        gender: p.gender,
        idNumber: p.id_number,
        major: p.major,
        graduateYear: p.graduate_year,
        gpa: p.gpa,
      });
      const [row] = await updateStudent(c.var.db, me.id, changes, Date.now()).returning();
      if (!row) throw notFound();
      return ok(c, presentFile(row));
    },
  );

  app.post(
    "/auth/user/score_detail",
    doc("Create (or replace) the caller's transcript mailing details", scoreDetailDoc, {
      who: "a student",
      errors: ["400 the first missing or too long field"],
    }),
    requireLogin,
    requireStudent,
    params(scoreDetailParams, "POST"),
    async (c) => {
      const p = c.var.params;
      const [me] = await callerAnd(c);
      const fields = { department: p.department, phone: p.phone, country: p.country, postCode: p.post_code, address: p.address };
      const [row] = await saveScoreDetail(c.var.db, me.id, fields, Date.now());
      return ok(c, presentScoreDetail(row));
    },
  );

  app.get(
    "/auth/user/score_detail/:user_id{[0-9]+}",
    doc("The student's transcript mailing details", scoreDetailDoc, {
      who: "the student whose id is in the path",
      errors: ["404 not created yet"],
    }),
    requireLogin,
    params(v.object({}), "GET"),
    requireStudent,
    requireSelf,
    async (c) => {
      const [, [row]] = await callerAnd(c, scoreDetailQuery(c.var.db, c.var.ticket.userId));
      if (!row) throw notFound();
      return ok(c, presentScoreDetail(row));
    },
  );

  app.get(
    "/auth/user/:user_id{[0-9]+}/coupon_list",
    doc("The student's coupons that can be used now (a plain array); `id` is what coupon_list takes", v.array(usableCouponDoc), {
      who: "the student whose id is in the path",
    }),
    requireLogin,
    params(v.object({}), "GET"),
    requireStudent,
    requireSelf,
    async (c) => {
      const [, rows] = await callerAnd(c, usableCouponsQuery(c.var.db, c.var.ticket.userId, Date.now()));
      return ok(c, rows.map(presentUsableCoupon));
    },
  );

  const salesMan = "/auth/user/:user_id{[0-9]+}/sales_man";

  app.get(
    salesMan,
    doc("The student's sales advisor, assigned on first ask (the one with the fewest students)", v.nullable(salesManDoc), {
      who: "the student whose id is in the path",
      description: "`data` is null only while no advisor exists at all.",
    }),
    requireLogin,
    params(v.object({}), "GET"),
    requireStudent,
    requireSelf,
    async (c) => {
      const db = c.var.db;
      const [me, [linked]] = await callerAnd(c, studentAdvisorQuery(db, c.var.ticket.userId));
      if (linked) return ok(c, presentSalesMan(linked.salesMan, c.req.url));
      const [, [assigned]] = await db.batch([assignAdvisor(db, me.id), studentAdvisorQuery(db, me.id)]);
      return ok(c, assigned ? presentSalesMan(assigned.salesMan, c.req.url) : null);
    },
  );

  app.post(
    salesMan,
    doc("The student has sent the advisor a friend request: binds the advisor (or confirms the one assigned)", emptyDoc, {
      who: "the student whose id is in the path",
      errors: [`400 ${LINKED} (another advisor is linked)`, "400 销售人员不存在"],
    }),
    requireLogin,
    requireStudent,
    requireSelf,
    params(v.object({ sales_man: id }), "POST"),
    async (c) => {
      const db = c.var.db;
      const salesManId = c.var.params.sales_man;
      const [me, [advisor]] = await callerAnd(c, salesManIdQuery(db, salesManId));
      if (!advisor) throw bad("sales_man", "销售人员不存在");
      const now = Date.now();
      const [[linked]] = await db.batch([linkAdvisor(db, me.id, salesManId, now), markAdvisorAdded(db, me.id, salesManId, now)]);
      if (!linked) throw bad("non_field_errors", LINKED);
      return done(c);
    },
  );
}
