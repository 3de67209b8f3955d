import { beforeAll, describe, expect, it } from "vitest";
import { advisor, api, catalogue, coupon, get, patch, post, put, staff, student } from "./summer-helpers";

let admin: string;
let countries: number[];
let campus: number;

beforeAll(async () => {
  await advisor("wangwu");
  admin = (await staff("ADMIN")).ticket;
  const cat = await catalogue(admin, "P");
  countries = cat.countries;
  campus = cat.campus;
});

describe("user info", () => {
  it("reads and updates the caller's own information", async () => {
    const s = await student("o-info-1");
    const empty = await get(`/auth/user/info/${s.id}/`, s.ticket);
    expect(empty.body.data).toMatchObject({ id: s.id, name: null, email: null, wcountry: [], wcampus: [], valid_sales_man: false });
    expect(empty.body.data.sales_man).toMatchObject({ name: "wangwu", email: "wangwu@example.test", wechat: "wx-wangwu" });
    const updated = await put(`/auth/user/info/${s.id}/`, s.ticket, {
      name: "小明",
      email: "xm@example.test",
      wechat: "xm-wx",
      wcountry: [countries[1], countries[0]],
      wcampus: [campus],
      cshool: "北京大学",
    });
    expect(updated.body).toMatchObject({
      code: 0,
      data: {
        name: "小明",
        email: "xm@example.test",
        wechat: "xm-wx",
        wcountry: ["加拿大P", "美国P"],
        wcampus: ["波士顿校区P"],
        cschool: "北京大学",
      },
    });
    expect(updated.body.data.wcountry_ids).toEqual([countries[1], countries[0]]);
    // PATCH changes only what it is sent; a form body works, lists as JSON text.
    const form = await api("PATCH", `/auth/user/info/${s.id}/`, s.ticket, { form: { wechat: "new-wx", wcountry: `[${countries[0]}]` } });
    expect(form.body.data).toMatchObject({ name: "小明", wechat: "new-wx", wcountry: ["美国P"] });
    expect((await get("/auth/user/check_user_info/", s.ticket)).body.data.need_complete_student_info).toBe(false);
    expect((await get(`/auth/user/check_account/?code=bad`)).body.code).toBe(400);
  });

  it("names the first bad field", async () => {
    const s = await student("o-info-bad");
    expect((await patch(`/auth/user/info/${s.id}/`, s.ticket, { email: "not-an-email" })).body).toEqual({
      code: 400,
      msg: "请输入合法的邮件地址。",
      data: {},
      field_name: "email",
    });
    expect((await patch(`/auth/user/info/${s.id}/`, s.ticket, { name: "x".repeat(31) })).body).toMatchObject({
      code: 400,
      field_name: "name",
    });
    expect((await patch(`/auth/user/info/${s.id}/`, s.ticket, { wcampus: [99999] })).body).toMatchObject({
      code: 400,
      field_name: "wcampus",
    });
  });

  it("is 403 for another student's id (revealing nothing) and for staff", async () => {
    const a = await student("o-info-a");
    const b = await student("o-info-b");
    for (const path of [
      `/auth/user/info/${b.id}/`,
      `/auth/user/info/${b.id}/personal_file/`,
      `/auth/user/score_detail/${b.id}/`,
      `/auth/user/${b.id}/coupon_list/`,
      `/auth/user/${b.id}/sales_man/`,
    ]) {
      expect((await get(path, a.ticket)).body, path).toEqual({ code: 403, msg: "您没有执行该操作的权限。", data: {}, field_name: "" });
      expect((await get(path, admin)).body.code, path).toBe(403);
    }
    expect((await patch(`/auth/user/info/${b.id}/`, a.ticket, { name: "hijack" })).body.code).toBe(403);
    expect((await get(`/auth/user/info/999999/`, a.ticket)).body.code).toBe(403);
    expect((await get(`/auth/user/info/${b.id}/`, b.ticket)).body.data.name).toBeNull();
    expect((await get(`/auth/user/info/${b.id}/`)).body).toEqual({ code: 401, msg: "未登陆" });
  });
});

describe("personal file", () => {
  it("reads and updates it; gender in and out as {key, verbose}", async () => {
    const s = await student("o-file-1");
    const path = `/auth/user/info/${s.id}/personal_file/`;
    expect((await get(path, s.ticket)).body.data).toMatchObject({ id: s.id, gender: null, gpa: null });
    const put1 = await put(path, s.ticket, {
      first_name: "Ming",
      last_name: "Xiao",
      gender: "MALE",
      id_number: "P1234567",
      major: "CS",
      gpa: 3.456,
    });
    expect(put1.body.data).toMatchObject({ first_name: "Ming", gender: { key: "MALE", verbose: "男" }, gpa: 3.46, id_number: "P1234567" });
    const patched = await patch(path, s.ticket, { gender: { key: "FEMALE" }, graduate_year: "2028" });
    expect(patched.body.data).toMatchObject({ first_name: "Ming", gender: { key: "FEMALE", verbose: "女" }, graduate_year: "2028" });
    expect((await patch(path, s.ticket, { gender: "OTHER" })).body).toMatchObject({ code: 400, field_name: "gender" });
    expect((await patch(path, s.ticket, { gpa: "abc" })).body).toMatchObject({ code: 400, field_name: "gpa" });
    const other = await student("o-file-2");
    // Another student's number is not refused (that would tell them it is registered): staff see both.
    const dup = await put(`/auth/user/info/${other.id}/personal_file/`, other.ticket, { id_number: "P1234567" });
    expect(dup.body).toMatchObject({ code: 0, data: { id_number: "P1234567" } });
  });
});

describe("score detail", () => {
  it("creates (or replaces) and reads the caller's own", async () => {
    const s = await student("o-score-1");
    expect((await get(`/auth/user/score_detail/${s.id}/`, s.ticket)).body.code).toBe(404);
    const fields = { department: "英语部", phone: "010-2014567", country: "中国", post_code: "631741", address: "北京大学昌平区E栋1233号" };
    const created = await post("/auth/user/score_detail/", s.ticket, fields);
    expect(created.body.data).toMatchObject({ user: s.id, ...fields });
    const again = await post("/auth/user/score_detail/", s.ticket, { ...fields, phone: "12345" });
    expect(again.body.data.id).toBe(created.body.data.id);
    expect((await get(`/auth/user/score_detail/${s.id}/`, s.ticket)).body.data.phone).toBe("12345");
    expect((await post("/auth/user/score_detail/", s.ticket, { ...fields, address: "x".repeat(61) })).body).toMatchObject({
      code: 400,
      field_name: "address",
    });
    expect((await post("/auth/user/score_detail/", s.ticket, { department: "a" })).body).toMatchObject({
      code: 400,
      msg: "该字段是必填项。",
      field_name: "phone",
    });
    expect((await post("/auth/user/score_detail/", admin, fields)).body.code).toBe(403);
  });
});

describe("coupon list", () => {
  it("shows only the caller's own coupons that are active and within their dates", async () => {
    const s = await student("o-coupon-list");
    const other = await student("o-coupon-other");
    const now = Date.now();
    const good = await coupon("GOOD000001", 500, [s.id]);
    await coupon("LATE000001", 300, [s.id], { start: now + 86_400_000, end: now + 2 * 86_400_000 });
    await coupon("GONE000001", 300, [s.id], { start: now - 2 * 86_400_000, end: now - 86_400_000 });
    await coupon("OFF0000001", 300, [s.id], { active: false });
    await coupon("THEIRS0001", 300, [other.id]);
    const { body } = await get(`/auth/user/${s.id}/coupon_list/`, s.ticket);
    expect(body.data).toEqual([
      {
        id: good.id,
        code: "GOOD000001",
        coupon_code: "GOOD000001",
        amount: 500,
        info: "优惠500",
        start_time: new Date(good.startTime).toISOString().replace(/\.\d{3}Z$/, "Z"),
        end_time: new Date(good.endTime).toISOString().replace(/\.\d{3}Z$/, "Z"),
      },
    ]);
  });
});

describe("sales advisor", () => {
  it("is assigned once; POST confirms the friend request, another advisor is refused", async () => {
    const s = await student("o-advisor-1");
    const other = await advisor("zhaoliu");
    const mine = await get(`/auth/user/${s.id}/sales_man/`, s.ticket);
    expect(mine.body.data).toMatchObject({ name: expect.any(String), qr_code: expect.stringMatching(/^https:\/\/example.test\/qr\//) });
    const refused = await post(`/auth/user/${s.id}/sales_man/`, s.ticket, {
      sales_man: mine.body.data.id === other.id ? other.id - 1 : other.id,
    });
    expect(refused.body).toEqual({ code: 400, msg: "已有关联的销售顾问", data: {}, field_name: "non_field_errors" });
    expect((await post(`/auth/user/${s.id}/sales_man/`, s.ticket, { sales_man: 99999 })).body).toMatchObject({
      code: 400,
      msg: "销售人员不存在",
    });
    const ok = await post(`/auth/user/${s.id}/sales_man/`, s.ticket, { sales_man: mine.body.data.id });
    expect(ok.body).toEqual({ code: 0, msg: "操作成功", data: {}, field_name: "" });
    expect((await get("/auth/user/check_user_info/", s.ticket)).body.data.valid_sales_man).toBe(true);
    expect((await get(`/auth/user/${s.id}/sales_man/`, s.ticket)).body.data.id).toBe(mine.body.data.id);
  });
});
