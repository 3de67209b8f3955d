import { env, SELF } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { summerStudents } from "../src/db/schema";
import { BASE, SIM, simJson, wxCode } from "./helpers";
import { advisor, db, get, patch, post, type Staff, staff } from "./summer-helpers";

let admin: Staff;
let market: Staff;
let finance: Staff;
let advisorId: number;

beforeAll(async () => {
  admin = await staff("ADMIN", "admin-channels");
  market = await staff("MARKET", "market-channels");
  finance = await staff("FINANCE", "finance-channels");
  advisorId = (await advisor("channel-advisor")).id;
});

const FORBIDDEN = { code: 403, msg: "您没有执行该操作的权限。", data: {}, field_name: "" };
const plan = (name: string) => ({
  name,
  plan_date: "2027-08-21",
  sales_man: advisorId,
  plan_student_number: 200,
  plan_file_student_number: 100,
  plan_payed_student_number: 50,
});

describe("promotion channels", () => {
  it("create with a mini-program code, list, detail, update; a student arriving by it is credited", async () => {
    const created = await post("/market/channel/", market.ticket, plan("西南财大9月推广第一期"));
    const ch = created.body.data;
    expect(ch).toMatchObject({
      name: "西南财大9月推广第一期",
      plan_date: "2027-08-21",
      sales_man: { id: advisorId, name: "channel-advisor" },
      plan_student_number: 200,
      plan_file_student_number: 100,
      plan_payed_student_number: 50,
    });
    expect(ch.qr_code).toMatch(/\/summer\/files\//);
    const img = await SELF.fetch(`${ch.qr_code}?ticket=${market.ticket}`);
    expect(img.headers.get("content-type")).toBe("image/png");
    expect((await get(`/market/channel/${ch.id}/`, admin.ticket)).body.data).toEqual(ch);
    expect((await get("/market/channel/", market.ticket)).body.data.results).toEqual([ch]);
    const updated = (await patch(`/market/channel/${ch.id}/`, market.ticket, { plan_student_number: 300 })).body.data;
    expect(updated).toMatchObject({ id: ch.id, plan_student_number: 300, qr_code: ch.qr_code });
    expect((await post("/market/channel/", market.ticket, plan("西南财大9月推广第一期"))).body).toMatchObject({
      code: 400,
      field_name: "name",
    });
    expect((await post("/market/channel/", market.ticket, { ...plan("无顾问"), sales_man: 99999 })).body).toMatchObject({
      code: 400,
      field_name: "sales_man",
    });
    expect((await get("/market/channel/", finance.ticket)).body).toEqual(FORBIDDEN);
    expect((await post("/market/channel/", finance.ticket, plan("财务渠道"))).body).toEqual(FORBIDDEN);

    const code = await wxCode("ch-student");
    const login = (await get(`/auth/user/check_account/?code=${code}&scene=channel_id_${ch.id}`)).body.data;
    const [row] = await db.select().from(summerStudents).where(eq(summerStudents.userId, login.user_id));
    expect(row.channelId).toBe(ch.id);
    expect((await get(`/admin/user_info/${login.user_id}/`, market.ticket)).body.data.channel).toMatchObject({ id: ch.id });
    // A later code of another channel does not move the student; an unknown channel credits nothing.
    const other = (await post("/market/channel/", market.ticket, plan("第二期"))).body.data;
    await get(`/auth/user/check_account/?code=${await wxCode("ch-student")}&scene=channel_id_${other.id}`);
    const [still] = await db.select().from(summerStudents).where(eq(summerStudents.userId, login.user_id));
    expect(still.channelId).toBe(ch.id);
    const stray = (await get(`/auth/user/check_account/?code=${await wxCode("ch-stray")}&scene=channel_id_99999`)).body.data;
    const [none] = await db.select().from(summerStudents).where(eq(summerStudents.userId, stray.user_id));
    expect(none.channelId).toBeNull();
    const records = (await get(`/admin/audit/?entity=channel&entity_id=${ch.id}`, admin.ticket)).body.data.results;
    expect(records.map((r: any) => r.action)).toEqual(["update", "create"]);
  });

  it("nothing is created when WeChat fails", async () => {
    await simJson("/wechat/faults", { path: "/wxa/getwxacodeunlimit", errcode: -1, count: 1 });
    const { body } = await post("/market/channel/", market.ticket, plan("失败渠道"));
    expect(body.code).toBe(502);
    expect((await get("/market/channel/", market.ticket)).body.data.results.map((c: any) => c.name)).not.toContain("失败渠道");
  });

  it("an Official Account QR_LIMIT_STR_SCENE code when configured for the original web client", async () => {
    const app = createApp();
    const oauthEnv = { ...env, SUMMER_LOGIN_MODE: "oauth" };
    const res = await app.fetch(
      new Request(`${BASE}/summer/market/channel/`, {
        method: "POST",
        headers: { authorization: `Bearer ${market.ticket}`, "content-type": "application/json" },
        body: JSON.stringify(plan("公众号渠道")),
      }),
      oauthEnv,
    );
    const ch = ((await res.json()) as any).data;
    const ticket = btoa(`channel_id_${ch.id}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    expect(ch.qr_code).toBe(`https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=${ticket}`);
  });

  it("the simulator's QR routes check the token and the scene", async () => {
    const { body: tok } = await simJson("/wechat/cgi-bin/stable_token", {
      grant_type: "client_credential",
      appid: "wx-sim-qr",
      secret: "s",
    });
    const call = (path: string, json: unknown, token = tok.access_token) =>
      fetch(`${SIM}/wechat${path}?access_token=${token}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(json),
      });
    const img = await call("/wxa/getwxacodeunlimit", { scene: "channel_id_7" });
    expect(img.headers.get("content-type")).toBe("image/png");
    expect(img.headers.get("x-sim-scene")).toBe("channel_id_7");
    expect(await (await call("/wxa/getwxacodeunlimit", { scene: "x".repeat(33) })).json()).toMatchObject({ errcode: 40169 });
    expect(await (await call("/wxa/getwxacodeunlimit", { scene: "a" }, "nope")).json()).toMatchObject({ errcode: 40001 });
    expect(await (await call("/cgi-bin/qrcode/create", { action_name: "QR_SCENE" })).json()).toMatchObject({ errcode: 40053 });
  });
});
