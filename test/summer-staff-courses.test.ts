import { beforeAll, describe, expect, it } from "vitest";
import { type Catalogue, get, PNG_DATA_URI, paidOrder, patch, post, put, type Staff, staffTeam, student } from "./summer-helpers";

let admin: Staff;
let market: Staff;
let product: Staff;
let finance: Staff;
let cat: Catalogue;

beforeAll(async () => {
  ({ admin, market, product, finance, cat } = await staffTeam("courses", "PC", { courseSeats: [1, 50, 50, 50] }));
});

const FORBIDDEN = { code: 403, msg: "您没有执行该操作的权限。", data: {}, field_name: "" };

describe("projects and courses for staff", () => {
  it("project list with counts, paged and unpaged; filter_elements", async () => {
    const s = await student("pc-list");
    const o = await paidOrder(s, cat.project, 1);
    await patch(`/order/${o}/`, finance.ticket, { status: "CONFIRMED" });
    await paidOrder(await student("pc-list-2"), cat.project, 1);
    const row = { id: cat.project, campus_name: "波士顿校区PC", name: "项目PC", applyed_num: 2, payed_num: 1 };
    expect((await get("/admin/project/", product.ticket)).body.data).toMatchObject({ count: 1, results: [row] });
    expect((await get("/admin/project/?pagination=False", product.ticket)).body.data).toEqual([row]);
    expect((await get("/course/filter_elements/", product.ticket)).body.data).toEqual([
      expect.objectContaining({ id: cat.campus, name: "波士顿校区PC", project_set: [{ id: cat.project, name: "项目PC" }] }),
    ]);
    expect((await get("/admin/project/", market.ticket)).body).toEqual(FORBIDDEN);
    expect((await get("/course/filter_elements/", finance.ticket)).body).toEqual(FORBIDDEN);
  });

  it("staff choose a course for a student under the same rules; count to confirm; add_score", async () => {
    const s = await student("pc-choose");
    const t = await student("pc-choose-2");
    const order = await paidOrder(s, cat.project, 1);
    const other = await paidOrder(t, cat.project, 2);
    const pick = (user: number, ord: number, course: number, who = product.ticket) =>
      post("/admin/course/create_user_course/", who, { user, order: ord, course });
    expect((await pick(s.id, order, cat.courses[0])).body).toEqual({ code: 0, msg: "选课成功", data: {}, field_name: "" });
    expect((await pick(s.id, order, cat.courses[0])).body).toMatchObject({ code: 400, msg: "已选该课程，不能重复选择" });
    expect((await pick(s.id, order, cat.courses[1])).body).toMatchObject({ code: 400, msg: "订单已达到最大选课数，不能再继续选课" });
    expect((await pick(t.id, other, cat.courses[0])).body).toMatchObject({ code: 400, msg: "该课程已满员" });
    expect((await pick(t.id, order, cat.courses[1])).body).toMatchObject({ code: 400, msg: "订单不存在" });
    expect((await pick(t.id, other, cat.courses[1], market.ticket)).body).toEqual(FORBIDDEN);
    expect((await get("/admin/audit/?entity=user_course", admin.ticket)).body.data.count).toBe(1);

    const before = (await get("/admin/course/course_to_confirm_count/", product.ticket)).body.data.course_to_confirm_count;
    await put(`/course/${cat.courses[0]}/upload_confirm_photo/`, s.ticket, { confirm_photo: PNG_DATA_URI });
    expect((await get("/admin/course/course_to_confirm_count/", product.ticket)).body.data).toEqual({
      course_to_confirm_count: before + 1,
    });

    const scored = await put("/admin/user_course/add_score/", product.ticket, {
      user: s.id,
      course: cat.courses[0],
      order,
      score: 88,
      score_grade: "A",
    });
    expect(scored.body.data).toMatchObject({
      order,
      course: { id: cat.courses[0], course_code: "CPC0", credit: 3 },
      score: 88,
      score_grade: "A",
      status: { key: "TO_CONFIRM" },
      user_info: { id: s.id },
    });
    expect(scored.body.data.reporting_time).toMatch(/Z$/);
    expect(
      (await put("/admin/user_course/add_score/", product.ticket, { user: s.id, course: cat.courses[0], order, score: 101 })).body,
    ).toMatchObject({
      code: 400,
      field_name: "score",
    });
    expect(
      (await put("/admin/user_course/add_score/", finance.ticket, { user: s.id, course: cat.courses[0], order, score: 1 })).body,
    ).toEqual(FORBIDDEN);
    expect((await get("/course/my_scores/", s.ticket)).body.data[0]).toMatchObject({ score: 88, score_grade: "A" });
  });
});
