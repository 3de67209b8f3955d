import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { type ConsoleBrowser, operatorBrowser, visibleText } from "./console-helpers";
import { ADMIN, getJson } from "./helpers";
import { type Cab, onlineCabinet, poll, rent, rentAndTake, report, revert, signup, uniq } from "./sports-helpers";

const sportsOffice = () =>
  operatorBrowser(
    uniq("sports")
      .replace(/[^\w.-]/g, "")
      .slice(0, 32),
    ["sports"],
  );

const SECRET = /<code class="secret" id="cabinet-secret">([0-9a-f]{64})<\/code>/;

/** Provisions a cabinet through the console's form; returns it with the secret the answer showed. */
async function provision(browser: ConsoleBrowser, fields: Record<string, string> = {}) {
  const deviceId = fields.device_id ?? uniq("cab");
  await browser.get("/console/sports/new");
  const res = await browser.post("/console/sports/new", { device_id: deviceId, name: "东区柜", location: "东操场", slots: "4", ...fields });
  const secret = SECRET.exec(res.html)?.[1];
  if (res.status !== 200 || !secret) throw new Error(`provision: ${res.status} ${visibleText(res.html).slice(0, 300)}`);
  return { res, cab: { deviceId, name: "东区柜", secret } satisfies Cab };
}

const devices = async () => (await getJson("/admin/sports/devices", ADMIN)).body.devices as any[];
const inspect = async (deviceId: string) => (await getJson(`/admin/sports/devices/${deviceId}`, ADMIN)).body;
const ball = (slot: number, tag = uniq("T")) => ({ tag, name: `篮球${slot}`, type: "篮球", slot });

describe("console: sports cabinets", () => {
  it("provisions a cabinet and shows its secret once, never on a later page", async () => {
    const browser = await sportsOffice();
    const form = await browser.get("/console/sports/new");
    expect(form.status).toBe(200);
    expect(form.html).toContain("<label>柜机编号");
    const { res, cab } = await provision(browser, { device_id: uniq("cab") });

    const text = visibleText(res.html);
    expect(text).toContain(`柜机 ${cab.deviceId} 的签名密钥`);
    expect(text).toContain("密钥只显示这一次");
    expect(res.html).toContain('data-copy="cabinet-secret"');
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("location")).toBeNull();
    expect(res.headers.getSetCookie().join("\n")).not.toContain(cab.secret);

    const listed = (await devices()).find((d) => d.id === cab.deviceId);
    expect(listed).toMatchObject({ name: "东区柜", location: "东操场", slots: 4, retired_at: null });

    for (const path of [
      "/console/sports",
      `/console/sports/cabinets/${cab.deviceId}`,
      "/console/sports/new",
      "/console/sports/anomalies",
    ]) {
      const page = await browser.get(path);
      expect(page.status, path).toBe(200);
      expect(page.html, path).not.toContain(cab.secret);
      expect(page.html, path).not.toContain('class="secret"');
    }
    const list = visibleText((await browser.get("/console/sports")).html);
    expect(list).toContain(cab.deviceId);
    expect(list).toContain("最近 60 秒内轮询过的柜机算作在线");
    // The secret the page showed is the one the cabinet signs with.
    expect((await poll(cab)).status).toBe(200);
  });

  it("refuses a duplicate or malformed cabinet in Chinese and creates nothing", async () => {
    const browser = await sportsOffice();
    const { cab } = await provision(browser);
    const before = (await devices()).length;
    await browser.get("/console/sports/new");
    const again = await browser.post("/console/sports/new", { device_id: cab.deviceId, name: "重复", slots: "4" });
    expect(again.status).toBe(303);
    expect(again.location).toBe("/console/sports/new");
    expect(again.html).not.toMatch(/[0-9a-f]{64}/);
    expect(visibleText((await browser.get("/console/sports/new")).html)).toContain(`柜机编号 ${cab.deviceId} 已存在`);

    await browser.post("/console/sports/new", { device_id: "bad id!", name: "x", slots: "4" });
    expect(visibleText((await browser.get("/console/sports/new")).html)).toContain("柜机编号只能包含字母、数字和 _ . -");
    await browser.post("/console/sports/new", { device_id: uniq("cab"), name: "x", slots: "500" });
    expect(visibleText((await browser.get("/console/sports/new")).html)).toContain("槽位数应为 1–200 的整数");
    await browser.post("/console/sports/new", { device_id: uniq("cab"), name: " ", slots: "4" });
    expect(visibleText((await browser.get("/console/sports/new")).html)).toContain("请填写名称");
    expect((await devices()).length).toBe(before);
    expect((await devices()).find((d) => d.id === cab.deviceId).name).toBe("东区柜");
  });

  it("shows a polling cabinet online with the codes on its display", async () => {
    const browser = await sportsOffice();
    const { cab } = await provision(browser);
    const offline = visibleText((await browser.get(`/console/sports/cabinets/${cab.deviceId}`)).html);
    expect(offline).toContain("在线状态 离线 最近轮询 从未");

    const { body } = await poll(cab);
    const [code] = body.codes as string[];
    const page = await browser.get(`/console/sports/cabinets/${cab.deviceId}`);
    expect(page.html).toContain('id="cabinet-live" data-live="3"');
    const text = visibleText(page.html);
    expect(text).toContain("在线状态 在线");
    expect(text).toContain(`屏幕验证码 ${code}`);
    expect(text).not.toContain("离线");

    const list = await browser.get("/console/sports");
    expect(list.html).toContain('id="cabinet-list" data-live="5"');
    const row = list.html.slice(list.html.indexOf(`>${cab.deviceId}</a>`));
    expect(visibleText(row.slice(0, row.indexOf("</tr>")))).toMatch(/^\S+ 东区柜 东操场 在线 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d 4 在用$/);
  });

  it("rotates the secret: the new one is shown once and the old one stops working", async () => {
    const browser = await sportsOffice();
    const { cab } = await provision(browser);
    expect((await poll(cab)).status).toBe(200);
    const page = await browser.get(`/console/sports/cabinets/${cab.deviceId}`);
    expect(page.html).toContain('data-confirm="旧密钥会立即失效，确定重新生成密钥吗？"');

    const rotated = await browser.post(`/console/sports/cabinets/${cab.deviceId}/secret`, {});
    expect(rotated.status).toBe(200);
    const secret = SECRET.exec(rotated.html)?.[1];
    expect(secret).toBeDefined();
    expect(secret).not.toBe(cab.secret);
    expect(visibleText(rotated.html)).toContain("旧密钥已失效");

    expect((await poll(cab)).status).toBe(401);
    expect((await poll({ ...cab, secret: secret ?? "" })).status).toBe(200);
    expect((await browser.get(`/console/sports/cabinets/${cab.deviceId}`)).html).not.toContain(secret);
  });

  it("retires a cabinet after asking, and then offers no actions", async () => {
    const browser = await sportsOffice();
    const { cab } = await provision(browser);
    const page = await browser.get(`/console/sports/cabinets/${cab.deviceId}`);
    expect(page.html).toContain(`data-confirm="确定停用柜机 ${cab.deviceId} 吗？停用后不能恢复。"`);

    const retired = await browser.post(`/console/sports/cabinets/${cab.deviceId}/retire`, {});
    expect(retired.status).toBe(303);
    expect(retired.location).toBe(`/console/sports/cabinets/${cab.deviceId}`);
    const after = await browser.get(retired.location ?? "");
    const text = visibleText(after.html);
    expect(text).toContain(`柜机 ${cab.deviceId} 已停用`);
    expect(text).toContain("此柜机已停用");
    expect(after.html).not.toContain("/retire");
    expect((await devices()).find((d) => d.id === cab.deviceId).retired_at).not.toBeNull();
    expect((await poll(cab)).status).toBe(401);
    expect(visibleText((await browser.get("/console/sports")).html)).toContain("已停用");

    const unknown = await browser.get("/console/sports/cabinets/no-such-cabinet");
    expect(unknown.status).toBe(404);
    expect(visibleText(unknown.html)).toContain("没有编号为 no-such-cabinet 的柜机");

    // Retiring again (an old page's form) is refused, and changes nothing.
    const again = await browser.post(`/console/sports/cabinets/${cab.deviceId}/retire`, {});
    expect(again.status).toBe(303);
    expect(visibleText((await browser.get(again.location ?? "")).html)).toContain(`柜机 ${cab.deviceId} 不存在或已停用`);
  });

  it("places items as the operators' API does, and refuses a bad list without changing anything", async () => {
    const browser = await sportsOffice();
    const { cab } = await provision(browser);
    const here = `/console/sports/cabinets/${cab.deviceId}`;
    await browser.get(here);
    const placed = await browser.post(`${here}/items`, { items: "1,T-CA1,斯伯丁篮球,篮球\r\n\r\n3， T-CA3 ，尤尼克斯球拍，羽毛球拍\r\n" });
    expect(placed.status).toBe(303);
    const page = visibleText((await browser.get(here)).html);
    expect(page).toContain("已放入 2 件物品");
    expect(page).toContain("1 T-CA1 斯伯丁篮球 篮球 2 空 3 T-CA3 尤尼克斯球拍 羽毛球拍 4 空");
    expect((await inspect(cab.deviceId)).slots.map((s: any) => [s.slot, s.tag])).toEqual([
      [1, "T-CA1"],
      [2, null],
      [3, "T-CA3"],
      [4, null],
    ]);
    const stored = await env.DB.prepare("SELECT name, type, device_id, slot FROM sports_items WHERE tag = 'T-CA3'").first();
    expect(stored).toEqual({ name: "尤尼克斯球拍", type: "羽毛球拍", device_id: cab.deviceId, slot: 3 });

    const refusals: [string, string][] = [
      ["5,T-CA5,篮球,篮球", "槽位 5 超出了柜机的槽位数"],
      ["2,T-CA2,篮球,篮球\n2,T-CA9,篮球,篮球", "每个标签、每个槽位只能出现一次"],
      ["2,T-CA2,篮球", "第 1 行：请填写类型"],
      ["2,T-CA2,篮球,篮球\n4,坏 标签,篮球,篮球", "第 2 行：标签只能包含字母、数字和 _ . -"],
      ["2,T-CA2,篮球,篮球,多余", "第 1 行：每行只写 槽位,标签,名称,类型 四项"],
      ["x,T-CA2,篮球,篮球", "第 1 行：槽位应为 1–200 的整数"],
      ["", "请填写要放入的物品"],
    ];
    for (const [items, message] of refusals) {
      const res = await browser.post(`${here}/items`, { items });
      expect(res.status, items).toBe(303);
      expect(res.location, items).toBe(here);
      expect(visibleText((await browser.get(here)).html), items).toContain(message);
    }
    expect((await inspect(cab.deviceId)).slots.map((s: any) => s.tag)).toEqual(["T-CA1", null, "T-CA3", null]);
  });

  it("refuses to place a tag that is rented out, in words", async () => {
    const browser = await sportsOffice();
    const cab = await onlineCabinet([ball(1, "T-CR1"), ball(2)]);
    await rentAndTake(await signup(), cab, "篮球");
    const here = `/console/sports/cabinets/${cab.deviceId}`;
    await browser.get(here);
    const res = await browser.post(`${here}/items`, { items: "3,T-CR1,篮球,篮球" });
    expect(res.status).toBe(303);
    const text = visibleText((await browser.get(here)).html);
    expect(text).toContain("T-CR1 已被借出，只能通过归还放回柜机");
    expect((await inspect(cab.deviceId)).slots.find((s: any) => s.slot === 3).tag).toBeNull();
  });

  it("changes the slot count, refusing to drop a slot that holds an item", async () => {
    const browser = await sportsOffice();
    const { cab } = await provision(browser);
    const here = `/console/sports/cabinets/${cab.deviceId}`;
    await browser.get(here);
    await browser.post(`${here}/items`, { items: "3,T-CS3,篮球,篮球" });
    const refused = await browser.post(`${here}/slots`, { slots: "2" });
    expect(refused.status).toBe(303);
    expect(visibleText((await browser.get(here)).html)).toContain("槽位 3 里还有物品或正在执行的开门指令，不能去掉");
    expect((await inspect(cab.deviceId)).slots).toHaveLength(4);

    const grown = await browser.post(`${here}/slots`, { slots: "6" });
    expect(grown.status).toBe(303);
    const page = await browser.get(here);
    expect(visibleText(page.html)).toContain("槽位数已改为 6");
    expect(page.html).toMatch(/name="slots"[^>]* value="6"/);
    expect((await inspect(cab.deviceId)).slots).toHaveLength(6);
    expect((await devices()).find((d) => d.id === cab.deviceId).slots).toBe(6);
  });

  it("shows door commands in flight and this cabinet's anomalies on its page", async () => {
    const browser = await sportsOffice();
    const cab = await onlineCabinet([ball(1, "T-CD1")], 2);
    const r = await rent(await signup(), cab, "篮球");
    expect(r.status).toBe("accepted");
    const here = `/console/sports/cabinets/${cab.deviceId}`;
    const busy = visibleText((await browser.get(here)).html);
    expect(busy).toMatch(new RegExp(`${r.operation_id} 借出 1 \\d{4}-`));

    // A poll naming a slot the cabinet does not have is kept as an anomaly.
    await poll(cab, [
      { slot: 1, tag: "T-CD1" },
      { slot: 2, tag: null },
      { slot: 7, tag: "T-GHOST" },
    ]);
    const page = visibleText((await browser.get(here)).html);
    expect(page).toContain("报告了不存在的槽位");
    expect(page).toContain("T-GHOST");
    const all = visibleText((await browser.get(`/console/sports/anomalies?device_id=${cab.deviceId}`)).html);
    expect(all).toContain("报告了不存在的槽位");
    expect(all).toContain("共 1 条");
  });
});

describe("console: rentals and anomalies", () => {
  it("lists active, overdue and returned rentals, with the renter's phone for overdue ones only", async () => {
    const browser = await sportsOffice();
    const cab = await onlineCabinet([ball(1, "T-RL1"), ball(2, "T-RL2"), ball(3, "T-RL3")]);
    const a = await signup(uniq("wx"), { phone: "13800000001" });
    const b = await signup(uniq("wx"), { phone: "13800000002" });
    const c = await signup(uniq("wx"), { phone: "13800000003" });
    await rentAndTake(a, cab, "篮球");
    await rentAndTake(b, cab, "篮球");
    await rentAndTake(c, cab, "篮球");
    await env.DB.prepare("UPDATE sports_rentals SET due_at = ? WHERE user_id = ?")
      .bind(Date.now() - 26 * 3_600_000, b.userid)
      .run();
    const r = await revert(c, cab);
    const { body } = await poll(cab);
    await report(cab, { command_id: r.operation_id, slot: body.commands[0].slot, tag_inserted: "T-RL3" });

    const active = await browser.get("/console/sports/rentals");
    expect(active.status).toBe(200);
    expect(active.html).toContain('value="active" aria-pressed="true">借用中');
    let text = visibleText(active.html);
    expect(text).toContain(a.userid);
    expect(text).not.toContain(b.userid);
    expect(text).not.toContain("手机号");
    expect(text).not.toContain("13800000001");

    text = visibleText((await browser.get("/console/sports/rentals?state=overdue")).html);
    expect(text).toContain(b.userid);
    expect(text).toContain("手机号");
    expect(text).toContain("13800000002");
    expect(text).toContain("1 天 2 小时");
    expect(text).not.toContain(a.userid);
    expect(text).not.toContain("13800000001");

    text = visibleText((await browser.get("/console/sports/rentals?state=returned")).html);
    expect(text).toContain(c.userid);
    expect(text).toContain("T-RL3");
    expect(text).not.toContain("13800000003");
    expect(text).not.toContain("手机号");

    expect((await browser.get("/console/sports/rentals?state=lost")).status).toBe(400);
  });

  it("pages the cabinet list", async () => {
    const browser = await sportsOffice();
    for (let i = 0; i < 21; i++) await provision(browser, { device_id: uniq(`pg${String(i).padStart(2, "0")}`) });
    const first = await browser.get("/console/sports");
    const total = (await devices()).length;
    expect(visibleText(first.html)).toContain(`共 ${total} 条`);
    expect(first.html.match(/<tr>/g)).toHaveLength(21);
    expect(first.html).toContain('href="/console/sports?page=2"');
    const second = await browser.get("/console/sports?page=2");
    expect(second.status).toBe(200);
    expect(visibleText(second.html)).toContain("上一页");
  });
});

describe("console: who may see the sports pages", () => {
  it("refuses an operator without the sports scope, and shows no sports menu entry", async () => {
    const browser = await operatorBrowser(uniq("lib").slice(0, 32), ["library"]);
    const home = visibleText((await browser.get("/console")).html);
    expect(home).not.toContain("体育器材");
    for (const path of ["/console/sports", "/console/sports/new", "/console/sports/rentals", "/console/sports/anomalies"]) {
      expect((await browser.get(path)).status, path).toBe(403);
    }
    const cab = await onlineCabinet([]);
    const before = await devices();
    const res = await browser.post("/console/sports/new", { device_id: uniq("cab"), name: "x", slots: "4" });
    expect(res.status).toBe(303);
    expect(res.html).not.toMatch(/[0-9a-f]{64}/);
    const retire = await browser.post(`/console/sports/cabinets/${cab.deviceId}/retire`, {});
    expect(retire.status).toBe(303);
    expect(await devices()).toEqual(before);
    expect(visibleText((await browser.get("/console")).html)).toContain("您没有访问此页面的权限");
  });
});
