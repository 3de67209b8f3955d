import { SELF } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { summerProjectResults, summerUserCourses } from "../src/db/schema";
import {
  type Catalogue,
  catalogue,
  db,
  get,
  PNG_DATA_URI,
  paidOrder,
  patch,
  post,
  put,
  receivingAccounts,
  type Staff,
  staff,
  student,
} from "./summer-helpers";

let admin: Staff;
let finance: Staff;
let cat: Catalogue;

beforeAll(async () => {
  admin = await staff("ADMIN");
  finance = await staff("FINANCE");
  cat = await catalogue(admin.ticket, "S");
  await receivingAccounts();
});

describe("choosing courses", () => {
  it("within the caller's live order: no duplicates, at most course_num, the project's courses only", async () => {
    const s = await student("o-choose-1");
    const orderId = await paidOrder(s, cat.project, 2);
    const info = await get(`/course/current_courses_info/?project=${cat.project}`, s.ticket);
    expect(info.body.data).toMatchObject({ course_num: 2, current_course_num: 0 });
    expect(info.body.data.course_info).toHaveLength(4);
    const choose = (course: number) => post("/course/create_user_courses/", s.ticket, { order: orderId, course });
    expect((await choose(cat.courses[0])).body).toEqual({ code: 0, msg: "操作成功", data: {}, field_name: "" });
    expect((await choose(cat.courses[0])).body).toMatchObject({ code: 400, msg: "已选该课程，不能重复选择", field_name: "course" });
    const other = await catalogue(admin.ticket, "S2");
    expect((await choose(other.courses[0])).body).toMatchObject({ code: 400, msg: "该课程不属于订单的项目" });
    expect((await choose(99999)).body).toMatchObject({ code: 400, field_name: "course" });
    expect((await choose(cat.courses[1])).body.code).toBe(0);
    expect((await choose(cat.courses[2])).body).toMatchObject({ code: 400, msg: "订单已达到最大选课数，不能再继续选课" });
    expect((await get(`/course/current_courses_info/?project=${cat.project}`, s.ticket)).body.data.current_course_num).toBe(2);
    expect((await get(`/course/${cat.courses[0]}/`, s.ticket)).body.data.current_course_num).toBeGreaterThanOrEqual(1);

    const timetable = (await get("/course/my_courses/", s.ticket)).body.data;
    expect(timetable).toEqual([expect.objectContaining({ id: cat.project, name: "项目S", course_num: 2, current_course_num: 2 })]);
    expect(timetable[0].my_courses.map((c: any) => c.id)).toEqual([cat.courses[0], cat.courses[1]]);
    const scores = (await get("/course/my_scores/", s.ticket)).body.data;
    expect(scores.map((x: any) => x.course.id)).toEqual([cat.courses[0], cat.courses[1]]);
    expect(scores[0]).toMatchObject({ score: null, score_grade: null, reporting_time: null });
    // The order is open until its courses are chosen: now it is not.
    await patch(`/order/${orderId}/`, finance.ticket, { status: "CONFIRMED" });
    expect((await get("/order/check_order/", s.ticket)).body.code).toBe(100);
    const detail = (await get(`/order/${orderId}/`, s.ticket)).body.data;
    expect(detail.user_course.map((c: any) => c.id)).toEqual([cat.courses[0], cat.courses[1]]);
  });

  it("only in the caller's own live order", async () => {
    const a = await student("o-choose-a");
    const b = await student("o-choose-b");
    const orderId = (await post("/order/", a.ticket, { project: cat.project, currency: "RMB", payment: "ALI_PAY", course_num: 1 })).body
      .data.id;
    expect((await post("/course/create_user_courses/", b.ticket, { order: orderId, course: cat.courses[3] })).body).toMatchObject({
      code: 400,
      msg: "订单不存在",
      field_name: "order",
    });
    expect((await get(`/course/current_courses_info/?project=${cat.project}`, b.ticket)).body).toMatchObject({
      code: 400,
      msg: "订单不存在",
    });
    expect((await get("/course/current_courses_info/?project=99999", b.ticket)).body).toMatchObject({ code: 400, field_name: "project" });
    expect((await get("/course/current_courses_info/", b.ticket)).body).toMatchObject({ code: 400, field_name: "project" });
    // Choosing in a TO_PAY order is allowed; cancelling the order frees the seat.
    expect((await post("/course/create_user_courses/", a.ticket, { order: orderId, course: cat.courses[3] })).body.code).toBe(0);
    const taken = (await get(`/course/${cat.courses[3]}/`, a.ticket)).body.data.current_course_num;
    await patch(`/order/${orderId}/`, a.ticket, { status: "CANCELED" });
    expect((await get(`/course/${cat.courses[3]}/`, a.ticket)).body.data.current_course_num).toBe(taken - 1);
    expect((await post("/course/create_user_courses/", a.ticket, { order: orderId, course: cat.courses[3] })).body.msg).toBe(
      "订单已取消或支付认证失败，不能选课",
    );
    expect((await post("/course/create_user_courses/", admin.ticket, { order: orderId, course: cat.courses[3] })).body.code).toBe(403);
  });

  it("thirty students racing for a course's last two seats get exactly two", async () => {
    const race = await catalogue(admin.ticket, "R", { courseSeats: [3] });
    const early = await student("o-race-early");
    const earlyOrder = await paidOrder(early, race.project, 1);
    expect((await post("/course/create_user_courses/", early.ticket, { order: earlyOrder, course: race.courses[0] })).body.code).toBe(0);
    const racers = [];
    for (let i = 0; i < 30; i++) {
      const s = await student(`o-racer-${i}`);
      racers.push({
        s,
        order: (await post("/order/", s.ticket, { project: race.project, currency: "RMB", payment: "ALI_PAY", course_num: 1 })).body.data
          .id,
      });
    }
    const results = await Promise.all(
      racers.map(({ s, order }) => post("/course/create_user_courses/", s.ticket, { order, course: race.courses[0] })),
    );
    expect(results.filter((r) => r.body.code === 0)).toHaveLength(2);
    expect(results.filter((r) => r.body.code !== 0).map((r) => r.body.msg)).toEqual(Array(28).fill("该课程已满员"));
    expect(await db.select().from(summerUserCourses).where(eq(summerUserCourses.courseId, race.courses[0]))).toHaveLength(3);
    expect((await get(`/course/${race.courses[0]}/`, early.ticket)).body.data.current_course_num).toBe(3);
    expect((await get(`/course/?project=${race.project}`, early.ticket)).body.data.results[0].current_course_num).toBe(3);
    expect((await get(`/course/project/${race.project}/my_course/`, early.ticket)).body.data[0].current_course_num).toBe(3);
  });
});

describe("course approval photos", () => {
  it("TO_UPLOAD -> TO_CONFIRM by the student's photo; a NOPASS may upload again", async () => {
    const s = await student("o-approve-1");
    const orderId = await paidOrder(s, cat.project, 1);
    const course = cat.courses[2];
    const path = `/course/${course}/upload_confirm_photo/`;
    expect((await put(path, s.ticket, { confirm_photo: PNG_DATA_URI })).body).toMatchObject({ code: 400, msg: "您没有选择该课程" });
    await post("/course/create_user_courses/", s.ticket, { order: orderId, course });
    expect((await put(path, s.ticket, { confirm_photo: PNG_DATA_URI })).body).toEqual({
      code: 0,
      msg: "操作成功",
      data: {},
      field_name: "",
    });
    const mine = (await get("/order/user_order_course/", s.ticket)).body.data[0].user_course[0].confirm_course;
    expect(mine.status).toEqual({ key: "TO_CONFIRM", verbose: "待审核" });
    const photo = await SELF.fetch(`${mine.confirm_photo}?ticket=${s.ticket}`);
    expect(photo.headers.get("content-type")).toBe("image/png");
    expect((await put(path, s.ticket, { confirm_photo: PNG_DATA_URI })).body.msg).toBe("审课图片已上传，请等待审核");
    await db.update(summerUserCourses).set({ status: "NOPASS" }).where(eq(summerUserCourses.userId, s.id));
    expect((await put(path, s.ticket, { confirm_photo: PNG_DATA_URI })).body.code).toBe(0);
    const again = (await get("/order/user_order_course/", s.ticket)).body.data[0].user_course[0].confirm_course;
    expect(again.confirm_photo).not.toBe(mine.confirm_photo);
    expect(((await (await SELF.fetch(`${mine.confirm_photo}?ticket=${s.ticket}`)).json()) as any).code).toBe(404);
    await db.update(summerUserCourses).set({ status: "PASS" }).where(eq(summerUserCourses.userId, s.id));
    expect((await put(path, s.ticket, { confirm_photo: PNG_DATA_URI })).body.msg).toBe("审课已通过，不能再上传");
    expect((await put("/course/99999/upload_confirm_photo/", s.ticket, { confirm_photo: PNG_DATA_URI })).body.code).toBe(404);
    expect((await put(path, admin.ticket, { confirm_photo: PNG_DATA_URI })).body.code).toBe(403);
  });
});

describe("the student's projects", () => {
  it("my_project, my_course, project my_scores, project_result and upload_img", async () => {
    const s = await student("o-projects-1");
    const orderId = await paidOrder(s, cat.project, 1);
    await post("/course/create_user_courses/", s.ticket, { order: orderId, course: cat.courses[1] });
    const mine = (await get("/course/project/my_project/", s.ticket)).body.data;
    expect(mine).toEqual([
      expect.objectContaining({
        id: cat.project,
        current_course_num: 1,
        order_status: { key: "TO_CONFIRM", verbose: "待确认" },
        order_remark: null,
      }),
    ]);
    expect(mine[0].my_courses.map((c: any) => c.id)).toEqual([cat.courses[1]]);
    expect((await get(`/course/project/${cat.project}/my_course/`, s.ticket)).body.data).toHaveLength(4);
    expect((await get("/course/project/99999/my_course/", s.ticket)).body.code).toBe(404);

    await db
      .update(summerUserCourses)
      .set({ score: 91, scoreGrade: "A", reportingTime: Date.UTC(2027, 7, 1) })
      .where(eq(summerUserCourses.userId, s.id));
    const scores = (await get("/course/project/my_scores/", s.ticket)).body.data;
    expect(scores).toEqual([
      {
        id: cat.project,
        name: "项目S",
        create_time: expect.any(String),
        course: [
          expect.objectContaining({
            id: cat.courses[1],
            course_score: { score: 91, score_grade: "A", reporting_time: "2027-08-01T00:00:00Z" },
          }),
        ],
      },
    ]);

    // No confirmed order yet: no credit transfer, no proof.
    expect((await get("/course/project/project_result/", s.ticket)).body.data).toEqual([]);
    const upload = `/course/project/${cat.project}/upload_img/`;
    expect((await put(upload, s.ticket, { img: PNG_DATA_URI })).body).toMatchObject({ code: 400, field_name: "img" });
    await patch(`/order/${orderId}/`, finance.ticket, { status: "CONFIRMED" });
    expect((await get("/course/project/project_result/", s.ticket)).body.data).toEqual([
      { id: cat.project, name: "项目S", create_time: expect.any(String), project_result: null },
    ]);
    expect((await put(upload, s.ticket, { img: PNG_DATA_URI })).body).toEqual({ code: 0, msg: "图片上传成功", data: {}, field_name: "" });
    await db
      .update(summerProjectResults)
      .set({ status: "POSTED", postDate: "2027-08-10", postChannel: "DHL", postNumber: "25424521236" })
      .where(eq(summerProjectResults.userId, s.id));
    const result = (await get("/course/project/project_result/", s.ticket)).body.data[0].project_result;
    expect(result).toMatchObject({
      status: { key: "POSTED", verbose: "成绩单已寄出" },
      post_datetime: "2027-08-10",
      post_channel: "DHL",
      post_number: "25424521236",
    });
    expect((await SELF.fetch(`${result.img}?ticket=${s.ticket}`)).headers.get("content-type")).toBe("image/png");
    expect((await put("/course/project/99999/upload_img/", s.ticket, { img: PNG_DATA_URI })).body.code).toBe(404);
    expect((await get("/course/project/my_project/", admin.ticket)).body.code).toBe(403);
  });
});
