import { beforeAll, describe, expect, it } from "vitest";
import { ConsoleBrowser, visibleText } from "./console-helpers";
import { BASE } from "./helpers";
import { type Catalogue, get, PNG_B64, PNG_DATA_URI, paidOrder, patch, post, put, type Staff, staffTeam, student } from "./summer-helpers";

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

/** The raw bytes of a console path, as the browser's image request. */
function fetchAs(browser: ConsoleBrowser, path: string) {
  const cookie = [...browser.cookies].map(([k, val]) => `${k}=${val}`).join("; ");
  return import("cloudflare:test").then(({ SELF }) => SELF.fetch(`${BASE}${path}`, { headers: { cookie } }));
}
