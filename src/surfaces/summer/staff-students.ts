import { and, asc, count, desc, eq, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import * as v from "valibot";
import {
  summerChannels,
  summerCoupons,
  summerCourses,
  summerProjects,
  summerRemarks,
  summerScoreDetails,
  summerStudents,
  summerUserCoupons,
  summerUserCourses,
  summerUsers,
} from "../../db/schema/summer";
import type { Db } from "../../env";
import { params } from "../../platform/params";
import { doc, pageOf as pageDoc } from "./docs";
import { kv, kvDoc } from "./enums";
import { ok } from "./envelope";
import { fileUrl } from "./files";
import { optText, str } from "./inputs";
import { paged, pageOf, pageParam } from "./page";
import { isoZ, isoZOrNull } from "./present";
import { requireArea } from "./roles";
import { requireLogin } from "./session";
import type { SummerApp } from "./surface";
import { audit, defined, newestId, notFound } from "./writes";

/** Students for staff (学生信息): list, detail, remarks, approvals, scores, transcript mailing details. */
const n = v.number();
const s = v.string();
const ns = v.nullable(s);
const channelDoc = v.nullable(v.object({ id: n, name: s, create_time: s }));
const listItemDoc = v.object({
  user_id: n,
  name: ns,
  email: ns,
  cschool: ns,
  last_login: ns,
  wechat: ns,
  personal_file: v.pipe(s, v.description("已建档 once first_name, last_name, gender and id_number are filled, else 未建档")),
  channel: channelDoc,
});
const remarkDoc = v.object({ id: n, remark: s, create_time: s });
const detailDoc = v.object({
  user_id: n,
  name: ns,
  email: ns,
  first_name: ns,
  last_name: ns,
  gender: v.nullable(kvDoc),
  id_number: ns,
  wechat: ns,
  cschool: ns,
  major: ns,
  graduate_year: ns,
  gpa: v.nullable(n),
  user_info_remark: v.array(remarkDoc),
  user_coupon: v.array(v.object({ user: n, id: n, info: s, start_time: s, end_time: s, coupon_code: s })),
  channel: channelDoc,
});
const approvalDoc = v.object({
  syllabus: ns,
  confirm_photo: ns,
  status: kvDoc,
  user: n,
  project: v.object({ id: n, name: s }),
  course: v.object({ id: n, name: s, course_code: s }),
});
const scoreDoc = v.object({
  project_name: s,
  course_code: s,
  start_time: s,
  end_time: s,
  score: v.nullable(n),
  score_grade: ns,
  user: n,
  order: n,
  course: n,
});
const scoreInfoDoc = v.object({ user: n, department: s, phone: s, country: s, post_code: s, address: s });

type StudentRow = typeof summerStudents.$inferSelect;
type ChannelRow = typeof summerChannels.$inferSelect;

const hasFile = (st: StudentRow) => Boolean(st.firstName && st.lastName && st.gender && st.idNumber);
const presentChannel = (ch: ChannelRow | null) => (ch ? { id: ch.id, name: ch.name, create_time: isoZ(ch.createdAt) } : null);

const contains = (column: SQLWrapper, text: string) => sql`instr(lower(coalesce(${column}, '')), lower(${text})) > 0`;

const userPath = "/admin/user_info/:user_id{[0-9]+}";
const userIdOf = (raw: string | undefined) => Number(raw);

/** A student's rows of chosen courses with their project and course. */
const choicesOf = (db: Db, userId: number) =>
  db
    .select({ uc: summerUserCourses, course: summerCourses, project: { id: summerProjects.id, name: summerProjects.name } })
    .from(summerUserCourses)
    .innerJoin(summerCourses, eq(summerCourses.id, summerUserCourses.courseId))
    .innerJoin(summerProjects, eq(summerProjects.id, summerUserCourses.projectId))
    .where(eq(summerUserCourses.userId, userId))
    .orderBy(asc(summerUserCourses.id));

const scoreFields = {
  department: str(30),
  phone: str(30),
  country: str(30),
  post_code: str(30),
  address: str(60),
};

export function staffStudentRoutes(app: SummerApp) {
  app.get(
    "/admin/user_info",
    doc("Students, newest first, 10 a page; name, email and wechat filter by substring", pageDoc(listItemDoc), {
      who: "staff: students (ADMIN, MARKET)",
    }),
    requireLogin,
    requireArea("students"),
    params(v.object({ page: pageParam, name: optText(60), email: optText(100), wechat: optText(60) }), "GET"),
    async (c) => {
      const db = c.var.db;
      const f = c.var.params;
      const conds: SQL[] = [];
      if (f.name) conds.push(contains(summerStudents.name, f.name));
      if (f.email) conds.push(contains(summerStudents.email, f.email));
      if (f.wechat) conds.push(contains(summerStudents.wechat, f.wechat));
      const where = conds.length ? and(...conds) : undefined;
      const { page, limit, offset } = pageOf(c);
      const [rows, [{ total }]] = await db.batch([
        db
          .select({ st: summerStudents, lastLogin: summerUsers.lastLoginAt, channel: summerChannels })
          .from(summerStudents)
          .innerJoin(summerUsers, eq(summerUsers.id, summerStudents.userId))
          .leftJoin(summerChannels, eq(summerChannels.id, summerStudents.channelId))
          .where(where)
          .orderBy(desc(summerStudents.userId))
          .limit(limit)
          .offset(offset),
        db.select({ total: count() }).from(summerStudents).where(where),
      ]);
      return ok(
        c,
        paged(
          c,
          page,
          total,
          rows.map(({ st, lastLogin, channel }) => ({
            user_id: st.userId,
            name: st.name,
            email: st.email,
            cschool: st.cschool,
            last_login: isoZOrNull(lastLogin),
            wechat: st.wechat,
            personal_file: hasFile(st) ? "已建档" : "未建档",
            channel: presentChannel(channel),
          })),
        ),
      );
    },
  );

  app.get(
    userPath,
    doc("A student's file with the staff's remarks, coupons and channel", detailDoc, {
      who: "staff: students (ADMIN, MARKET)",
      errors: ["404 no such student"],
    }),
    requireLogin,
    requireArea("students"),
    params(v.object({}), "GET"),
    async (c) => {
      const db = c.var.db;
      const userId = userIdOf(c.req.param("user_id"));
      const [[row], remarks, coupons] = await db.batch([
        db
          .select({ st: summerStudents, channel: summerChannels })
          .from(summerStudents)
          .leftJoin(summerChannels, eq(summerChannels.id, summerStudents.channelId))
          .where(eq(summerStudents.userId, userId)),
        db.select().from(summerRemarks).where(eq(summerRemarks.userId, userId)).orderBy(asc(summerRemarks.id)),
        db
          .select({ coupon: summerCoupons })
          .from(summerUserCoupons)
          .innerJoin(summerCoupons, eq(summerCoupons.id, summerUserCoupons.couponId))
          .where(eq(summerUserCoupons.userId, userId))
          .orderBy(asc(summerCoupons.id)),
      ]);
      if (!row) throw notFound();
      const st = row.st;
      return ok(c, {
        user_id: st.userId,
        name: st.name,
        email: st.email,
        first_name: st.firstName,
        last_name: st.lastName,
        gender: kv("user_info_gender", st.gender),
        id_number: st.idNumber,
        wechat: st.wechat,
        cschool: st.cschool,
        major: st.major,
        graduate_year: st.graduateYear,
        gpa: st.gpa,
        user_info_remark: remarks.map((r) => ({ id: r.id, remark: r.remark, create_time: isoZ(r.createdAt) })),
        user_coupon: coupons.map(({ coupon }) => ({
          user: userId,
          id: coupon.id,
          info: coupon.info,
          start_time: isoZ(coupon.startTime),
          end_time: isoZ(coupon.endTime),
          coupon_code: coupon.couponCode,
        })),
        channel: presentChannel(row.channel),
      });
    },
  );

  app.post(
    `${userPath}/add_remark`,
    doc("Add a staff remark to a student", remarkDoc, {
      who: "staff: students (ADMIN, MARKET)",
      errors: ["404 no such student", "400 remark missing or longer than 255"],
    }),
    requireLogin,
    requireArea("students"),
    params(v.object({ remark: str(255) }), "POST"),
    async (c) => {
      const db = c.var.db;
      const userId = userIdOf(c.req.param("user_id"));
      const [found] = await db.select({ id: summerStudents.userId }).from(summerStudents).where(eq(summerStudents.userId, userId));
      if (!found) throw notFound();
      const now = Date.now();
      const [[row]] = await db.batch([
        db.insert(summerRemarks).values({ userId, staffId: c.var.user.id, remark: c.var.params.remark, createdAt: now }).returning(),
        audit(db, c.var.user.id, "create", "remark", newestId(summerRemarks), null, { user: userId, remark: c.var.params.remark }),
      ]);
      return ok(c, { id: row.id, remark: row.remark, create_time: isoZ(row.createdAt) });
    },
  );

  app.get(
    `${userPath}/confirm_course`,
    doc("A student's course approvals (审课记录): each chosen course with its photo and status", v.array(approvalDoc), {
      who: "staff: courses (ADMIN, PRODUCT)",
    }),
    requireLogin,
    requireArea("courses"),
    params(v.object({}), "GET"),
    async (c) => {
      const rows = await choicesOf(c.var.db, userIdOf(c.req.param("user_id")));
      return ok(
        c,
        rows.map(({ uc, course, project }) => ({
          syllabus: fileUrl(c.req.url, course.syllabusFileId),
          confirm_photo: fileUrl(c.req.url, uc.confirmPhotoFileId),
          status: kv("user_course_status", uc.status),
          user: uc.userId,
          project,
          course: { id: course.id, name: course.name, course_code: course.courseCode },
        })),
      );
    },
  );

  app.get(
    `${userPath}/scores`,
    doc("A student's scores, one per chosen course", v.array(scoreDoc), { who: "staff: scores (ADMIN, PRODUCT)" }),
    requireLogin,
    requireArea("scores"),
    params(v.object({}), "GET"),
    async (c) => {
      const rows = await choicesOf(c.var.db, userIdOf(c.req.param("user_id")));
      return ok(
        c,
        rows.map(({ uc, course, project }) => ({
          project_name: project.name,
          course_code: course.courseCode,
          start_time: isoZ(course.startTime),
          end_time: isoZ(course.endTime),
          score: uc.score,
          score_grade: uc.scoreGrade,
          user: uc.userId,
          order: uc.orderId,
          course: course.id,
        })),
      );
    },
  );

  const scoreInfo = "/admin/student/score_info/:user_id{[0-9]+}";
  type DetailRow = typeof summerScoreDetails.$inferSelect;
  const presentInfo = (r: DetailRow) => ({
    user: r.userId,
    department: r.department,
    phone: r.phone,
    country: r.country,
    post_code: r.postCode,
    address: r.address,
  });
  /** The student's mailing details, created empty when missing (only for a student who exists). */
  const ensureInfo = async (db: Db, userId: number) => {
    const now = Date.now();
    const [, [row]] = await db.batch([
      db
        .insert(summerScoreDetails)
        .select(
          db
            .select({
              id: sql`NULL`.as("id"),
              userId: summerStudents.userId,
              department: sql`''`.as("department"),
              phone: sql`''`.as("phone"),
              country: sql`''`.as("country"),
              postCode: sql`''`.as("post_code"),
              address: sql`''`.as("address"),
              createdAt: sql`${now}`.as("created_at"),
              updatedAt: sql`${now}`.as("updated_at"),
            })
            .from(summerStudents)
            .where(eq(summerStudents.userId, userId)),
        )
        .onConflictDoNothing(),
      db.select().from(summerScoreDetails).where(eq(summerScoreDetails.userId, userId)),
    ]);
    if (!row) throw notFound();
    return row;
  };

  app.get(
    scoreInfo,
    doc("A student's transcript mailing details (成绩单寄送地址), created empty when missing", scoreInfoDoc, {
      who: "staff: scores (ADMIN, PRODUCT)",
      errors: ["404 no such student"],
    }),
    requireLogin,
    requireArea("scores"),
    params(v.object({}), "GET"),
    async (c) => ok(c, presentInfo(await ensureInfo(c.var.db, userIdOf(c.req.param("user_id"))))),
  );

  app.on(
    ["PUT", "PATCH"],
    scoreInfo,
    doc("Update a student's transcript mailing details (fields sent are changed); created when missing", scoreInfoDoc, {
      who: "staff: scores (ADMIN, PRODUCT)",
      errors: ["404 no such student", "400 a field too long or empty"],
    }),
    requireLogin,
    requireArea("scores"),
    params(
      v.object({
        department: v.optional(scoreFields.department),
        phone: v.optional(scoreFields.phone),
        country: v.optional(scoreFields.country),
        post_code: v.optional(scoreFields.post_code),
        address: v.optional(scoreFields.address),
      }),
      "POST",
    ),
    async (c) => {
      const db = c.var.db;
      const userId = userIdOf(c.req.param("user_id"));
      const before = await ensureInfo(db, userId);
      const p = c.var.params;
      const changes = {
        ...(p.department !== undefined ? { department: p.department } : {}),
        ...(p.phone !== undefined ? { phone: p.phone } : {}),
        ...(p.country !== undefined ? { country: p.country } : {}),
        ...(p.post_code !== undefined ? { postCode: p.post_code } : {}),
        ...(p.address !== undefined ? { address: p.address } : {}),
        updatedAt: Date.now(),
      };
      const [[row]] = await db.batch([
        db.update(summerScoreDetails).set(changes).where(eq(summerScoreDetails.userId, userId)).returning(),
        audit(db, c.var.user.id, "update", "score_info", userId, presentInfo(before), { ...presentInfo(before), ...defined(p) }),
      ]);
      return ok(c, presentInfo(row));
    },
  );
}
