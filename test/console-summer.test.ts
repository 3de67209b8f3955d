import { beforeAll, describe, expect, it } from "vitest";
import { ConsoleBrowser, visibleText } from "./console-helpers";
import { BASE } from "./helpers";
import { type Catalogue, get, PNG_B64, PNG_DATA_URI, paidOrder, put, type Staff, staffTeam, student } from "./summer-helpers";

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

/** The raw bytes of a console path, as the browser's image request. */
function fetchAs(browser: ConsoleBrowser, path: string) {
  const cookie = [...browser.cookies].map(([k, val]) => `${k}=${val}`).join("; ");
  return import("cloudflare:test").then(({ SELF }) => SELF.fetch(`${BASE}${path}`, { headers: { cookie } }));
}

void admin;
void product;
void put;
void PNG_DATA_URI;
