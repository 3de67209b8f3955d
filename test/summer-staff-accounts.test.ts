import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, get, PNG_DATA_URI, patch, post, put, type Staff, staff, student } from "./summer-helpers";

let admin: Staff;
let market: Staff;
let product: Staff;
let finance: Staff;

beforeAll(async () => {
  admin = await staff("ADMIN", "admin-accounts");
  market = await staff("MARKET", "market-accounts");
  product = await staff("PRODUCT", "product-accounts");
  finance = await staff("FINANCE", "finance-accounts");
});

const FORBIDDEN = { code: 403, msg: "您没有执行该操作的权限。", data: {}, field_name: "" };

describe("sales advisors", () => {
  it("create with a QR image, list, detail, qr_code, update", async () => {
    const created = await post("/admin/sales_man/", market.ticket, {
      name: "zhangsan",
      wechat: "xiubweixin",
      email: "zs@example.test",
      qr_code: PNG_DATA_URI,
    });
    const a = created.body.data;
    expect(a).toMatchObject({ name: "zhangsan", wechat: "xiubweixin", email: "zs@example.test" });
    expect(a.qr_code).toMatch(/\/summer\/files\//);
    const img = await SELF.fetch(`${a.qr_code}?ticket=${market.ticket}`);
    expect(img.headers.get("content-type")).toBe("image/png");
    expect((await get(`/admin/sales_man/${a.id}/qr_code/`, market.ticket)).body.data).toEqual({ qr_code: a.qr_code });
    expect((await get(`/admin/sales_man/${a.id}/`, admin.ticket)).body.data).toEqual(a);
    expect((await get("/admin/sales_man/", market.ticket)).body.data.results.map((x: any) => x.id)).toContain(a.id);
    const updated = (await patch(`/admin/sales_man/${a.id}/`, market.ticket, { wechat: "new-wx", qr_code: PNG_DATA_URI })).body.data;
    expect(updated).toMatchObject({ id: a.id, name: "zhangsan", wechat: "new-wx" });
    expect(updated.qr_code).not.toBe(a.qr_code);
    expect(((await (await SELF.fetch(`${a.qr_code}?ticket=${market.ticket}`)).json()) as any).code).toBe(404);
    expect(
      (await post("/admin/sales_man/", market.ticket, { name: "x", wechat: "w", email: "e@x.test", qr_code: "bm90IGFuIGltYWdl" })).body,
    ).toMatchObject({
      code: 400,
      field_name: "qr_code",
    });
    expect(
      (await post("/admin/sales_man/", market.ticket, { name: "x", wechat: "w", email: "bad", qr_code: PNG_DATA_URI })).body,
    ).toMatchObject({
      code: 400,
      field_name: "email",
    });
    expect((await get("/admin/sales_man/99999/", market.ticket)).body.code).toBe(404);
    for (const t of [product.ticket, finance.ticket]) expect((await get("/admin/sales_man/", t)).body).toEqual(FORBIDDEN);
    const records = (await get(`/admin/audit/?entity=sales_man&entity_id=${a.id}`, admin.ticket)).body.data.results;
    expect(records.map((r: any) => r.action)).toEqual(["update", "create"]);
  });
});

describe("receiving accounts", () => {
  it("create, list, detail, update and delete, one per payment method and currency", async () => {
    const ali = { account_number: "896275756@qq.com", account_name: "邱雷", payment: "ALI_PAY" };
    const created = (await post("/admin/account_info/", finance.ticket, ali)).body.data;
    expect(created).toEqual({
      id: created.id,
      account_number: "896275756@qq.com",
      account_name: "邱雷",
      opening_bank: null,
      payment: { key: "ALI_PAY", verbose: "支付宝转账" },
      currency: { key: "RMB", verbose: "人民币" },
      swift_code: null,
    });
    expect((await post("/admin/account_info/", finance.ticket, ali)).body).toMatchObject({
      code: 400,
      msg: "该付款方式和币种已有收款账户。",
    });
    expect((await post("/admin/account_info/", finance.ticket, { ...ali, payment: "BANK" })).body).toMatchObject({
      code: 400,
      field_name: "opening_bank",
    });
    expect((await post("/admin/account_info/", finance.ticket, { ...ali, payment: "PAY_PAL", currency: "DOLLAR" })).body).toMatchObject({
      code: 400,
      field_name: "swift_code",
    });
    const bank = (await post("/admin/account_info/", finance.ticket, { ...ali, payment: "BANK", opening_bank: "中国银行" })).body.data;
    expect((await get("/admin/account_info/", admin.ticket)).body.data.count).toBe(2);
    expect((await get(`/admin/account_info/${bank.id}/`, finance.ticket)).body.data.opening_bank).toBe("中国银行");
    expect((await put(`/admin/account_info/${bank.id}/`, finance.ticket, { account_name: "暑校" })).body.data.account_name).toBe("暑校");
    expect((await patch(`/admin/account_info/${bank.id}/`, finance.ticket, { payment: "ALI_PAY" })).body.code).toBe(400);
    expect((await api("DELETE", `/admin/account_info/${bank.id}/`, market.ticket)).body).toEqual(FORBIDDEN);
    expect((await api("DELETE", `/admin/account_info/${bank.id}/`, finance.ticket)).body).toEqual({
      code: 0,
      msg: "请求成功",
      data: null,
      field_name: "",
    });
    expect((await get(`/admin/account_info/${bank.id}/`, finance.ticket)).body.code).toBe(404);
    expect((await get("/admin/account_info/", product.ticket)).body).toEqual(FORBIDDEN);
    const records = (await get(`/admin/audit/?entity=account_info&entity_id=${bank.id}`, admin.ticket)).body.data.results;
    expect(records.map((r: any) => r.action)).toEqual(["delete", "update", "create"]);
  });
});

describe("staff accounts", () => {
  it("create, list, detail at both paths, update, password and disabling", async () => {
    const body = { name: "张啦啦", username: "zhanglala", password: "pass-123", role: "MARKET" };
    const created = (await post("/admin/child_user/", admin.ticket, body)).body.data;
    expect(created).toEqual({
      id: created.id,
      name: "张啦啦",
      username: "zhanglala",
      is_active: true,
      qr_code: null,
      role: { key: "MARKET", verbose: "市场部" },
    });
    expect((await post("/admin/child_user/", admin.ticket, body)).body).toMatchObject({ code: 400, field_name: "username" });
    expect((await post("/admin/child_user/", admin.ticket, { ...body, username: "other1", role: "STUDENT" })).body).toMatchObject({
      code: 400,
      field_name: "role",
    });
    expect((await get(`/admin/user/${created.id}/`, admin.ticket)).body.data).toEqual(created);
    expect((await get(`/admin/child_user/${created.id}/`, admin.ticket)).body.data).toEqual(created);
    const list = (await get("/admin/child_user/", admin.ticket)).body.data;
    expect(list.results.every((u: any) => u.role.key !== "STUDENT")).toBe(true);
    const s = await student("sa-student");
    expect((await get(`/admin/user/${s.id}/`, admin.ticket)).body.code).toBe(404);

    const login = async (password: string) => (await post("/auth/user/login/", null, { username: "zhanglala", password })).body;
    const ticket = (await login("pass-123")).data.ticket;
    expect((await get("/coupon/coupon/", ticket)).body.code).toBe(0);
    expect((await patch(`/admin/child_user/${created.id}/`, admin.ticket, { role: "FINANCE" })).body.data.role.key).toBe("FINANCE");
    expect((await get("/coupon/coupon/", ticket)).body).toEqual(FORBIDDEN);
    expect((await put(`/admin/child_user/${created.id}/update_password/`, admin.ticket, { password: "new-pass-9" })).body).toEqual({
      code: 0,
      msg: "密码修改成功",
      data: {},
      field_name: "",
    });
    expect((await get("/order/", ticket)).body).toEqual({ code: 401, msg: "未登陆" });
    expect((await login("pass-123")).code).toBe(400);
    const again = (await login("new-pass-9")).data.ticket;
    expect((await get("/order/", again)).body.code).toBe(0);
    expect((await put(`/admin/child_user/${created.id}/`, admin.ticket, { is_active: false })).body.data.is_active).toBe(false);
    expect((await get("/order/", again)).body).toEqual({ code: 401, msg: "未登陆" });
    expect((await login("new-pass-9")).msg).toBe("该用户已被禁用");
    expect((await patch(`/admin/child_user/${admin.id}/`, admin.ticket, { is_active: false })).body.code).toBe(400);
    for (const t of [market.ticket, product.ticket, finance.ticket]) {
      expect((await get("/admin/child_user/", t)).body).toEqual(FORBIDDEN);
      expect((await put(`/admin/child_user/${created.id}/update_password/`, t, { password: "hacked-1" })).body).toEqual(FORBIDDEN);
    }
    const records = (await get(`/admin/audit/?entity=staff_user&entity_id=${created.id}`, admin.ticket)).body.data.results;
    expect(records.map((r: any) => r.action)).toEqual(["update", "update_password", "update", "create"]);
    expect(JSON.stringify(records)).not.toContain("pbkdf2");
  });
});
