import * as v from "valibot";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireArea, requireLogin } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import { choicesOfStudentQuery, presentApproval, presentScore } from "../../chosen-courses";
import { doc, pageOf as pageDoc } from "../../docs";
import { kvDoc } from "../../enums";
import { ok } from "../../envelope";
import { optText } from "../../inputs";
import { paged, pageOf, pageParam } from "../../page";
import {
  addRemark,
  presentListedStudent,
  presentStudentFile,
  remarksQuery,
  sameIdNumberQuery,
  studentCouponsQuery,
  studentFileQuery,
  studentsCountQuery,
  studentsPageQuery,
  studentsWhere,
} from "../../student-files";
import type { SummerApp } from "../../surface";
import { notFound } from "../../writes";

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
const fileDoc = v.object({
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
  same_id_number: v.pipe(
    v.array(v.object({ user_id: n, name: ns })),
    v.description("Other students who gave the same id_number (not refused at the student's write: staff judge)"),
  ),
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

/** /admin/user_info/...: students for staff (学生信息): list, file, remarks, course approvals, scores. */
export function adminUserInfoRoutes(app: SummerApp) {
  app.get(
    "/admin/user_info",
    doc("Students, newest first, 10 a page; name, email and wechat filter by substring", pageDoc(listItemDoc), {
      who: "staff: students (ADMIN, MARKET)",
    }),
    requireLogin,
    requireArea("students"),
    callerBeforeParams,
    params(v.object({ page: pageParam, name: optText(60), email: optText(100), wechat: optText(60) }), "GET"),
    async (c) => {
      const db = c.var.db;
      const where = studentsWhere(c.var.params);
      const { page, limit, offset } = pageOf(c);
      const [, rows, [{ total }]] = await callerAnd(c, studentsPageQuery(db, where, limit, offset), studentsCountQuery(db, where));
      return ok(c, paged(c, page, total, rows.map(presentListedStudent)));
    },
  );

  app.get(
    "/admin/user_info/:user_id{[0-9]+}",
    doc("A student's file with the staff's remarks, coupons and channel", fileDoc, {
      who: "staff: students (ADMIN, MARKET)",
      errors: ["404 no such student"],
    }),
    requireLogin,
    requireArea("students"),
    callerBeforeParams,
    params(v.object({}), "GET"),
    async (c) => {
      const db = c.var.db;
      const userId = Number(c.req.param("user_id"));
      const [, [file], remarks, coupons, sameIdNumber] = await callerAnd(
        c,
        studentFileQuery(db, userId),
        remarksQuery(db, userId),
        studentCouponsQuery(db, userId),
        sameIdNumberQuery(db, userId),
      );
      if (!file) throw notFound();
      return ok(c, presentStudentFile(file, remarks, coupons, sameIdNumber));
    },
  );

  app.post(
    "/admin/user_info/:user_id{[0-9]+}/add_remark",
    doc("Add a staff remark to a student", remarkDoc, {
      who: "staff: students (ADMIN, MARKET)",
      errors: ["404 no such student", "400 remark missing or longer than 255"],
    }),
    requireLogin,
    requireArea(addRemark.area),
    callerBeforeParams,
    params(addRemark.params, "POST"),
    async (c) => ok(c, await addRemark.run(c, c.var.params, Number(c.req.param("user_id")))),
  );

  app.get(
    "/admin/user_info/:user_id{[0-9]+}/confirm_course",
    doc("A student's course approvals (审课记录): each chosen course with its photo and status", v.array(approvalDoc), {
      who: "staff: courses (ADMIN, PRODUCT)",
    }),
    requireLogin,
    requireArea("courses"),
    callerBeforeParams,
    params(v.object({}), "GET"),
    async (c) => {
      const [, rows] = await callerAnd(c, choicesOfStudentQuery(c.var.db, Number(c.req.param("user_id"))));
      return ok(
        c,
        rows.map((r) => presentApproval(r, c.req.url)),
      );
    },
  );

  app.get(
    "/admin/user_info/:user_id{[0-9]+}/scores",
    doc("A student's scores, one per chosen course", v.array(scoreDoc), { who: "staff: scores (ADMIN, PRODUCT)" }),
    requireLogin,
    requireArea("scores"),
    callerBeforeParams,
    params(v.object({}), "GET"),
    async (c) => {
      const [, rows] = await callerAnd(c, choicesOfStudentQuery(c.var.db, Number(c.req.param("user_id"))));
      return ok(c, rows.map(presentScore));
    },
  );
}
