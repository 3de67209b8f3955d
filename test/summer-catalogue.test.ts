import { SELF } from "cloudflare:test";
import { count } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { summerAudit } from "../src/db/schema";
import { BASE } from "./helpers";
import { api, catalogue, db, get, patch, post, put, type Staff, staff, student } from "./summer-helpers";

let admin: Staff;
let product: Staff;
let finance: Staff;
let market: Staff;
let stu: string;

beforeAll(async () => {
  admin = await staff("ADMIN");
  product = await staff("PRODUCT");
  finance = await staff("FINANCE");
  market = await staff("MARKET");
  stu = (await student("o-cat-student")).ticket;
});

const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe("campus types", () => {
  it("are created by catalogue staff, listed, read and updated", async () => {
    const created = await post("/course/campus_type/", product.ticket, { title: "澳洲暑校", campus_country: "AUSTRALIA" });
    expect(created.body).toMatchObject({
      code: 0,
      msg: "请求成功",
      data: { title: "澳洲暑校", campus_country: { key: "AUSTRALIA", verbose: "澳洲暑校" } },
    });
    expect(created.body.data.create_time).toMatch(ISO_Z);
    const id = created.body.data.id;
    expect((await get(`/course/campus_type/${id}/`, stu)).body.data.title).toBe("澳洲暑校");
    expect((await get(`/course/campus_type/${id}`, stu)).body.data.title).toBe("澳洲暑校");
    const renamed = await patch(`/course/campus_type/${id}/`, admin.ticket, { title: "澳新暑校" });
    expect(renamed.body.data).toMatchObject({ id, title: "澳新暑校", campus_country: { key: "AUSTRALIA" } });
    expect(
      (await put(`/course/campus_type/${id}/`, product.ticket, { campus_country: { key: "NORTH_AMERICA" } })).body.data.campus_country.key,
    ).toBe("NORTH_AMERICA");
    expect((await post("/course/campus_type/", admin.ticket, { title: "澳新暑校", campus_country: "AUSTRALIA" })).body).toMatchObject({
      code: 400,
      field_name: "title",
    });
    expect((await post("/course/campus_type/", admin.ticket, { title: "X", campus_country: "EUROPE" })).body).toMatchObject({
      code: 400,
      field_name: "campus_country",
    });
    expect((await get("/course/campus_type/99999/", stu)).body).toEqual({ code: 404, msg: "请求失败", data: {}, field_name: "" });
    expect((await patch("/course/campus_type/99999/", admin.ticket, { title: "nope" })).body.code).toBe(404);
  });

  it("are written by staff of the catalogue only: students, FINANCE and MARKET get 403", async () => {
    for (const t of [stu, finance.ticket, market.ticket]) {
      const res = await post("/course/campus_type/", t, { title: "禁止", campus_country: "AUSTRALIA" });
      expect(res.body).toEqual({ code: 403, msg: "您没有执行该操作的权限。", data: {}, field_name: "" });
    }
    const writes: [string, string, unknown][] = [
      ["PATCH", "/course/campus_type/1/", { title: "x" }],
      ["POST", "/course/campus_country/", { name: "x", campus_type: 1 }],
      ["PUT", "/course/campus_country/1/", { name: "x" }],
      ["POST", "/course/campus/", { name: "x", campus_type: 1 }],
      ["PATCH", "/course/campus/1/", { name: "x" }],
      ["POST", "/course/project/", {}],
      ["PUT", "/course/project/1/", {}],
      ["PUT", "/course/project/1/project_course_fee/", {}],
      ["POST", "/course/", {}],
      ["PATCH", "/course/1/", {}],
    ];
    for (const [method, path, json] of writes) expect((await api(method, path, stu, { json })).body.code, `${method} ${path}`).toBe(403);
    expect((await api("POST", "/course/campus_type/", null, { json: {} })).body).toEqual({ code: 401, msg: "未登陆" });
  });

  it("page 10 at a time with absolute links; a page past the end is 404", async () => {
    for (let i = 0; i < 12; i++)
      await post("/course/campus_type/", admin.ticket, { title: `分页暑校${i}`, campus_country: "NORTH_AMERICA" });
    const first = await get("/course/campus_type/", stu);
    const total = first.body.data.count;
    expect(total).toBeGreaterThanOrEqual(12);
    expect(first.body.data.results).toHaveLength(10);
    expect(first.body.data.previous).toBeNull();
    expect(first.body.data.next).toBe(`${BASE}/summer/course/campus_type/?page=2`);
    const second = await get("/course/campus_type/?page=2", stu);
    expect(second.body.data.previous).toBe(`${BASE}/summer/course/campus_type/`);
    expect(second.body.data.results[0].id).toBeGreaterThan(first.body.data.results[9].id);
    expect((await get("/course/campus_type/?page=99", stu)).body.code).toBe(404);
    expect((await get("/course/campus_type/?page=abc", stu)).body.code).toBe(404);
  });
});

describe("countries, campuses, type_country_campus", () => {
  it("hang together", async () => {
    const type = (await post("/course/campus_type/", admin.ticket, { title: "北美暑校C", campus_country: "NORTH_AMERICA" })).body.data;
    const us = (await post("/course/campus_country/", admin.ticket, { name: "美国C", campus_type: type.id })).body.data;
    expect(us).toMatchObject({ name: "美国C", campus_type: { id: type.id, title: "北美暑校C" }, campus_set: [] });
    const ca = (await post("/course/campus_country/", product.ticket, { name: "加拿大C", campus_type: type.id })).body.data;
    expect((await post("/course/campus_country/", admin.ticket, { name: "法国C", campus_type: 99999 })).body).toMatchObject({
      code: 400,
      field_name: "campus_type",
    });
    const campus = await post("/course/campus/", admin.ticket, {
      name: "多伦多校区C",
      campus_type: type.id,
      info: "湖边",
      campus_country: [ca.id],
    });
    expect(campus.body.data).toMatchObject({
      name: "多伦多校区C",
      info: "湖边",
      campus_type: { id: type.id },
      campus_country: [{ id: ca.id, name: "加拿大C" }],
    });
    const id = campus.body.data.id;
    expect((await post("/course/campus/", admin.ticket, { name: "多伦多校区C", campus_type: type.id })).body).toMatchObject({
      code: 400,
      field_name: "name",
    });
    expect(
      (await post("/course/campus/", admin.ticket, { name: "坏校区C", campus_type: type.id, campus_country: [99999] })).body,
    ).toMatchObject({ code: 400, field_name: "campus_country" });
    const both = await patch(`/course/campus/${id}/`, admin.ticket, { campus_country: [us.id, ca.id], info: "新描述" });
    expect(both.body.data.campus_country.map((c: any) => c.id)).toEqual([us.id, ca.id]);
    expect(both.body.data.info).toBe("新描述");
    expect((await get(`/course/campus_country/${us.id}/`, stu)).body.data.campus_set).toEqual([
      expect.objectContaining({ id, name: "多伦多校区C" }),
    ]);
    expect((await get(`/course/campus/${id}/`, stu)).body.data.name).toBe("多伦多校区C");
    expect((await get("/course/campus/", stu)).body.data.results.some((c: any) => c.id === id)).toBe(true);
    expect((await get("/course/campus_country/", stu)).body.data.count).toBeGreaterThanOrEqual(2);
    expect((await put(`/course/campus_country/${ca.id}/`, admin.ticket, { name: "加拿大C2" })).body.data.name).toBe("加拿大C2");
    expect((await get("/course/campus/99999/", stu)).body.code).toBe(404);

    const grouped = (await get("/course/campus_type/type_country_campus/", stu)).body.data;
    const na = grouped.find((g: any) => g.campus_country.key === "NORTH_AMERICA");
    const mine = na.campus_type.find((t: any) => t.id === type.id);
    expect(mine).toEqual({
      id: type.id,
      title: "北美暑校C",
      create_time: expect.stringMatching(ISO_Z),
      campus: [expect.objectContaining({ id, name: "多伦多校区C" })],
    });
  });
});

describe("projects and fee tables", () => {
  it("are created with the fee table, read with it, updated and re-priced", async () => {
    const cat = await catalogue(admin.ticket, "F");
    const project = (await get(`/course/project/${cat.project}/`, stu)).body.data;
    expect(project).toMatchObject({
      name: "项目F",
      start_date: "2027-07-01",
      end_date: "2027-08-01",
      apply_fee: 1000,
      course_num: 3,
      campus: { id: cat.campus, campus_type: { id: cat.campusType } },
      campus_country: { id: cat.countries[0] },
      project_course_fee: [
        { course_number: 1, course_fee: 1200, course_info: "1门" },
        { course_number: 2, course_fee: 2000, course_info: "2门" },
        { course_number: 3, course_fee: 2700, course_info: "3门" },
      ],
    });
    const updated = await patch(`/course/project/${cat.project}/`, product.ticket, {
      name: "项目F改",
      max_num: 150,
      project_fees: [{ course_number: 1, course_fee: 900 }],
    });
    expect(updated.body.data).toMatchObject({
      name: "项目F改",
      max_num: 150,
      start_date: "2027-07-01",
      project_course_fee: [{ course_number: 1, course_fee: 900 }],
    });
    const fees = await put(`/course/project/${cat.project}/project_course_fee/`, product.ticket, {
      project_fees: [
        { course_number: 2, course_fee: 1800 },
        { course_number: 1, course_fee: 1000 },
      ],
    });
    expect(fees.body.data.project_course_fee.map((f: any) => [f.course_number, f.course_fee])).toEqual([
      [1, 1000],
      [2, 1800],
    ]);
    const all = (await get(`/course/campus/${cat.campus}/all_projects/`, stu)).body.data;
    expect(all.map((p: any) => p.id)).toEqual([cat.project]);
    expect((await get(`/course/project/?campus=${cat.campus}`, stu)).body.data.count).toBe(1);
    expect((await get("/course/project/99999/", stu)).body.code).toBe(404);
    expect((await get("/course/campus/99999/all_projects/", stu)).body.code).toBe(404);
  });

  it("refuse a bad fee table and bad fields", async () => {
    const cat = await catalogue(admin.ticket, "G");
    const base = {
      campus: cat.campus,
      name: "坏项目",
      start_date: "2027-07-01",
      end_date: "2027-08-01",
      address: "addr",
      info: "info",
      course_num: 2,
      campus_country: cat.countries[0],
    };
    expect((await post("/course/project/", admin.ticket, { ...base, project_fees: [] })).body).toMatchObject({
      code: 400,
      msg: "project_fees不能空",
      field_name: "project_fees",
    });
    expect(
      (await post("/course/project/", admin.ticket, { ...base, project_fees: [{ course_number: 2, course_fee: 5 }] })).body.msg,
    ).toMatch(/project_fees参数传入错误/);
    expect((await post("/course/project/", admin.ticket, { ...base })).body).toMatchObject({
      code: 400,
      msg: "该字段是必填项。",
      field_name: "project_fees",
    });
    expect((await post("/course/project/", admin.ticket, { ...base, project_fees: [{ course_number: 1 }] })).body.field_name).toBe(
      "project_fees.0.course_fee",
    );
    expect(
      (
        await post("/course/project/", admin.ticket, {
          ...base,
          end_date: "2027-06-01",
          project_fees: [{ course_number: 1, course_fee: 1 }],
        })
      ).body.field_name,
    ).toBe("end_date");
    expect(
      (
        await post("/course/project/", admin.ticket, {
          ...base,
          start_date: "2027-02-30",
          project_fees: [{ course_number: 1, course_fee: 1 }],
        })
      ).body.field_name,
    ).toBe("start_date");
    expect(
      (await post("/course/project/", admin.ticket, { ...base, campus: 99999, project_fees: [{ course_number: 1, course_fee: 1 }] })).body
        .field_name,
    ).toBe("campus");
    // Form bodies carry the fee table as JSON text.
    const form = await api("POST", "/course/project/", admin.ticket, {
      form: {
        ...Object.fromEntries(Object.entries(base).map(([k, v]) => [k, String(v)])),
        project_fees: '[{"course_number":1,"course_fee":10}]',
      },
    });
    expect(form.body.data.project_course_fee).toEqual([expect.objectContaining({ course_number: 1, course_fee: 10 })]);
  });

  it("record every staff write in the audit", async () => {
    const before = (await db.select({ n: count() }).from(summerAudit))[0].n;
    await post("/course/campus_type/", admin.ticket, { title: "审计暑校", campus_country: "AUSTRALIA" });
    const rows = await db.select().from(summerAudit);
    expect(rows.length).toBe(before + 1);
    expect(rows.at(-1)).toMatchObject({
      staffId: admin.id,
      action: "create",
      entity: "campus_type",
      after: expect.objectContaining({ title: "审计暑校" }),
    });
  });
});

describe("courses", () => {
  it("are listed by project, read, created with a syllabus file and updated", async () => {
    const cat = await catalogue(admin.ticket, "K");
    const list = (await get(`/course/?project=${cat.project}`, stu)).body.data;
    expect(list.count).toBe(4);
    expect(list.results[0]).toMatchObject({
      project: cat.project,
      course_code: "CK0",
      max_num: 50,
      credit: 3,
      start_time: "2027-07-02T08:00:00Z",
      syllabus: null,
      current_course_num: 0,
    });

    const form = new FormData();
    for (const [k, v] of Object.entries({
      project: cat.project,
      name: "带大纲",
      course_code: "SYL1",
      max_num: 5,
      credit: 2,
      professor: "P",
      start_time: "2027-07-03 08:00",
      end_time: "2027-07-03T18:00:00+08:00",
      address: "A",
    }))
      form.set(k, String(v));
    form.set("syllabus", new File(["%PDF-1.4 syllabus"], "大纲.pdf", { type: "application/pdf" }));
    const created = await api("POST", "/course/", admin.ticket, { multipart: form });
    expect(created.body, JSON.stringify(created.body)).toMatchObject({ code: 0 });
    expect(created.body.data).toMatchObject({ course_code: "SYL1", start_time: "2027-07-03T08:00:00Z", end_time: "2027-07-03T10:00:00Z" });
    const url: string = created.body.data.syllabus;
    expect(url).toMatch(/^http:\/\/campus\.test\/summer\/files\//);
    const file = await SELF.fetch(`${url}?ticket=${stu}`);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(file.headers.get("content-disposition")).toContain("attachment");
    expect(await file.text()).toBe("%PDF-1.4 syllabus");

    const id = created.body.data.id;
    const replaced = new FormData();
    replaced.set("syllabus", new File(["new"], "v2.txt", { type: "text/plain" }));
    replaced.set("name", "带大纲2");
    const upd = await api("PATCH", `/course/${id}/`, product.ticket, { multipart: replaced });
    expect(upd.body.data).toMatchObject({ name: "带大纲2", course_code: "SYL1" });
    expect(upd.body.data.syllabus).not.toBe(url);
    expect((await SELF.fetch(`${url}?ticket=${stu}`).then((r) => r.json())) as any).toMatchObject({ code: 404 });
    // A syllabus may also arrive base64 with a data: prefix.
    const b64 = await patch(`/course/${id}/`, product.ticket, { syllabus: `data:text/plain;base64,${btoa("hello")}` });
    expect(await (await SELF.fetch(`${b64.body.data.syllabus}?ticket=${stu}`)).text()).toBe("hello");

    expect(
      (
        await post("/course/", admin.ticket, {
          project: cat.project,
          name: "dup",
          course_code: "SYL1",
          max_num: 1,
          credit: 1,
          professor: "p",
          start_time: "2027-07-03T08:00:00Z",
          end_time: "2027-07-03T09:00:00Z",
          address: "a",
        })
      ).body,
    ).toMatchObject({ code: 400, field_name: "course_code" });
    expect(
      (
        await post("/course/", admin.ticket, {
          project: cat.project,
          name: "bad",
          course_code: "BAD",
          max_num: 1,
          credit: 1,
          professor: "p",
          start_time: "soon",
          end_time: "2027-07-03T09:00:00Z",
          address: "a",
        })
      ).body.field_name,
    ).toBe("start_time");
    expect((await post("/course/", finance.ticket, {})).body.code).toBe(403);
    expect((await get(`/course/${id}/`, stu)).body.data.name).toBe("带大纲2");
    expect((await get("/course/99999/", stu)).body.code).toBe(404);
  });
});
