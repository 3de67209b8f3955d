import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { applyPlan, batchesOf } from "../tools/import/apply";
import { putFiles } from "../tools/import/files";
import { InputError } from "../tools/import/plan";
import { decodeUtf8 } from "../tools/import/sources/text";
import { planSummer } from "../tools/import/summer";
import type { Media } from "../tools/import/summer/media";
import dump from "./fixtures/import/stusystem.sql?raw";
import { db, rowsIn } from "./import-helpers";
import { api, get, student } from "./summer-helpers";

/** The uploaded files at hand (one of the dump's is not: it is reported, and its row kept). */
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const media: Media = (path) =>
  ({
    "order/order_payment/zhangwei-1102.png": PNG,
    "common/sales_man/wang.png": PNG,
    "course/syllabus/econ1.pdf": new TextEncoder().encode("%PDF-1.4"),
  })[path] ?? null;

async function importAll() {
  const plan = planSummer("stusystem.sql", dump, media);
  await putFiles(env.FILES, plan.files);
  await applyPlan(db, plan);
  return plan;
}

const staffLogin = (username: string, password: string) => api("POST", "/auth/user/login/", null, { json: { username, password } });

describe("001: a mysqldump of StuSystem", () => {
  it("reads every table it knows and says which rows stay behind and why", () => {
    const plan = planSummer("stusystem.sql", dump, media);
    expect(plan.rejects.map((r) => `${r.entity} ${r.legacyId} (line ${r.line}): ${r.reason}`)).toEqual([
      "campus 3 (line 95): belongs to no imported country, so its campus type is unknown",
      'course 3 (line 219): class times "待定" to "待定" are not times',
      "order 2 (line 609): user 4 has a newer open order 3: Campus Edge keeps one open order per student",
    ]);
    expect(plan.files.map((f) => f.key).sort()).toEqual([
      "summer/advisor_qr/stusystem-sales_man-1-qr_code",
      "summer/payment/stusystem-order_payment-1-img",
      "summer/syllabus/stusystem-course-1-syllabus",
    ]);
    const notes = plan.notes.join("\n");
    expect(notes).toMatch(/not at hand .*order\/order_payment\/lina-1107\.jpg/);
    expect(notes).toMatch(/course\/confirm_photo\/zhangwei-econ1\.jpg/);
    expect(notes).toMatch(/give them one with the console.*|market02/);
  });

  it("stops on a dump cut short, on a broken statement and on an unknown layout, naming the file and line", () => {
    const cut = dump.slice(0, dump.indexOf("INSERT INTO `order`") + 60);
    expect(() => planSummer("cut.sql", cut, media)).toThrow(InputError);
    expect(() => planSummer("cut.sql", cut, media)).toThrow(/^cut\.sql:\d+: the dump is cut short/);
    const broken = dump.replace("INSERT INTO `coupon` VALUES (1,", "INSERT INTO `coupon` VALUES (1,,");
    expect(() => planSummer("broken.sql", broken, media)).toThrow(/^broken\.sql:544: not a MySQL dump statement/);
    const other = dump.replace("`course_num` int(11) NOT NULL,\n  `remark`", "`courses` int(11) NOT NULL,\n  `remark`");
    expect(() => planSummer("other.sql", other, media)).toThrow(
      /^other\.sql:609: table `order` lacks course_num: a layout this import does not know/,
    );
  });

  it("stops on a broken encoding with the line it is on", () => {
    const bytes = new TextEncoder().encode(dump);
    const at = bytes.indexOf(0x27, new TextEncoder().encode(dump.slice(0, dump.indexOf("'张伟'"))).length) + 1;
    const broken = bytes.slice();
    broken[at] = 0xff;
    expect(() => decodeUtf8("latin.sql", broken)).toThrow(InputError);
    expect(() => decodeUtf8("latin.sql", broken)).toThrow(/^latin\.sql:336: not valid UTF-8/);
    expect(decodeUtf8("stusystem.sql", bytes)).toBe(dump);
  });

  it("a run stopped between batches goes on from the last one written, and writes nothing twice", async () => {
    const plan = planSummer("stusystem.sql", dump, media);
    const total = batchesOf(plan, db).length;
    expect(total).toBeGreaterThan(1);
    let written = 0;
    await expect(
      applyPlan(db, plan, {
        done: (n) => {
          written = n;
          if (n === 1) throw new Error("the connection dropped");
        },
      }),
    ).rejects.toThrow("the connection dropped");
    expect(written).toBe(1);
    expect(await rowsIn("summer_campus_types")).toBe(2);
    expect(await rowsIn("summer_user_courses")).toBe(0);
    await applyPlan(db, plan, { from: written });
    // The same as one uninterrupted run (the test below runs the whole import over it).
    expect(await rowsIn("summer_user_courses")).toBe(2);
    expect(await rowsIn("summer_campus_types")).toBe(2);
  });

  it("after the import, a student's order list shows the paid order with its payment and chosen courses", async () => {
    await importAll();
    const me = await student("oWx-stu-zhangwei");
    const orders = await get("/order/user_order_list/", me.ticket);
    expect(orders.body.code).toBe(0);
    expect(orders.body.data).toHaveLength(1);
    const [order] = orders.body.data;
    expect(order).toMatchObject({
      status: { key: "CONFIRMED" },
      currency: { key: "RMB" },
      payment: { key: "BANK" },
      standard_fee: 8500,
      pay_fee: 8000,
      course_num: 3,
      remark: "尽快安排选课",
      create_time: "2017-11-01T03:20:00Z",
    });
    expect(JSON.stringify(order)).toContain("UCLA 2018 暑期学分项目");
    const info = await get(`/auth/user/info/${me.id}/`, me.ticket);
    expect(info.body.data).toMatchObject({
      name: "张伟",
      email: "zhangwei@pku.edu.cn",
      wechat: "zw_1998",
      wcountry: ["美国"],
      wcampus: ["UCLA", "University of Sydney"],
    });
    expect(info.body.data.sales_man).toMatchObject({ name: "王老师", wechat: "cs_wang" });
    const courses = await get("/order/user_order_course/", me.ticket);
    expect(JSON.stringify(courses.body.data)).toContain("Principles of Economics");
  });

  it("a staff member logs in with the password StuSystem knew; the Django hash is replaced at that login", async () => {
    const before = await env.DB.prepare("SELECT password_hash AS h FROM summer_users WHERE username = 'caiwu01'").first<{ h: string }>();
    expect(before?.h).toMatch(/^pbkdf2_sha256\$36000\$/);
    expect((await staffLogin("caiwu01", "wrong-password")).body.code).toBe(400);
    const ok = await staffLogin("caiwu01", "caiwu-2017!");
    expect(ok.body).toMatchObject({ code: 0, data: { role: "FINANCE", ticket: expect.any(String) } });
    const after = await env.DB.prepare("SELECT password_hash AS h FROM summer_users WHERE username = 'caiwu01'").first<{ h: string }>();
    expect(after?.h).toMatch(/^pbkdf2-sha256\$100000\$/);
    expect((await staffLogin("caiwu01", "caiwu-2017!")).body.code).toBe(0);
    // The finance clerk sees the imported orders, the payment proof among them.
    const list = await get("/order/", ok.body.data.ticket);
    expect(list.body.data.count).toBe(2);
    const proof = await api("GET", "/files/stusystem-order_payment-1-img", ok.body.data.ticket);
    expect(proof.status).toBe(200);
  });

  it("is safe to run again: no duplicates, and an order changed in Campus Edge keeps its change", async () => {
    const counts = async () =>
      Promise.all(["summer_users", "summer_orders", "summer_user_courses", "summer_files", "summer_projects"].map(rowsIn));
    const first = await counts();
    await env.DB.prepare("UPDATE summer_orders SET status = 'CANCELED', updated_at = ? WHERE remark IS NULL").bind(Date.now()).run();
    await importAll();
    expect(await counts()).toEqual(first);
    const row = await env.DB.prepare("SELECT status FROM summer_orders WHERE remark IS NULL").first<{ status: string }>();
    expect(row?.status).toBe("CANCELED");
  });
});
