import { env, SELF } from "cloudflare:test";
import { count } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { summerFiles, summerOrderPayments, summerSalesMen } from "../src/db/schema";
import { BASE } from "./helpers";
import {
  api,
  type Catalogue,
  catalogue,
  db,
  get,
  PNG_B64,
  post,
  put,
  receivingAccounts,
  type Staff,
  staff,
  student,
} from "./summer-helpers";

let admin: Staff;
let cat: Catalogue;

beforeAll(async () => {
  admin = await staff("ADMIN");
  cat = await catalogue(admin.ticket, "U");
  await receivingAccounts();
});

const stored = async () => ({
  rows: (await db.select({ n: count() }).from(summerFiles))[0].n,
  objects: (await env.FILES.list({ prefix: "summer/" })).objects.length,
});

const b64 = (bytes: number[]) => btoa(String.fromCharCode(...bytes));
const JPEG = b64([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const GIF = btoa("GIF89a\x01\x00\x01\x00\x00\x00\x00;");

async function openOrder(openid: string) {
  const s = await student(openid);
  const order = (await post("/order/", s.ticket, { project: cat.project, currency: "RMB", payment: "ALI_PAY", course_num: 1 })).body.data
    .id;
  return { s, order };
}

const payment = (order: number, img: string) => ({
  order,
  account_number: "me@example.test",
  account_name: "学生",
  pay_date: "2027-05-01",
  img,
  coupon_list: [],
  amount: 1,
});

describe("bad uploads", () => {
  it("get a 400 naming the field and store nothing", async () => {
    const { s, order } = await openOrder("o-upload-bad");
    const before = await stored();
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    let bigB64 = "";
    for (let i = 0; i < big.length; i += 30_000) bigB64 += btoa(String.fromCharCode(...big.subarray(i, i + 30_000)));
    const cases: [string, string][] = [
      ["not base64 at all!", "上传的文件不是有效的base64编码。"],
      [btoa("just some text, not an image"), "上传的文件不是有效的图片（仅支持 JPEG、PNG、GIF）。"],
      [`data:image/png;base64,${btoa("%PDF-1.4")}`, "上传的文件不是有效的图片（仅支持 JPEG、PNG、GIF）。"],
      [bigB64, "文件大小不能超过5MB。"],
    ];
    for (const [img, msg] of cases) {
      const res = await post("/order/order_payment/", s.ticket, payment(order, img));
      expect(res.body, msg).toEqual({ code: 400, msg, data: {}, field_name: "img" });
    }
    expect((await post("/order/order_payment/", s.ticket, payment(order, ""))).body).toMatchObject({ code: 400, field_name: "img" });
    expect((await put(`/course/${cat.courses[0]}/upload_confirm_photo/`, s.ticket, { confirm_photo: "%%%" })).body).toMatchObject({
      code: 400,
      field_name: "confirm_photo",
    });
    expect((await put(`/course/project/${cat.project}/upload_img/`, s.ticket, { img: btoa("nope") })).body).toMatchObject({
      code: 400,
      field_name: "img",
    });
    expect(await stored()).toEqual(before);
    expect(await db.select().from(summerOrderPayments)).toHaveLength(0);
  });

  it("a body far over the route's cap is refused before it is read", async () => {
    const { s, order } = await openOrder("o-upload-huge");
    const res = await api("POST", "/order/order_payment/", s.ticket, { json: payment(order, "A".repeat(9 * 1024 * 1024)) });
    expect(res.body).toMatchObject({ code: 400, field_name: "body" });
  });

  it("a syllabus over 20 MiB is refused", async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries({
      project: cat.project,
      name: "大",
      course_code: "BIG",
      max_num: 5,
      credit: 2,
      professor: "P",
      start_time: "2027-07-03T08:00:00Z",
      end_time: "2027-07-03T10:00:00Z",
      address: "A",
    }))
      form.set(k, String(v));
    form.set("syllabus", new File([new Uint8Array(20 * 1024 * 1024 + 1)], "big.bin"));
    const before = await stored();
    const res = await api("POST", "/course/", admin.ticket, { multipart: form });
    expect(res.body).toMatchObject({ code: 400, msg: "文件大小不能超过20MB。", field_name: "syllabus" });
    expect(await stored()).toEqual(before);
  });
});

describe("good uploads", () => {
  it("accept JPEG, PNG and GIF, with or without a data: prefix, and serve them with their type", async () => {
    for (const [img, type] of [
      [JPEG, "image/jpeg"],
      [`data:image/gif;base64,${GIF}`, "image/gif"],
      [PNG_B64, "image/png"],
    ]) {
      const { s, order } = await openOrder(`o-upload-${type}`);
      const paid = await post("/order/order_payment/", s.ticket, payment(order, img));
      expect(paid.body.code).toBe(0);
      const res = await SELF.fetch(paid.body.data.order_payed_info.img, { headers: { authorization: `Bearer ${s.ticket}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(type);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      await res.arrayBuffer();
    }
  });

  it("are served to their owner and the staff area that handles them only", async () => {
    const { s, order } = await openOrder("o-upload-owner");
    const url = (await post("/order/order_payment/", s.ticket, payment(order, PNG_B64))).body.data.order_payed_info.img;
    const other = await student("o-upload-stranger");
    const market = await staff("MARKET");
    const finance = await staff("FINANCE");
    const fetchAs = async (ticket?: string) => {
      const res = await SELF.fetch(url, { headers: ticket ? { authorization: `Bearer ${ticket}` } : {} });
      if (!res.headers.get("content-type")?.startsWith("image/")) return (await res.json()) as any;
      await res.arrayBuffer();
      return "image";
    };
    expect(await fetchAs(s.ticket)).toBe("image");
    expect(await fetchAs(finance.ticket)).toBe("image");
    expect(await fetchAs(market.ticket)).toEqual({ code: 403, msg: "您没有执行该操作的权限。", data: {}, field_name: "" });
    expect(await fetchAs(other.ticket)).toEqual({ code: 403, msg: "您没有执行该操作的权限。", data: {}, field_name: "" });
    expect(await fetchAs()).toEqual({ code: 401, msg: "未登陆" });
    expect((await (await SELF.fetch(`${BASE}/summer/files/nope?ticket=${s.ticket}`)).json()) as any).toMatchObject({ code: 404 });
  });
});

describe("an advisor's QR image", () => {
  it("is served to the students the advisor advises, and to staff", async () => {
    const loner = await student("o-qr-loner");
    const now = Date.now();
    const key = "summer/advisor_qr/qr-test-1";
    await env.FILES.put(
      key,
      Uint8Array.from(atob(PNG_B64), (ch) => ch.charCodeAt(0)),
      { httpMetadata: { contentType: "image/png" } },
    );
    const [advisor] = await db
      .insert(summerSalesMen)
      .values({ name: "钱老师", wechat: "qian", email: "qian@example.test", qrFileId: "qr-test-1", createdAt: now, updatedAt: now })
      .returning();
    await db
      .insert(summerFiles)
      .values({ id: "qr-test-1", key, kind: "advisor_qr", salesManId: advisor.id, contentType: "image/png", size: 68, createdAt: now });
    const advised = await student("o-qr-advised");
    const url = (await get(`/auth/user/${advised.id}/sales_man/`, advised.ticket)).body.data.qr_code;
    expect(url).toBe(`${BASE}/summer/files/qr-test-1`);
    const as = async (ticket: string) => {
      const res = await SELF.fetch(`${url}?ticket=${ticket}`);
      if (res.headers.get("content-type") !== "image/png") return ((await res.json()) as any).code;
      await res.arrayBuffer();
      return 200;
    };
    expect(await as(advised.ticket)).toBe(200);
    expect(await as(admin.ticket)).toBe(200);
    expect(await as(loner.ticket)).toBe(403);
  });
});
