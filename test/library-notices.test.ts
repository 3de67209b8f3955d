import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ADMIN, getJson, postJson } from "./helpers";
import { lib, login } from "./library-helpers";

async function admin(method: string, path: string, body?: unknown) {
  const res = await SELF.fetch(`http://campus.test/admin/library${path}`, {
    method,
    headers: { ...ADMIN, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const local = (ms: number) => {
  const d = new Date(ms + 8 * 3_600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 19)}`;
};

describe("notices, trainings, activities and complaints", () => {
  it("operators publish notices; clients page through them by type", async () => {
    for (let i = 0; i < 12; i++) {
      const r = await admin("POST", "/notices", {
        type: "N",
        title: `通知 ${i}`,
        content: "内容",
        publishTime: `2026-11-${String(i + 1).padStart(2, "0")} 08:00:00`,
      });
      expect(r.status).toBe(201);
    }
    await admin("POST", "/notices", { type: "Z", title: "资源动态", content: "新数据库" });
    const page1 = (await lib("/notice", { type: "N" })).body;
    expect(page1.count).toBe(12);
    expect(page1.results).toHaveLength(10);
    expect(page1.results[0]).toMatchObject({
      type: "N",
      title: "通知 11",
      contents: "内容",
      publishTime: "2026-11-12T08:00:00+08:00",
      pub_user: "",
      url: null,
      urlEnable: false,
    });
    expect(page1.previous).toBeNull();
    expect(page1.next).toBe("http://campus.test/library/notice/?type=N&limit=10&offset=10");
    const page2 = (await getJson(page1.next.replace("http://campus.test", ""))).body;
    expect(page2.results).toHaveLength(2);
    expect(page2.next).toBeNull();
    expect(page2.previous).toContain("offset=0");
    expect((await lib("/notice", { type: "Z" })).body.count).toBe(1);
    expect((await lib("/notice")).body.count).toBe(13);
    expect((await lib("/notice", { type: "Q" })).body).toMatchObject({ status: 4, err_msg: "PARAM_type_INVALID" });

    const id = page1.results[0].id;
    expect((await admin("PATCH", `/notices/${id}`, { title: "更正后的通知" })).body.title).toBe("更正后的通知");
    expect((await admin("DELETE", `/notices/${id}`)).body).toEqual({ deleted: true });
    expect((await admin("DELETE", `/notices/${id}`)).status).toBe(404);
    expect((await lib("/notice", { type: "N" })).body.count).toBe(11);
  });

  it("operators need the bearer token", async () => {
    const res = await SELF.fetch("http://campus.test/admin/library/notices", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "N", title: "x", content: "y" }),
    });
    expect(res.status).toBe(401);
    await res.text();
  });

  it("lists trainings by type, and with a session only the user's sign-ups", async () => {
    const soon = Date.now() + 2 * 86_400_000;
    const a = (
      await admin("POST", "/trainings", {
        type: "B",
        title: "论文写作",
        content: "…",
        place: "201",
        startTime: local(soon),
        endTime: local(soon + 3_600_000),
      })
    ).body;
    await admin("POST", "/trainings", {
      type: "X",
      title: "检索技巧",
      content: "…",
      startTime: local(soon),
      endTime: local(soon + 3_600_000),
    });
    expect(
      (await admin("POST", "/trainings", { type: "X", title: "bad", content: "…", startTime: local(soon), endTime: local(soon - 1000) }))
        .status,
    ).toBe(400);
    expect((await lib("/training")).body.count).toBe(2);
    expect((await lib("/training", { type: "B" })).body.results).toEqual([
      expect.objectContaining({ id: a.id, type: "B", title: "论文写作", place: "201" }),
    ]);
    const session = await login("lib-notice-1");
    const none = (await lib("/training", { session })).body;
    expect(none).toMatchObject({ count: 0, results: [], session: expect.any(String) });
    expect((await lib("/training/add_training_reminder", { session, trainId: a.id, remindText: "带电脑" })).body.status).toBe(0);
    const mine = (await lib("/training", { session })).body;
    expect(mine.results).toEqual([expect.objectContaining({ id: a.id, remindText: "带电脑" })]);
    expect((await admin("GET", `/trainings/${a.id}/signups`)).body.signups).toEqual([
      expect.objectContaining({ openid: "lib-notice-1", remindText: "带电脑" }),
    ]);
  });

  it("operators edit and withdraw trainings and activities; times stay in order", async () => {
    const start = Date.now() + 86_400_000;
    const t = (
      await admin("POST", "/trainings", {
        type: "S",
        title: "软件",
        content: "…",
        startTime: local(start),
        endTime: local(start + 3_600_000),
      })
    ).body;
    const moved = await admin("PATCH", `/trainings/${t.id}`, { endTime: local(start + 7_200_000), speaker: "王老师" });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: t.id, title: "软件", speaker: "王老师", endTime: local(start + 7_200_000) });
    expect((await admin("PATCH", `/trainings/${t.id}`, { endTime: local(start - 1000) })).status).toBe(400);
    expect((await admin("PATCH", `/trainings/${t.id}`, { startTime: "soon" })).body).toMatchObject({ field: "startTime" });
    expect((await admin("PATCH", "/trainings/999999", { title: "x" })).status).toBe(404);
    expect((await admin("PATCH", "/notices/abc", { title: "x" })).status).toBe(404);
    expect((await admin("DELETE", `/trainings/${t.id}`)).body).toEqual({ deleted: true });

    const a = (await admin("POST", "/activities", { title: "展览", content: "…", startTime: local(start), endTime: local(start + 1000) }))
      .body;
    expect((await admin("PATCH", `/activities/${a.id}`, { startTime: local(start + 2000) })).status).toBe(400);
    expect((await admin("PATCH", `/activities/${a.id}`, { place: "二楼" })).body).toMatchObject({ place: "二楼", image: null });
    expect((await admin("DELETE", `/activities/${a.id}`)).status).toBe(200);
    expect((await admin("DELETE", `/activities/${a.id}`)).status).toBe(404);
  });

  it("lists activities", async () => {
    const start = Date.now() + 86_400_000;
    await admin("POST", "/activities", {
      title: "读书月",
      content: "…",
      place: "大厅",
      startTime: local(start),
      endTime: local(start + 86_400_000),
    });
    const { body } = await lib("/activity");
    expect(body).toMatchObject({
      count: 1,
      next: null,
      previous: null,
      results: [{ title: "读书月", place: "大厅", img_url: "", url: null, urlEnable: false }],
    });
  });

  it("stores a complaint posted as JSON, lists it with the phone masked, shows operators all of it", async () => {
    const session = await login("lib-notice-2");
    const posted = await postJson("/library/advise/", {
      tel: "18642160183",
      contents: "hhhhhh",
      publishTime: "2019-07-01 21:34:00",
      session,
    });
    expect(posted.body).toEqual({
      status: 0,
      id: expect.any(Number),
      tel: "18642160183",
      contents: "hhhhhh",
      stats: false,
      solveTime: null,
      result: null,
      publishTime: "2019-07-01T21:34:00+08:00",
      solve_user: null,
      session: expect.any(String),
    });
    const anonymous = await postJson("/library/advise", { tel: "13800000000", contents: "座位不够" });
    expect(anonymous.body.status).toBe(0);
    // The form asks for 手机号或QQ号 and thanks the user whatever the reply: any contact text is kept.
    const qq = await postJson("/library/advise/", { tel: "QQ 2345678", contents: "希望多开几个研讨间" });
    expect(qq.body).toMatchObject({ status: 0, tel: "QQ 2345678" });
    expect((await postJson("/library/advise/", { tel: "x".repeat(101), contents: "x" })).body).toMatchObject({
      status: 4,
      err_msg: "PARAM_tel_INVALID",
    });
    expect((await postJson("/library/advise/", { tel: "13800000000" })).body).toMatchObject({ status: 4, err_msg: "PARAM_contents_MISS" });
    expect((await postJson("/library/advise/", { tel: "13800000000", contents: "x", publishTime: "yesterday" })).body).toMatchObject({
      status: 4,
      err_msg: "PARAM_publishTime_INVALID",
    });
    const list = (await lib("/advise")).body;
    expect(list.count).toBe(3);
    expect(list.results.map((r: { tel: string }) => r.tel).sort()).toEqual(["138****0000", "186****0183", "Q****8"]);
    const ops = (await admin("GET", "/advises")).body;
    expect(ops.total).toBe(3);
    expect(ops.advises.find((a: { tel: string }) => a.tel === "18642160183").openid).toBe("lib-notice-2");
    const stored = await env.DB.prepare("SELECT COUNT(*) AS n FROM library_advises").first();
    expect(stored?.n).toBe(3);
  });

  it("takes only http and https links for a notice's url and an activity's image, and stores nothing else", async () => {
    const count = async (table: string) => (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())?.n ?? 0;
    const [notices, activities] = [await count("library_notices"), await count("library_activities")];
    const soon = Date.now() + 3 * 86_400_000;
    const event = { title: "活动", content: "…", startTime: local(soon), endTime: local(soon + 3_600_000) };
    for (const link of [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "file:///etc/passwd",
      "vbscript:x",
    ]) {
      expect((await admin("POST", "/notices", { type: "N", title: "t", content: "c", url: link })).status).toBe(400);
      expect((await admin("POST", "/activities", { ...event, image: link })).status).toBe(400);
    }
    expect([await count("library_notices"), await count("library_activities")]).toEqual([notices, activities]);
    const good = await admin("POST", "/notices", { type: "N", title: "t", content: "c", url: "https://lib.example.edu/n/2" });
    expect(good.status).toBe(201);
    expect((await admin("PATCH", `/notices/${good.body.id}`, { url: "javascript:alert(1)" })).status).toBe(400);
    const activity = await admin("POST", "/activities", { ...event, image: "http://lib.example.edu/a.png" });
    expect(activity.status).toBe(201);
    expect((await admin("PATCH", `/activities/${activity.body.id}`, { image: "javascript:alert(1)" })).status).toBe(400);
    const page = (await lib("/notice", { type: "N" })).body.results.find((n: any) => n.id === good.body.id);
    expect(page.url).toBe("https://lib.example.edu/n/2");
  });
});
