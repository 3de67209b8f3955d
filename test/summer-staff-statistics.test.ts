import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { summerStudents } from "../src/db/schema";
import { catalogue, db, get, paidOrder, patch, post, receivingAccounts, type Staff, staff, student } from "./summer-helpers";

let admin: Staff;
let market: Staff;
let product: Staff;
let finance: Staff;

beforeAll(async () => {
  admin = await staff("ADMIN", "admin-stats");
  market = await staff("MARKET", "market-stats");
  product = await staff("PRODUCT", "product-stats");
  finance = await staff("FINANCE", "finance-stats");
  await receivingAccounts();
});

const FORBIDDEN = { code: 403, msg: "您没有执行该操作的权限。", data: {}, field_name: "" };

describe("statistics on a known data set", () => {
  it("students_overview and campus_overview count distinct students per project", async () => {
    const a = await catalogue(admin.ticket, "A");
    const b = await catalogue(admin.ticket, "B");
    const [s1, s2, s3, s4] = await Promise.all(["st-1", "st-2", "st-3", "st-4"].map((o) => student(o)));
    const o1 = await paidOrder(s1, a.project, 1);
    await patch(`/order/${o1}/`, finance.ticket, { status: "CONFIRMED" });
    await paidOrder(s2, a.project, 1);
    const cancelled = await post("/order/", s3.ticket, { project: b.project, currency: "RMB", payment: "ALI_PAY", course_num: 1 });
    await patch(`/order/${cancelled.body.data.id}/`, s3.ticket, { status: "CANCELED" });
    await post("/order/", s3.ticket, { project: b.project, currency: "RMB", payment: "ALI_PAY", course_num: 1 });
    for (const s of [s1, s4])
      await db
        .update(summerStudents)
        .set({ firstName: "F", lastName: "L", gender: "FEMALE", idNumber: `id-${s.id}` })
        .where(eq(summerStudents.userId, s.id));

    expect((await get("/admin/statistics/students_overview/", admin.ticket)).body.data).toEqual({
      students_num: 4,
      personal_file_num: 2,
      students_applyed: 3,
      students_payed: 1,
    });
    const campuses = (await get("/admin/statistics/campus_overview/", admin.ticket)).body.data;
    expect(campuses.map((c: any) => [c.id, c.project_set])).toEqual([
      [a.campus, [{ id: a.project, name: "项目A", applyed_number: 2, payed_number: 1 }]],
      [b.campus, [{ id: b.project, name: "项目B", applyed_number: 1, payed_number: 0 }]],
    ]);
    expect(campuses[0]).toMatchObject({ name: "波士顿校区A", info: "info" });
    for (const t of [market.ticket, product.ticket, finance.ticket, s1.ticket])
      expect((await get("/admin/statistics/campus_overview/", t)).body).toEqual(FORBIDDEN);
  });
});

describe("the console menu", () => {
  it("is trimmed to the caller's role", async () => {
    const keys = async (t: string) =>
      (await get("/common/navigation/", t)).body.data.map((top: any) => `${top.key}:${top.second_levels.map((s: any) => s.key).join(",")}`);
    expect(await keys(admin.ticket)).toEqual([
      "CONSULTATON_CENTER:STUDENT_LIST",
      "FINANCIAL_CENTER:INDEX_PAGE",
      "PRODUCT_CENTER:INDEX_PAGE,SUTDENT_MANAGEMENT,COURSE_MANAGEMENT,CAMPUS_TYPE_MANAGEMENT,CAMPUS_COUNTRY_MANAGEMENT,CAMPUS_MANAGEMENT,PROJECT_MANAGEMENT,SALES_MAN_MANAGEMENT,COUPON_MANAGEMENT",
      "MARKET_CENTER:CHANNEL_MANAGEMENT",
      "SYSTEM_CENTER:BANK_ACCOUNT_MANAGEMENT,CHILD_USER_MANAGEMENT",
    ]);
    expect(await keys(market.ticket)).toEqual([
      "CONSULTATON_CENTER:STUDENT_LIST",
      "PRODUCT_CENTER:SALES_MAN_MANAGEMENT,COUPON_MANAGEMENT",
      "MARKET_CENTER:CHANNEL_MANAGEMENT",
    ]);
    expect(await keys(finance.ticket)).toEqual(["FINANCIAL_CENTER:INDEX_PAGE", "SYSTEM_CENTER:BANK_ACCOUNT_MANAGEMENT"]);
    expect(await keys(product.ticket)).toEqual([
      "PRODUCT_CENTER:INDEX_PAGE,SUTDENT_MANAGEMENT,COURSE_MANAGEMENT,CAMPUS_TYPE_MANAGEMENT,CAMPUS_COUNTRY_MANAGEMENT,CAMPUS_MANAGEMENT,PROJECT_MANAGEMENT",
    ]);
    const s = await student("nav-student");
    expect((await get("/common/navigation/", s.ticket)).body).toEqual(FORBIDDEN);
    expect((await get("/common/navigation/")).body).toEqual({ code: 401, msg: "未登陆" });
  });
});
