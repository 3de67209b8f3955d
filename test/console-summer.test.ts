import { env, SELF } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { summerCampusTypes, summerCoupons, summerPaymentAccounts, summerRemarks, summerUsers } from "../src/db/schema/summer";
import { ConsoleBrowser, operatorBrowser, visibleText } from "./console-helpers";
import { recordD1 } from "./d1-recorder";
import { BASE } from "./helpers";
import {
  type Catalogue,
  db,
  get,
  PNG_B64,
  PNG_DATA_URI,
  paidOrder,
  patch,
  post,
  put,
  type Staff,
  staff,
  staffTeam,
  student,
} from "./summer-helpers";

let admin: Staff;
let market: Staff;
let product: Staff;
let finance: Staff;
let cat: Catalogue;

beforeAll(async () => {
  ({ admin, market, product, finance, cat } = await staffTeam("console", "SC"));
});

/** A console browser signed in as a summer staff member (the fixtures' password). */
async function staffBrowser(who: Staff) {
  const browser = new ConsoleBrowser();
  const res = await browser.signIn(who.username, "secret-pass", "summer");
  if (res.status !== 303) throw new Error(`sign-in: ${res.status} ${visibleText(res.html).slice(0, 200)}`);
  return browser;
}

const PNG_BYTES = Uint8Array.from(atob(PNG_B64), (ch) => ch.charCodeAt(0));

describe("summer console: orders (财务中心)", () => {
  it("FINANCE sees an order with its proof image beside it, confirms it, and the API shows it confirmed", async () => {
    const s = await student("console-order");
    const orderId = await paidOrder(s, cat.project, 1);
    const browser = await staffBrowser(finance);

    const list = await browser.get("/console/summer/orders");
    expect(list.status).toBe(200);
    const listText = visibleText(list.html);
    expect(listText).toContain("财务中心");
    expect(listText).toContain(`${orderId} ${s.id} 项目SC`);
    expect(listText).toContain("待确认");

    const page = await browser.get(`/console/summer/orders/${orderId}`);
    expect(page.status).toBe(200);
    const img = /<img class="proof" src="([^"]+)" alt="付款凭证"/.exec(page.html);
    expect(img).not.toBeNull();
    expect(img?.[1]).toMatch(/^\/console\/summer\/files\/[A-Za-z0-9_-]+$/);
    expect(visibleText(page.html)).toContain("确认收款");

    const image = await fetchAs(browser, img?.[1] ?? "");
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(PNG_BYTES);

    await browser.get(`/console/summer/orders/${orderId}`);
    const done = await browser.post(`/console/summer/orders/${orderId}`, { status: "CONFIRMED", remark: "已到账" });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`/console/summer/orders/${orderId}`);
    const afterPage = await browser.get(`/console/summer/orders/${orderId}`);
    const after = visibleText(afterPage.html);
    expect(after).toContain(`订单 ${orderId} 已确认收款`);
    expect(after).toContain("状态 已确认");
    expect(afterPage.html).not.toContain('value="CONFIRMED"');

    const api = await get(`/order/${orderId}/`, finance.ticket);
    expect(api.body.data.status).toEqual({ key: "CONFIRMED", verbose: "已确认" });
    expect(api.body.data.remark).toBe("已到账");
  });

  it("a refused decision changes nothing and says why", async () => {
    const s = await student("console-order-twice");
    const orderId = await paidOrder(s, cat.project, 1);
    const browser = await staffBrowser(finance);
    await browser.get(`/console/summer/orders/${orderId}`);
    expect((await browser.post(`/console/summer/orders/${orderId}`, { status: "CONFIRMED" })).status).toBe(303);
    await browser.get(`/console/summer/orders/${orderId}`);
    const again = await browser.post(`/console/summer/orders/${orderId}`, { status: "CONFIRM_FAILED", remark: "晚了" });
    expect(again.status).toBe(303);
    expect(visibleText((await browser.get(again.location ?? "")).html)).toContain("管理员已确认该订单，不能进行任何更新操作");
    const api = await get(`/order/${orderId}/`, finance.ticket);
    expect(api.body.data.status.key).toBe("CONFIRMED");
    expect(api.body.data.remark).toBeNull();
  });

  it("MARKET has no 财务中心 in the menu and the orders pages answer 403 with nothing shown", async () => {
    const s = await student("console-order-market");
    const orderId = await paidOrder(s, cat.project, 1);
    const browser = await staffBrowser(market);
    const home = visibleText((await browser.get("/console")).html);
    expect(home).toContain("学生列表");
    expect(home).not.toContain("财务中心");
    for (const path of ["/console/summer/orders", `/console/summer/orders/${orderId}`]) {
      const res = await browser.get(path);
      expect(res.status).toBe(403);
      expect(visibleText(res.html)).not.toContain(String(s.id));
      expect(res.html).not.toContain("付款凭证");
    }
    await browser.get("/console/summer");
    const refused = await browser.post(`/console/summer/orders/${orderId}`, { status: "CONFIRMED" });
    expect(refused.status).toBe(303);
    expect((await get(`/order/${orderId}/`, finance.ticket)).body.data.status.key).toBe("TO_CONFIRM");
  });
});

/** A student with a confirmed order, a chosen course and its approval photo uploaded. */
async function photoWaiting(openid: string, course: number) {
  const s = await student(openid);
  const order = await paidOrder(s, cat.project, 1);
  expect((await patch(`/order/${order}/`, finance.ticket, { status: "CONFIRMED" })).body.code).toBe(0);
  expect((await post("/admin/course/create_user_course/", product.ticket, { user: s.id, order, course })).body.code).toBe(0);
  expect((await put(`/course/${course}/upload_confirm_photo/`, s.ticket, { confirm_photo: PNG_DATA_URI })).body.code).toBe(0);
  return { s, order };
}

const approvalsOf = async (userId: number) => (await get(`/admin/user_info/${userId}/confirm_course/`, product.ticket)).body.data;

describe("summer console: course photos, scores, credit transfers (产品中心)", () => {
  it("PRODUCT sees a student's approval photo and passes it; the API shows it passed", async () => {
    const { s } = await photoWaiting("console-photo", cat.courses[0]);
    const browser = await staffBrowser(product);
    const list = visibleText((await browser.get(`/console/summer/courses?user=${s.id}`)).html);
    expect(list).toMatch(/待审核的审课照片： 1 张/);
    expect(list).toContain(`${s.id}`);
    expect(list).toContain("查看审课照片");

    const page = await browser.get(`/console/summer/courses/${s.id}`);
    expect(page.status).toBe(200);
    expect(visibleText(page.html)).toContain("待审核");
    const img = /<img class="proof" src="(\/console\/summer\/files\/[A-Za-z0-9_-]+)"/.exec(page.html);
    expect(img).not.toBeNull();
    expect((await fetchAs(browser, img?.[1] ?? "")).headers.get("content-type")).toBe("image/png");
    const order = /name="order" value="(\d+)"/.exec(page.html)?.[1];

    const done = await browser.post(`/console/summer/courses/${s.id}`, {
      course: String(cat.courses[0]),
      order: order ?? "",
      status: "PASS",
    });
    expect(done.status).toBe(303);
    const after = await browser.get(`/console/summer/courses/${s.id}`);
    expect(visibleText(after.html)).toContain("审课照片已通过");
    expect(visibleText(after.html)).toContain("通过");
    expect(after.html).not.toContain('value="PASS"');
    expect((await approvalsOf(s.id))[0].status).toEqual({ key: "PASS", verbose: "通过" });

    await browser.get(`/console/summer/courses/${s.id}`);
    const again = await browser.post(`/console/summer/courses/${s.id}`, {
      course: String(cat.courses[0]),
      order: order ?? "",
      status: "NOPASS",
    });
    expect(visibleText((await browser.get(again.location ?? "")).html)).toContain("该课程没有待审核的审课照片");
    expect((await approvalsOf(s.id))[0].status.key).toBe("PASS");
  });

  it("MARKET and FINANCE cannot open the course photos; nothing changes", async () => {
    const { s, order } = await photoWaiting("console-photo-market", cat.courses[1]);
    for (const who of [market, finance]) {
      const browser = await staffBrowser(who);
      expect((await browser.get(`/console/summer/courses/${s.id}`)).status).toBe(403);
      expect((await browser.get("/console/summer/courses")).status).toBe(403);
      await browser.get("/console/summer");
      await browser.post(`/console/summer/courses/${s.id}`, { course: String(cat.courses[1]), order: String(order), status: "PASS" });
    }
    expect((await approvalsOf(s.id))[0].status.key).toBe("TO_CONFIRM");
  });

  it("PRODUCT records a score and a credit-transfer step", async () => {
    const { s, order } = await photoWaiting("console-score", cat.courses[2]);
    const browser = await staffBrowser(product);
    const page = await browser.get(`/console/summer/scores/${s.id}`);
    expect(visibleText(page.html)).toContain("未录入");
    const saved = await browser.post(`/console/summer/scores/${s.id}`, {
      course: String(cat.courses[2]),
      order: String(order),
      score: "91",
      score_grade: "A",
    });
    expect(saved.status).toBe(303);
    expect(visibleText((await browser.get(`/console/summer/scores/${s.id}`)).html)).toContain("91（A）");
    expect((await get(`/admin/user_info/${s.id}/scores/`, product.ticket)).body.data[0]).toMatchObject({ score: 91, score_grade: "A" });

    const bad = await browser.post(`/console/summer/scores/${s.id}`, {
      course: String(cat.courses[2]),
      order: String(order),
      score: "101",
    });
    expect(visibleText((await browser.get(bad.location ?? "")).html)).not.toContain("成绩已保存");
    expect((await get(`/admin/user_info/${s.id}/scores/`, product.ticket)).body.data[0].score).toBe(91);

    const credit = await browser.get(`/console/summer/credit/${s.id}?project=${cat.project}`);
    expect(visibleText(credit.html)).toContain("未开始");
    await browser.post(`/console/summer/credit/${s.id}`, { project: String(cat.project), status: "SUCCESS" });
    expect(visibleText((await browser.get(`/console/summer/credit/${s.id}?project=${cat.project}`)).html)).toContain("学分转换状态不能从");
    await browser.post(`/console/summer/credit/${s.id}`, { project: String(cat.project), status: "POSTED", post_number: "SF123" });
    expect(visibleText((await browser.get(`/console/summer/credit?user=${s.id}`)).html)).toContain("成绩单已寄出 SF123");
    expect((await get(`/admin/project_result/${s.id}/?project=${cat.project}`, product.ticket)).body.data).toMatchObject({
      status: { key: "POSTED" },
      post_number: "SF123",
    });
  });
});

describe("summer console: students, coupons, advisors, channels (市场)", () => {
  it("MARKET reads a student's file and adds a remark; an empty remark changes nothing", async () => {
    const s = await student("console-file");
    const browser = await staffBrowser(market);
    const list = visibleText((await browser.get(`/console/summer/students`)).html);
    expect(list).toContain("学生列表");
    expect(list).toContain(String(s.id));
    const file = await browser.get(`/console/summer/students/${s.id}`);
    expect(file.status).toBe(200);
    expect(visibleText(file.html)).toContain("暂无备注");
    // Course records and scores are the product staff's: MARKET's file shows neither.
    expect(visibleText(file.html)).not.toContain("审课记录");
    const added = await browser.post(`/console/summer/students/${s.id}/remarks`, { remark: "电话沟通过，九月报名" });
    expect(added.location).toBe(`/console/summer/students/${s.id}`);
    expect(visibleText((await browser.get(added.location ?? "")).html)).toContain("电话沟通过，九月报名");
    await browser.post(`/console/summer/students/${s.id}/remarks`, { remark: "   " });
    expect(visibleText((await browser.get(`/console/summer/students/${s.id}`)).html)).toContain("请填写备注");
    const remarks = (await get(`/admin/user_info/${s.id}/`, market.ticket)).body.data.user_info_remark;
    expect(remarks.map((r: { remark: string }) => r.remark)).toEqual(["电话沟通过，九月报名"]);
  });

  it("MARKET creates a coupon and gives it to a student, once", async () => {
    const s = await student("console-coupon");
    const browser = await staffBrowser(market);
    await browser.get("/console/summer/coupons");
    const made = await browser.post("/console/summer/coupons", {
      amount: "300",
      info: "早鸟优惠",
      start_time: "2027-01-01T00:00",
      end_time: "2027-12-31T23:59",
      max_num: "5",
      is_active: "true",
    });
    expect(made.status).toBe(303);
    const page = await browser.get("/console/summer/coupons");
    expect(visibleText(page.html)).toContain("早鸟优惠");
    expect(visibleText(page.html)).toContain("2027-01-01 00:00:00 至 2027-12-31 23:59:00");
    const couponId = /<option value="(\d+)"[^>]*>[A-Z0-9]{10} 早鸟优惠/.exec(page.html)?.[1] ?? "";
    const assigned = await browser.post("/console/summer/coupons/assign", { user: String(s.id), coupon: couponId });
    expect(visibleText((await browser.get(assigned.location ?? "")).html)).toContain(`已给学生 ${s.id} 分配优惠券`);
    const again = await browser.post("/console/summer/coupons/assign", { user: String(s.id), coupon: couponId });
    expect(visibleText((await browser.get(again.location ?? "")).html)).toContain("该学生已有此优惠券");
    const held = (await get(`/admin/user_info/${s.id}/`, market.ticket)).body.data.user_coupon;
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ id: Number(couponId), info: "早鸟优惠" });
  });

  it("MARKET adds an advisor with a QR image and a channel whose QR code is shown", async () => {
    const browser = await staffBrowser(market);
    await browser.get("/console/summer/advisors");
    const form = new FormData();
    form.set("name", "王顾问");
    form.set("wechat", "wang-adv");
    form.set("email", "wang@example.test");
    form.set("qr_code", new File([PNG_BYTES], "qr.png", { type: "image/png" }));
    const made = await browser.post("/console/summer/advisors", form);
    expect(made.status).toBe(303);
    const page = await browser.get("/console/summer/advisors");
    expect(visibleText(page.html)).toContain("王顾问 wang-adv");
    const qr = /<img class="proof" src="(\/console\/summer\/files\/[A-Za-z0-9_-]+)" alt="王顾问 的二维码"/.exec(page.html)?.[1] ?? "";
    const image = await fetchAs(browser, qr);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(PNG_BYTES);
    const advisors = (await get("/admin/sales_man/", market.ticket)).body.data.results;
    const wang = advisors.find((a: { name: string }) => a.name === "王顾问");

    await browser.get("/console/summer/channels");
    const channel = await browser.post("/console/summer/channels", {
      name: "控制台渠道",
      plan_date: "2027-03-01",
      sales_man: String(wang.id),
      plan_student_number: "100",
      plan_file_student_number: "50",
      plan_payed_student_number: "20",
    });
    expect(channel.status).toBe(303);
    const shown = await browser.get(channel.location ?? "");
    expect(visibleText(shown.html)).toContain("已创建推广渠道 控制台渠道");
    const code =
      /<img class="proof" src="(\/console\/summer\/files\/[A-Za-z0-9_-]+)" alt="控制台渠道 的二维码"/.exec(shown.html)?.[1] ?? "";
    expect((await fetchAs(browser, code)).headers.get("content-type")).toBe("image/png");
    const channels = (await get("/market/channel/", market.ticket)).body.data.results;
    expect(channels.find((ch: { name: string }) => ch.name === "控制台渠道")).toMatchObject({
      sales_man: { id: wang.id },
      plan_student_number: 100,
    });
  });
});

describe("summer console: accounts, staff, catalogue, statistics (系统中心 and ADMIN)", () => {
  it("FINANCE adds and deletes a receiving account; a refused one is not created", async () => {
    const browser = await staffBrowser(finance);
    await browser.get("/console/summer/accounts");
    const bad = await browser.post("/console/summer/accounts", {
      payment: "PAY_PAL",
      currency: "DOLLAR",
      account_number: "x@example.test",
      account_name: "X",
    });
    expect(visibleText((await browser.get(bad.location ?? "")).html)).toContain("美金账户必须填写 swift_code");
    const before = (await get("/admin/account_info/", finance.ticket)).body.data.count;
    await browser.post("/console/summer/accounts", {
      payment: "PAY_PAL",
      currency: "RMB",
      account_number: "现场缴费",
      account_name: "暑校前台",
    });
    const list = (await get("/admin/account_info/", finance.ticket)).body.data;
    const all = [...list.results, ...(list.count > 10 ? (await get("/admin/account_info/?page=2", finance.ticket)).body.data.results : [])];
    const made = all.find((a: { account_number: string }) => a.account_number === "现场缴费");
    expect(list.count).toBe(before + 1);
    await browser.get("/console/summer/accounts");
    const gone = await browser.post(`/console/summer/accounts/${made.id}/delete`, {});
    expect(visibleText((await browser.get(gone.location ?? "")).html)).toContain("收款账户已删除");
    expect((await get("/admin/account_info/", finance.ticket)).body.data.count).toBe(before);
  });

  it("ADMIN creates a staff account, changes its password and disables it", async () => {
    const browser = await staffBrowser(admin);
    await browser.get("/console/summer/staff");
    await browser.post("/console/summer/staff", { name: "新同事", username: "console-new-staff", password: "first-pass", role: "PRODUCT" });
    const list = (await get("/admin/child_user/", admin.ticket)).body.data;
    let rows = list.results;
    for (let page = 2; rows.length < list.count; page++)
      rows = [...rows, ...(await get(`/admin/child_user/?page=${page}`, admin.ticket)).body.data.results];
    const made = rows.find((u: { username: string }) => u.username === "console-new-staff");
    expect(made).toMatchObject({ name: "新同事", is_active: true, role: { key: "PRODUCT" } });
    expect((await new ConsoleBrowser().signIn("console-new-staff", "first-pass", "summer")).status).toBe(303);

    await browser.get(`/console/summer/staff/${made.id}`);
    await browser.post(`/console/summer/staff/${made.id}/password`, { password: "second-pass" });
    expect((await new ConsoleBrowser().signIn("console-new-staff", "first-pass", "summer")).status).toBe(401);
    expect((await new ConsoleBrowser().signIn("console-new-staff", "second-pass", "summer")).status).toBe(303);

    await browser.get("/console/summer/staff");
    const off = await browser.post(`/console/summer/staff/${made.id}/active`, { is_active: "false" });
    expect(visibleText((await browser.get(off.location ?? "")).html)).toContain("console-new-staff 已停用");
    expect((await get(`/admin/child_user/${made.id}/`, admin.ticket)).body.data.is_active).toBe(false);
    expect((await new ConsoleBrowser().signIn("console-new-staff", "second-pass", "summer")).status).not.toBe(303);

    const self = await browser.post(`/console/summer/staff/${admin.id}/active`, { is_active: "false" });
    expect(visibleText((await browser.get(self.location ?? "")).html)).toContain("不能停用或降级自己的账户");
    expect((await get(`/admin/child_user/${admin.id}/`, admin.ticket)).body.data.is_active).toBe(true);
  });

  it("the catalogue pages create through the API; ADMIN sees the statistics, PRODUCT does not", async () => {
    const browser = await staffBrowser(admin);
    await browser.get("/console/summer/campus-types");
    await browser.post("/console/summer/campus-types", { title: "澳洲暑校控制台", campus_country: "AUSTRALIA" });
    const types = (await get("/course/campus_type/type_country_campus/", admin.ticket)).body.data;
    const made = types
      .flatMap((g: { campus_type: { title: string }[] }) => g.campus_type)
      .find((t: { title: string }) => t.title === "澳洲暑校控制台");
    expect(made).toBeTruthy();
    await browser.get("/console/summer/countries");
    await browser.post("/console/summer/countries", { name: "新西兰控制台", campus_type: String(made.id) });
    expect(visibleText((await browser.get("/console/summer/countries/")).html)).toContain("已创建暑校国家 新西兰控制台");

    await browser.get("/console/summer/projects");
    const project = await browser.post("/console/summer/projects", {
      name: "控制台项目",
      campus: String(cat.campus),
      campus_country: String(cat.countries[0]),
      start_date: "2027-07-01",
      end_date: "2027-08-01",
      address: "Main St 2",
      info: "须知",
      apply_fee: "100",
      course_num: "2",
      project_fees: "1=1000\n2=1800",
    });
    expect(visibleText((await browser.get(project.location ?? "")).html)).toContain("已创建项目 控制台项目");
    const projects = (await get(`/course/project/?campus=${cat.campus}`, admin.ticket)).body.data.results;
    expect(projects.find((p: { name: string }) => p.name === "控制台项目").project_course_fee).toMatchObject([
      { course_number: 1, course_fee: 1000 },
      { course_number: 2, course_fee: 1800 },
    ]);

    const home = visibleText((await browser.get("/console/summer/catalogue")).html);
    expect(home).toContain("学生情况概览");
    expect(home).toContain("项目SC");
    expect((await browser.get("/console/summer/statistics/campuses")).status).toBe(200);
    expect(visibleText((await browser.get("/console/summer/statistics/students")).html)).toContain("学生总数");

    const productBrowser = await staffBrowser(product);
    const productHome = await productBrowser.get("/console/summer/catalogue");
    expect(productHome.status).toBe(200);
    expect(visibleText(productHome.html)).not.toContain("学生情况概览");
    expect((await productBrowser.get("/console/summer/statistics/students")).status).toBe(403);
  });
});

describe("summer console: who gets in", () => {
  it("each role's menu is exactly the navigation API's answer", async () => {
    for (const who of [admin, market, product, finance]) {
      const menu = (await get("/common/navigation/", who.ticket)).body.data;
      const expected = menu.flatMap((top: { name: string; second_levels: { name: string }[] }) =>
        top.second_levels.map((s) => `${top.name} · ${s.name}`),
      );
      const browser = await staffBrowser(who);
      const nav = /<nav class="menu"[\s\S]*?<\/nav>/.exec((await browser.get("/console/summer")).html)?.[0] ?? "";
      const shown = [...nav.matchAll(/<a [^>]*>([\s\S]*?)<\/a>/g)].map((m) => visibleText(m[1]));
      expect(shown).toEqual(expected);
    }
  });

  it("a student's ticket never opens the console", async () => {
    const s = await student("console-student");
    const direct = await SELF.fetch(`${BASE}/console/summer/students`, {
      headers: { authorization: `Bearer ${s.ticket}`, cookie: `ticket=${s.ticket}` },
      redirect: "manual",
    });
    expect(direct.status).toBe(303);
    expect(direct.headers.get("location")).toContain("/console/login");
    for (const [username, password] of [
      [s.ticket, s.ticket],
      [String(s.id), s.ticket],
      [s.openid, s.ticket],
    ]) {
      const res = await new ConsoleBrowser().signIn(username, password, "summer");
      expect(res.status).not.toBe(303);
    }
  });

  it("an operator without a summer staff account is refused the summer pages", async () => {
    const browser = await operatorBrowser("console-summer-op", ["sports", "library", "reminders", "jh", "operators"]);
    expect((await browser.get("/console/summer/orders")).status).toBe(403);
    expect(visibleText((await browser.get("/console")).html)).not.toContain("财务中心");
  });
});

describe("summer console: the role the account has now", () => {
  /** The message a refused form leaves on the page it goes back to. */
  async function refusedWith(browser: ConsoleBrowser, res: { status: number; location: string | null }) {
    expect(res.status).toBe(303);
    return visibleText((await browser.get(res.location ?? "")).html);
  }

  it("a role changed while signed in applies to the next page and the next form, both ways", async () => {
    const who = await staff("PRODUCT", "console-role-flip");
    const s = await student("console-role-flip-student");
    const browser = await staffBrowser(who);
    const typeNamed = async (title: string) => db.select().from(summerCampusTypes).where(eq(summerCampusTypes.title, title));

    await browser.get("/console/summer/campus-types");
    const made = await browser.post("/console/summer/campus-types", { title: "角色切换甲", campus_country: "AUSTRALIA" });
    expect(await refusedWith(browser, made)).toContain("已创建暑校类型 角色切换甲");
    expect((await browser.get("/console/summer/courses")).status).toBe(200);
    expect((await browser.get(`/console/summer/students/${s.id}`)).status).toBe(403);

    const header = async (path: string) => /<span class="who">([^<]*)<\/span>/.exec((await browser.get(path)).html)?.[1];
    expect(await header("/console")).toBe("暑期学校 产品 console-role-flip");
    expect((await patch(`/admin/child_user/${who.id}/`, admin.ticket, { role: "MARKET" })).body.code).toBe(0);
    // The header says the role the account has now, on every page, as the menu does.
    expect(await header("/console")).toBe("暑期学校 市场 console-role-flip");
    expect(await header(`/console/summer/students/${s.id}`)).toBe("暑期学校 市场 console-role-flip");
    expect((await browser.get("/console/summer/courses")).status).toBe(403);
    const file = await browser.get(`/console/summer/students/${s.id}`);
    expect(file.status).toBe(200);
    expect(visibleText(file.html)).not.toContain("审课记录");
    // The catalogue is read by any ticket (as the API answers it), changed only by its area.
    await browser.get("/console/summer/campus-types");
    const refused = await browser.post("/console/summer/campus-types", { title: "角色切换乙", campus_country: "AUSTRALIA" });
    expect(await refusedWith(browser, refused)).toContain("您没有执行该操作的权限");
    expect(await typeNamed("角色切换乙")).toEqual([]);

    expect((await patch(`/admin/child_user/${who.id}/`, admin.ticket, { role: "ADMIN" })).body.code).toBe(0);
    expect(await header("/console")).toBe("暑期学校 管理员 console-role-flip");
    expect(visibleText((await browser.get(`/console/summer/students/${s.id}`)).html)).toContain("审课记录");
    await browser.get("/console/summer/campus-types");
    const again = await browser.post("/console/summer/campus-types", { title: "角色切换乙", campus_country: "AUSTRALIA" });
    expect(await refusedWith(browser, again)).toContain("已创建暑校类型 角色切换乙");
    expect(await typeNamed("角色切换乙")).toHaveLength(1);
  });

  it("a disabled account is signed out of the console at once, and what its open page sends is not written", async () => {
    const who = await staff("FINANCE", "console-disabled");
    const browser = await staffBrowser(who);
    expect((await browser.get("/console/summer/accounts")).status).toBe(200);
    expect((await patch(`/admin/child_user/${who.id}/`, admin.ticket, { is_active: false })).body.code).toBe(0);

    const sent = await browser.post("/console/summer/accounts", {
      payment: "OFF_LINE",
      currency: "RMB",
      account_number: "停用后提交",
      account_name: "X",
    });
    expect(sent.status).toBe(303);
    expect(sent.location).toContain("/console/login");
    const page = await browser.get("/console/summer/accounts");
    expect(page.status).toBe(303);
    expect(page.location).toContain("/console/login");
    expect(await db.select().from(summerPaymentAccounts).where(eq(summerPaymentAccounts.accountNumber, "停用后提交"))).toEqual([]);
  });

  it("every list page opens exactly for the roles the API answers its list to", async () => {
    const pages: [string, string][] = [
      ["/console/summer/orders", "/order/"],
      ["/console/summer/students", "/admin/user_info/"],
      ["/console/summer/coupons", "/coupon/coupon/"],
      ["/console/summer/advisors", "/admin/sales_man/"],
      ["/console/summer/accounts", "/admin/account_info/"],
      ["/console/summer/staff", "/admin/child_user/"],
      ["/console/summer/catalogue", "/admin/project/"],
      ["/console/summer/credit", "/admin/project_result/"],
      ["/console/summer/statistics/campuses", "/admin/statistics/campus_overview/"],
      ["/console/summer/campus-types", "/course/campus_type/"],
    ];
    for (const who of [admin, market, product, finance]) {
      const browser = await staffBrowser(who);
      for (const [page, route] of pages) {
        const apiCode = (await get(route, who.ticket)).body.code;
        expect([0, 403], `${who.username} ${route}`).toContain(apiCode);
        expect((await browser.get(page)).status, `${who.username} ${page}`).toBe(apiCode === 0 ? 200 : 403);
      }
    }
  });

  it("a form is refused to the roles the API refuses, says so, and writes nothing", async () => {
    const s = await student("console-refused-forms");
    const cases: { who: Staff; page: string; form: Record<string, string>; route: [string, unknown]; nothing: () => Promise<unknown[]> }[] =
      [
        {
          who: finance,
          page: "/console/summer/coupons",
          form: { amount: "10", info: "财务不能建的券", start_time: "2027-01-01T00:00", end_time: "2027-02-01T00:00", max_num: "1" },
          route: ["/coupon/coupon/", { amount: 10, info: "财务不能建的券", start_time: "2027-01-01", end_time: "2027-02-01", max_num: 1 }],
          nothing: () => db.select().from(summerCoupons).where(eq(summerCoupons.info, "财务不能建的券")),
        },
        {
          who: product,
          page: "/console/summer/accounts",
          form: { payment: "OFF_LINE", currency: "RMB", account_number: "产品不能建的账户", account_name: "X" },
          route: ["/admin/account_info/", { payment: "OFF_LINE", currency: "RMB", account_number: "产品不能建的账户", account_name: "X" }],
          nothing: () => db.select().from(summerPaymentAccounts).where(eq(summerPaymentAccounts.accountNumber, "产品不能建的账户")),
        },
        {
          who: market,
          page: "/console/summer/staff",
          form: { name: "市场不能建", username: "console-market-made", password: "secret-pass", role: "ADMIN" },
          route: ["/admin/child_user/", { name: "市场不能建", username: "console-market-made", password: "secret-pass", role: "ADMIN" }],
          nothing: () => db.select().from(summerUsers).where(eq(summerUsers.username, "console-market-made")),
        },
        {
          who: finance,
          page: "/console/summer/campus-types",
          form: { title: "财务不能建的类型", campus_country: "AUSTRALIA" },
          route: ["/course/campus_type/", { title: "财务不能建的类型", campus_country: "AUSTRALIA" }],
          nothing: () => db.select().from(summerCampusTypes).where(eq(summerCampusTypes.title, "财务不能建的类型")),
        },
        {
          who: product,
          page: `/console/summer/students/${s.id}/remarks`,
          form: { remark: "产品不能写的备注" },
          route: [`/admin/user_info/${s.id}/add_remark/`, { remark: "产品不能写的备注" }],
          nothing: () => db.select().from(summerRemarks).where(eq(summerRemarks.remark, "产品不能写的备注")),
        },
      ];
    for (const { who, page, form, route, nothing } of cases) {
      expect((await post(route[0], who.ticket, route[1])).body.code, `${who.username} ${route[0]}`).toBe(403);
      const browser = await staffBrowser(who);
      await browser.get("/console/summer");
      expect(await refusedWith(browser, await browser.post(page, form)), `${who.username} ${page}`).toContain("您没有执行该操作的权限");
      expect(await nothing()).toEqual([]);
    }
  });

  it("a page reads the staff member and its data in one batch; a form confirms them, then writes in one batch", async () => {
    const browser = await staffBrowser(product);
    await browser.get("/console/summer/campuses");
    const recorder = recordD1(env.DB);
    try {
      expect((await browser.get("/console/summer/campuses")).status).toBe(200);
      // The console's own session, the menu, then the page: the caller first, the campuses, their count and the form's choices.
      const page = recorder.calls.at(-1);
      expect(page?.method).toBe("batch");
      expect(page?.statements[0].sql).toContain('"summer_users"');
      const tables = page?.statements.map((st) => /from "(\w+)"/.exec(st.sql)?.[1]);
      expect(tables).toHaveLength(5);
      expect([tables?.[0], tables?.[2], tables?.[3], tables?.[4]]).toEqual([
        "summer_users",
        "summer_campuses",
        "summer_campus_types",
        "summer_countries",
      ]);
      expect(page?.statements[1].sql).toContain('from "summer_campuses"');

      await browser.get("/console/summer/campus-types");
      recorder.clear();
      const made = await browser.post("/console/summer/campus-types", { title: "一批写入", campus_country: "AUSTRALIA" });
      expect(made.status).toBe(303);
      // The console's session, then the caller's own trip, then the write with its audit in one batch.
      expect(recorder.calls.map((call) => call.method)).toEqual(["raw", "batch", "batch"]);
      expect(recorder.calls[1].statements).toHaveLength(1);
      expect(recorder.calls[2].statements.map((st) => /^insert into "(\w+)"/.exec(st.sql)?.[1])).toEqual([
        "summer_campus_types",
        "summer_audit",
      ]);
    } finally {
      recorder.stop();
    }
  });
});

/** The raw bytes of a console path, as the browser's image request. */
function fetchAs(browser: ConsoleBrowser, path: string) {
  const cookie = [...browser.cookies].map(([k, val]) => `${k}=${val}`).join("; ");
  return SELF.fetch(`${BASE}${path}`, { headers: { cookie } });
}
