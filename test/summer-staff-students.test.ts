import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { summerChannels, summerStudents, summerUserCourses } from "../src/db/schema";
import {
  type Catalogue,
  coupon,
  db,
  get,
  PNG_DATA_URI,
  paidOrder,
  patch,
  post,
  put,
  type Staff,
  staffTeam,
  student,
} from "./summer-helpers";

let admin: Staff;
let market: Staff;
let product: Staff;
let finance: Staff;
let cat: Catalogue;

beforeAll(async () => {
  ({ admin, market, product, finance, cat } = await staffTeam("students", "SS"));
});

const FORBIDDEN = { code: 403, msg: "您没有执行该操作的权限。", data: {}, field_name: "" };

describe("students for staff", () => {
  it("lists with substring filters, shows the file with remarks, coupons and channel", async () => {
    const s = await student("ss-list-1");
    const t = await student("ss-list-2");
    const now = Date.now();
    const [channel] = await db
      .insert(summerChannels)
      .values({
        name: "学生渠道",
        planDate: "2027-01-01",
        salesManId: 1,
        planStudentNumber: 1,
        planFileStudentNumber: 1,
        planPayedStudentNumber: 1,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await db
      .update(summerStudents)
      .set({
        name: "邱雷",
        email: "Qiu@Example.test",
        wechat: "qiu-wx",
        cschool: "青蛙大学",
        firstName: "Lei",
        lastName: "Qiu",
        gender: "MALE",
        idNumber: "5113",
        channelId: channel.id,
      })
      .where(eq(summerStudents.userId, s.id));
    await db
      .update(summerStudents)
      .set({ name: "杨骐", email: "yang@example.test", wechat: "yang-wx" })
      .where(eq(summerStudents.userId, t.id));
    const c = await coupon("STUDENTC01", 50, [s.id]);

    const list = async (q: string, who = market.ticket) => (await get(`/admin/user_info/?${q}`, who)).body;
    const byName = (await list(`name=${encodeURIComponent("邱")}`)).data;
    expect(byName.count).toBe(1);
    expect(byName.results[0]).toMatchObject({
      user_id: s.id,
      name: "邱雷",
      email: "Qiu@Example.test",
      cschool: "青蛙大学",
      wechat: "qiu-wx",
      personal_file: "已建档",
      channel: { id: channel.id, name: "学生渠道" },
    });
    expect(byName.results[0].last_login).toMatch(/Z$/);
    expect((await list("email=qiu@example")).data.count).toBe(1);
    expect((await list("wechat=yang")).data.results[0]).toMatchObject({ user_id: t.id, personal_file: "未建档", channel: null });
    expect((await list("wechat=%25")).data.count).toBe(0);
    expect(await list("", finance.ticket)).toEqual(FORBIDDEN);
    expect(await list("", product.ticket)).toEqual(FORBIDDEN);
    expect(await list("", s.ticket)).toEqual(FORBIDDEN);

    const remark = await post(`/admin/user_info/${s.id}/add_remark/`, market.ticket, { remark: "已电话联系" });
    expect(remark.body.data).toMatchObject({ remark: "已电话联系" });
    expect((await post(`/admin/user_info/${s.id}/add_remark/`, market.ticket, { remark: "x".repeat(256) })).body).toMatchObject({
      code: 400,
      field_name: "remark",
    });
    expect((await post(`/admin/user_info/${s.id}/add_remark/`, finance.ticket, { remark: "no" })).body).toEqual(FORBIDDEN);
    expect((await post("/admin/user_info/99999/add_remark/", market.ticket, { remark: "no" })).body.code).toBe(404);

    const detail = (await get(`/admin/user_info/${s.id}/`, admin.ticket)).body.data;
    expect(detail).toMatchObject({
      user_id: s.id,
      first_name: "Lei",
      last_name: "Qiu",
      gender: { key: "MALE", verbose: "男" },
      id_number: "5113",
      user_info_remark: [{ id: remark.body.data.id, remark: "已电话联系" }],
      user_coupon: [{ user: s.id, id: c.id, coupon_code: "STUDENTC01", info: "优惠50" }],
      channel: { id: channel.id },
    });
    expect((await get("/admin/user_info/99999/", admin.ticket)).body.code).toBe(404);
    const audit = (await get(`/admin/audit/?entity=remark&entity_id=${remark.body.data.id}`, admin.ticket)).body.data.results;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ staff: market.id, after: { user: s.id, remark: "已电话联系" } });
  });

  it("approval records and scores of a student's chosen courses", async () => {
    const s = await student("ss-scores");
    const order = await paidOrder(s, cat.project, 1);
    await post("/course/create_user_courses/", s.ticket, { order, course: cat.courses[0] });
    await put(`/course/${cat.courses[0]}/upload_confirm_photo/`, s.ticket, { confirm_photo: PNG_DATA_URI });
    await db.update(summerUserCourses).set({ score: 88, scoreGrade: "A" }).where(eq(summerUserCourses.userId, s.id));
    const approvals = (await get(`/admin/user_info/${s.id}/confirm_course/`, product.ticket)).body.data;
    expect(approvals).toHaveLength(1);
    expect(approvals[0]).toMatchObject({
      syllabus: null,
      status: { key: "TO_CONFIRM", verbose: "待审核" },
      user: s.id,
      project: { id: cat.project, name: "项目SS" },
      course: { id: cat.courses[0], name: "课程SS-0", course_code: "CSS0" },
    });
    expect(approvals[0].confirm_photo).toMatch(/\/summer\/files\//);
    expect((await get(`/admin/user_info/${s.id}/scores/`, product.ticket)).body.data).toEqual([
      {
        project_name: "项目SS",
        course_code: "CSS0",
        start_time: "2027-07-02T08:00:00Z",
        end_time: "2027-07-02T12:00:00Z",
        score: 88,
        score_grade: "A",
        user: s.id,
        order,
        course: cat.courses[0],
      },
    ]);
    expect((await get(`/admin/user_info/${s.id}/scores/`, market.ticket)).body).toEqual(FORBIDDEN);
  });

  it("score_info is created empty when missing and updated field by field", async () => {
    const s = await student("ss-score-info");
    const path = `/admin/student/score_info/${s.id}/`;
    expect((await get(path, product.ticket)).body.data).toEqual({
      user: s.id,
      department: "",
      phone: "",
      country: "",
      post_code: "",
      address: "",
    });
    expect((await put(path, product.ticket, { department: "英语部", phone: "010-2014567" })).body.data).toMatchObject({
      department: "英语部",
      phone: "010-2014567",
      country: "",
    });
    expect((await patch(path, admin.ticket, { address: "北京" })).body.data).toMatchObject({ department: "英语部", address: "北京" });
    expect((await patch(path, product.ticket, { address: "x".repeat(61) })).body).toMatchObject({ code: 400, field_name: "address" });
    expect((await patch(path, finance.ticket, { address: "no" })).body).toEqual(FORBIDDEN);
    expect((await get(`/auth/user/score_detail/${s.id}/`, s.ticket)).body.data.address).toBe("北京");
    expect((await get("/admin/student/score_info/99999/", product.ticket)).body.code).toBe(404);
    const audit = (await get(`/admin/audit/?entity=score_info&entity_id=${s.id}`, admin.ticket)).body.data;
    expect(audit.count).toBe(2);
    expect(audit.results[0]).toMatchObject({ staff: admin.id, before: { address: "" }, after: { address: "北京" } });
  });
});
