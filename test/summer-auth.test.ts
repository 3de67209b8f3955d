import { describe, expect, it } from "vitest";
import { get, post, staff, student } from "./summer-helpers";

describe("smoke", () => {
  it("logs a student in and reads the catalogue", async () => {
    const s = await student("o-smoke-1");
    expect(s.id).toBeGreaterThan(0);
    const admin = await staff("ADMIN");
    const r = await post("/course/campus_type/", admin.ticket, { title: "北美暑校", campus_country: { key: "NORTH_AMERICA" } });
    expect(r.body).toMatchObject({ code: 0, data: { title: "北美暑校", campus_country: { key: "NORTH_AMERICA", verbose: "北美暑校" } } });
    const list = await get("/course/campus_type/", s.ticket);
    expect(list.body.data.count).toBe(1);
    expect(await get("/course/campus_type/")).toMatchObject({ body: { code: 401, msg: "未登陆" } });
  });
});
