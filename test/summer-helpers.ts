import { env, SELF } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import * as schema from "../src/db/schema";
import { ADMIN, BASE, postJson, wxCode } from "./helpers";

export interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

type Body = { json?: unknown; form?: Record<string, string>; multipart?: FormData };

/** Calls the summer surface (`path` after /summer) with a ticket as Bearer (or none). */
export async function api(
  method: string,
  path: string,
  ticket?: string | null,
  body: Body = {},
  headers: Record<string, string> = {},
): Promise<Reply> {
  const h: Record<string, string> = { ...headers };
  if (ticket) h.authorization = `Bearer ${ticket}`;
  let payload: BodyInit | undefined;
  if (body.json !== undefined) {
    h["content-type"] = "application/json";
    payload = JSON.stringify(body.json);
  } else if (body.form) {
    h["content-type"] = "application/x-www-form-urlencoded";
    payload = new URLSearchParams(body.form).toString();
  } else if (body.multipart) payload = body.multipart;
  const res = await SELF.fetch(`${BASE}/summer${path}`, { method, headers: h, body: payload });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: res.status, body: parsed, headers: res.headers };
}

export const get = (path: string, ticket?: string | null) => api("GET", path, ticket);
export const post = (path: string, ticket: string | null, json: unknown) => api("POST", path, ticket, { json });
export const put = (path: string, ticket: string | null, json: unknown) => api("PUT", path, ticket, { json });
export const patch = (path: string, ticket: string | null, json: unknown) => api("PATCH", path, ticket, { json });

export interface Student {
  id: number;
  ticket: string;
  openid: string;
}

/** A student logged in through check_account with a wx.login code from the simulator. */
export async function student(openid: string): Promise<Student> {
  const code = await wxCode(openid);
  const { body } = await get(`/auth/user/check_account/?code=${encodeURIComponent(code)}`);
  if (body.code !== 0) throw new Error(`check_account failed: ${JSON.stringify(body)}`);
  return { id: body.data.user_id, ticket: body.data.ticket, openid };
}

export interface Staff {
  id: number;
  ticket: string;
  username: string;
}

/** A staff account created by the operators' API, logged in. */
export async function staff(
  role: "ADMIN" | "MARKET" | "PRODUCT" | "FINANCE",
  username = `${role.toLowerCase()}-user`,
  password = "secret-pass",
): Promise<Staff> {
  const created = await postJson("/admin/summer/staff", { username, password, role }, ADMIN);
  if (created.status !== 201 && created.status !== 409) throw new Error(`staff: ${JSON.stringify(created.body)}`);
  const { body } = await post("/auth/user/login/", null, { username, password });
  if (body.code !== 0) throw new Error(`login failed: ${JSON.stringify(body)}`);
  return { id: body.data.user_id, ticket: body.data.ticket, username };
}

/** A 1x1 PNG, base64. */
export const PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
export const PNG_DATA_URI = `data:image/png;base64,${PNG_B64}`;

export interface Catalogue {
  campusType: number;
  countries: number[];
  campus: number;
  project: number;
  courses: number[];
}

/** A small catalogue made through the staff API: a type, two countries, a campus, a project (fees 1..3) and courses. */
export async function catalogue(admin: string, tag: string, opts: { courseSeats?: number[]; applyFee?: number } = {}): Promise<Catalogue> {
  const must = (r: Reply) => {
    if (r.body.code !== 0) throw new Error(`catalogue: ${JSON.stringify(r.body)}`);
    return r.body.data;
  };
  const type = must(await post("/course/campus_type/", admin, { title: `北美暑校${tag}`, campus_country: "NORTH_AMERICA" }));
  const us = must(await post("/course/campus_country/", admin, { name: `美国${tag}`, campus_type: type.id }));
  const ca = must(await post("/course/campus_country/", admin, { name: `加拿大${tag}`, campus_type: type.id }));
  const campus = must(
    await post("/course/campus/", admin, { name: `波士顿校区${tag}`, campus_type: type.id, info: "info", campus_country: [us.id, ca.id] }),
  );
  const project = must(
    await post("/course/project/", admin, {
      campus: campus.id,
      name: `项目${tag}`,
      start_date: "2027-07-01",
      end_date: "2027-08-01",
      address: "Main St 1",
      info: "须知",
      apply_fee: opts.applyFee ?? 1000,
      course_num: 3,
      campus_country: us.id,
      project_fees: [
        { course_number: 1, course_fee: 1200 },
        { course_number: 2, course_fee: 2000 },
        { course_number: 3, course_fee: 2700 },
      ],
    }),
  );
  const courses: number[] = [];
  for (const [i, seats] of (opts.courseSeats ?? [50, 50, 50, 50]).entries()) {
    const course = must(
      await post("/course/", admin, {
        project: project.id,
        name: `课程${tag}-${i}`,
        course_code: `C${tag}${i}`,
        max_num: seats,
        credit: 3,
        professor: "Prof",
        start_time: "2027-07-02T08:00:00Z",
        end_time: "2027-07-02T12:00:00Z",
        address: "Hall",
      }),
    );
    courses.push(course.id);
  }
  return { campusType: type.id, countries: [us.id, ca.id], campus: campus.id, project: project.id, courses };
}

export const db = drizzle(env.DB, { schema });

/** A sales advisor, straight into D1 (the staff console that creates them comes later). */
export async function advisor(name: string, qrUrl = `https://example.test/qr/${name}.png`) {
  const now = Date.now();
  const [row] = await db
    .insert(schema.summerSalesMen)
    .values({ name, wechat: `wx-${name}`, email: `${name}@example.test`, qrUrl, createdAt: now, updatedAt: now })
    .returning();
  return row;
}

/** A coupon given to the students, straight into D1. */
export async function coupon(
  code: string,
  amount: number,
  userIds: number[],
  opts: { start?: number; end?: number; active?: boolean } = {},
) {
  const now = Date.now();
  const [c] = await db
    .insert(schema.summerCoupons)
    .values({
      couponCode: code,
      amount,
      info: `优惠${amount}`,
      startTime: opts.start ?? now - 86_400_000,
      endTime: opts.end ?? now + 86_400_000,
      maxNum: 100,
      isActive: opts.active ?? true,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  for (const userId of userIds)
    await db.insert(schema.summerUserCoupons).values({ userId, couponId: c.id, createdAt: now, updatedAt: now });
  return c;
}

/** Receiving accounts for every payment method, straight into D1. */
export async function receivingAccounts() {
  const now = Date.now();
  await db
    .insert(schema.summerPaymentAccounts)
    .values([
      { payment: "ALI_PAY", currency: "RMB", accountNumber: "pay@example.test", accountName: "暑校", createdAt: now, updatedAt: now },
      {
        payment: "BANK",
        currency: "RMB",
        accountNumber: "6222000011112222",
        accountName: "暑校",
        openingBank: "中国银行",
        createdAt: now,
        updatedAt: now,
      },
      {
        payment: "BANK",
        currency: "DOLLAR",
        accountNumber: "US00112233",
        accountName: "Summer",
        openingBank: "BOC NY",
        swiftCode: "BKCHUS33",
        createdAt: now,
        updatedAt: now,
      },
      {
        payment: "PAY_PAL",
        currency: "DOLLAR",
        accountNumber: "paypal@example.test",
        accountName: "Summer",
        createdAt: now,
        updatedAt: now,
      },
    ])
    .onConflictDoNothing();
}

/** Places an order and pays it; returns the order id. */
export async function paidOrder(s: Student, project: number, courseNum = 2, coupons: number[] = []) {
  const created = await post("/order/", s.ticket, {
    project,
    currency: "RMB",
    payment: "ALI_PAY",
    course_num: courseNum,
    coupon_list: coupons,
  });
  if (created.body.code !== 0) throw new Error(`order: ${JSON.stringify(created.body)}`);
  const paid = await post("/order/order_payment/", s.ticket, {
    order: created.body.data.id,
    account_number: "me@example.test",
    account_name: "学生",
    pay_date: "2027-05-01",
    img: PNG_DATA_URI,
    coupon_list: [],
    amount: created.body.data.pay_fee,
  });
  if (paid.body.code !== 0) throw new Error(`payment: ${JSON.stringify(paid.body)}`);
  return created.body.data.id as number;
}

/** One staff member of each role, a catalogue made by the ADMIN, and the receiving accounts: the staff tests' start. */
export async function staffTeam(suffix: string, tag: string, opts: { courseSeats?: number[]; applyFee?: number } = {}) {
  const admin = await staff("ADMIN", `admin-${suffix}`);
  const market = await staff("MARKET", `market-${suffix}`);
  const product = await staff("PRODUCT", `product-${suffix}`);
  const finance = await staff("FINANCE", `finance-${suffix}`);
  const cat = await catalogue(admin.ticket, tag, opts);
  await receivingAccounts();
  return { admin, market, product, finance, cat };
}
