import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { operatorBrowser, visibleText } from "./console-helpers";
import { ADMIN, getJson, postJson } from "./helpers";
import { lib, login } from "./library-helpers";

const count = async (table: string) => (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())?.n ?? 0;

/** The id in a `/console/library/<kind>/<id>` redirect. */
const idIn = (location: string | null) => Number(/\/(\d+)$/.exec(location ?? "")?.[1]);

/** A time `days` from now in campus time, as a datetime-local input sends it. */
const inputTime = (days: number, hour = 14) => {
  const d = new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000);
  return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, "0")}:00`;
};

describe("library console: notices", () => {
  it("publishes a notice that the mini-program's list shows at once, previews, edits and deletes it", async () => {
    const browser = await operatorBrowser("lib.notices", ["library"]);
    // The public list is read (and cached) before the notice exists.
    const before = (await lib("/notice", { type: "N" })).body.count;

    const list = await browser.get("/console/library/notices");
    expect(list.status).toBe(200);
    expect(visibleText(list.html)).toContain("发布公告");
    const created = await browser.post("/console/library/notices", {
      type: "N",
      title: "寒假开馆时间",
      content: "寒假期间图书馆每日 8:30 开馆。\n二楼自习室照常开放。",
      author: "流通部",
      url: "",
      publishTime: "",
    });
    expect(created.status).toBe(303);
    const id = idIn(created.location);
    expect(created.location).toBe(`/console/library/notices/${id}`);

    const publicList = (await lib("/notice", { type: "N" })).body;
    expect(publicList.count).toBe(before + 1);
    expect(publicList.results[0]).toMatchObject({ id, title: "寒假开馆时间", pub_user: "流通部", url: null, urlEnable: false });

    const page = await browser.get(`/console/library/notices/${id}`);
    const text = visibleText(page.html);
    expect(text).toContain("已发布公告「寒假开馆时间」");
    const preview = /<div class="preview">([\s\S]*?)<\/div>/.exec(page.html)?.[1] ?? "";
    expect(visibleText(preview)).toContain("寒假开馆时间");
    expect(visibleText(preview)).toContain("寒假期间图书馆每日 8:30 开馆。 二楼自习室照常开放。");
    expect(visibleText(preview)).toContain("流通部");

    const edited = await browser.post(`/console/library/notices/${id}`, {
      type: "Z",
      title: "寒假开馆时间（更正）",
      content: "每日 9:00 开馆。",
      author: "流通部",
      url: "https://lib.example.edu/n/1",
      publishTime: "2026-11-20T08:00:00",
    });
    expect(edited.status).toBe(303);
    const admin = await getJson(`/library/notice/?type=Z`);
    expect(admin.body.results.find((n: any) => n.id === id)).toMatchObject({
      title: "寒假开馆时间（更正）",
      url: "https://lib.example.edu/n/1",
      urlEnable: true,
      publishTime: "2026-11-20T08:00:00+08:00",
    });
    expect((await lib("/notice", { type: "N" })).body.count).toBe(before);
    expect(visibleText((await browser.get(`/console/library/notices/${id}`)).html)).toContain("阅读原文");

    await browser.get(`/console/library/notices/${id}`);
    const deleted = await browser.post(`/console/library/notices/${id}/delete`, {});
    expect(deleted).toMatchObject({ status: 303, location: "/console/library/notices" });
    expect((await lib("/notice", { type: "Z" })).body.results.some((n: any) => n.id === id)).toBe(false);
    expect((await browser.get(`/console/library/notices/${id}`)).status).toBe(404);
  });

  it("shows why a notice was refused, and saves nothing", async () => {
    const browser = await operatorBrowser("lib.refused", ["library"]);
    const notices = await count("library_notices");
    await browser.get("/console/library/notices");
    const cases: [Record<string, string>, string][] = [
      [{ type: "N", title: "", content: "正文" }, "请填写标题"],
      [{ type: "N", title: "标题", content: "正文", url: "not a url" }, "原文链接应为完整的网址"],
      [{ type: "N", title: "标题", content: "正文", url: "javascript:alert(1)" }, "原文链接应为完整的网址"],
      [{ type: "N", title: "标题", content: "正文", url: " JAVASCRIPT:alert(document.cookie)" }, "原文链接应为完整的网址"],
      [{ type: "N", title: "标题", content: "正文", url: "data:text/html,x" }, "原文链接应为完整的网址"],
      [{ type: "N", title: "标题", content: "正文", publishTime: "2026-13-40T08:00" }, "发布时间格式应为 YYYY-MM-DD HH:mm"],
      [{ type: "Q", title: "标题", content: "正文" }, "请选择公告类型"],
      [{ type: "N", title: "x".repeat(201), content: "正文" }, "标题最多 200 个字"],
    ];
    for (const [form, message] of cases) {
      const res = await browser.post("/console/library/notices", form);
      expect(res).toMatchObject({ status: 303, location: "/console/library/notices" });
      expect(visibleText((await browser.get("/console/library/notices")).html)).toContain(message);
    }
    expect(await count("library_notices")).toBe(notices);
  });

  it("previews a notice before publishing or saving it, saving nothing", async () => {
    const browser = await operatorBrowser("lib.draft", ["library"]);
    const notices = await count("library_notices");
    await browser.get("/console/library/notices");
    const draft = await browser.post("/console/library/notices/preview", {
      type: "P",
      title: "讲座预告",
      content: "第一行\n第二行",
      author: "",
      url: "",
      publishTime: "2026-12-01T09:30",
    });
    expect(draft.status).toBe(200);
    const preview = visibleText(/<div class="preview">([\s\S]*?)<\/div>/.exec(draft.html)?.[1] ?? "");
    expect(preview).toBe("讲座预告 培训活动 · 2026-12-01 09:30:00 第一行 第二行");
    expect(visibleText(draft.html)).toContain("这是预览，公告尚未发布");
    expect(draft.html).toContain('value="讲座预告"');
    expect(await count("library_notices")).toBe(notices);

    const created = await browser.post("/console/library/notices", {
      type: "N",
      title: "原标题",
      content: "原文",
      publishTime: "2026-11-01T08:00",
    });
    const id = idIn(created.location);
    await browser.get(`/console/library/notices/${id}`);
    const edit = await browser.post(`/console/library/notices/${id}/preview`, {
      type: "N",
      title: "新标题",
      content: "新文",
      publishTime: "",
    });
    expect(visibleText(edit.html)).toContain("这是预览，修改尚未保存");
    expect(visibleText(/<div class="preview">([\s\S]*?)<\/div>/.exec(edit.html)?.[1] ?? "")).toContain("2026-11-01 08:00:00");
    expect((await lib("/notice", { type: "N" })).body.results.find((n: any) => n.id === id)).toMatchObject({ title: "原标题" });
    const refused = await browser.post("/console/library/notices/preview", { type: "N", title: "", content: "x" });
    expect(refused.status).toBe(303);
  });

  it("pages the list and filters it by type", async () => {
    const browser = await operatorBrowser("lib.paging", ["library"]);
    for (let i = 0; i < 21; i++) {
      await postJson(
        "/admin/library/notices",
        { type: "P", title: `分页通知 ${i}`, content: "…", publishTime: `2030-01-01 08:${String(i).padStart(2, "0")}:00` },
        ADMIN,
      );
    }
    const first = visibleText((await browser.get("/console/library/notices?type=P")).html);
    expect(first).toContain("分页通知 20");
    expect(first).not.toContain("分页通知 0 ");
    expect(first).toMatch(/第 1 \/ 2 页，共 21 条/);
    const second = visibleText((await browser.get("/console/library/notices?type=P&page=2")).html);
    expect(second).toContain("分页通知 0");
    expect(second).toMatch(/第 2 \/ 2 页/);
  });
});

describe("library console: trainings and sign-ups", () => {
  it("publishes a training, refuses an end before its start, lists who signed up", async () => {
    const browser = await operatorBrowser("lib.trainings", ["library"]);
    await browser.get("/console/library/trainings");
    const trainings = await count("library_trainings");
    const backwards = await browser.post("/console/library/trainings", {
      type: "B",
      title: "论文写作",
      content: "从选题到答辩",
      startTime: inputTime(2, 15),
      endTime: inputTime(2, 14),
    });
    expect(backwards.status).toBe(303);
    expect(visibleText((await browser.get("/console/library/trainings")).html)).toContain("结束时间不能早于开始时间");
    expect(await count("library_trainings")).toBe(trainings);

    const created = await browser.post("/console/library/trainings", {
      type: "B",
      title: "论文写作与文献管理",
      content: "从选题到答辩",
      speaker: "王老师",
      place: "图书馆 201",
      startTime: inputTime(2, 14),
      endTime: inputTime(2, 16),
      publishTime: "",
    });
    const id = idIn(created.location);
    const pub = (await lib("/training", { type: "B" })).body.results.find((t: any) => t.id === id);
    expect(pub).toMatchObject({ title: "论文写作与文献管理", speaker: "王老师", place: "图书馆 201" });
    expect(pub.start_time).toBe(`${inputTime(2, 14)}:00+08:00`);

    const detail = await browser.get(`/console/library/trainings/${id}`);
    const preview = visibleText(/<div class="preview">([\s\S]*?)<\/div>/.exec(detail.html)?.[1] ?? "");
    expect(preview).toContain("地点：图书馆 201");
    expect(preview).toContain("主讲：王老师");
    expect(preview).toContain("毕业指导");

    const edited = await browser.post(`/console/library/trainings/${id}`, {
      type: "X",
      title: "论文写作与文献管理",
      content: "从选题到答辩",
      speaker: "王老师",
      place: "图书馆 305",
      startTime: inputTime(2, 14),
      endTime: inputTime(2, 16),
      publishTime: "",
    });
    expect(edited.status).toBe(303);
    expect((await lib("/training", { type: "X" })).body.results.find((t: any) => t.id === id)).toMatchObject({ place: "图书馆 305" });

    for (const name of ["a", "b"]) {
      const session = await login(`lib-console-signup-${name}`);
      const res = await lib("/training/add_training_reminder", { session, trainId: id, remindText: `备注 ${name}` });
      expect(res.body.status).toBe(0);
    }
    const signups = visibleText((await browser.get(`/console/library/trainings/${id}/signups`)).html);
    expect(signups).toContain("lib-console-signup-a");
    expect(signups).toContain("备注 b");
    expect(signups).toContain("nick-lib-console-signup-a");
    expect(signups).toMatch(/共 2 条/);
    expect((await browser.get("/console/library/trainings/999999/signups")).status).toBe(404);

    await browser.get(`/console/library/trainings/${id}`);
    expect((await browser.post(`/console/library/trainings/${id}/delete`, {})).status).toBe(303);
    expect((await lib("/training", { type: "X" })).body.results.some((t: any) => t.id === id)).toBe(false);
  });
});

describe("library console: activities", () => {
  it("publishes, previews (with its image), edits and deletes an activity", async () => {
    const browser = await operatorBrowser("lib.activities", ["library"]);
    // The public list is read (and cached) before the activity exists.
    await lib("/activity");
    await browser.get("/console/library/activities");
    const created = await browser.post("/console/library/activities", {
      title: "读书月开幕式",
      content: "欢迎参加。",
      place: "报告厅",
      image: "https://lib.example.edu/poster.png",
      startTime: inputTime(5, 9),
      endTime: inputTime(5, 11),
    });
    const id = idIn(created.location);
    expect((await lib("/activity")).body.results.find((a: any) => a.id === id)).toMatchObject({
      title: "读书月开幕式",
      img_url: "https://lib.example.edu/poster.png",
      place: "报告厅",
    });
    const detail = await browser.get(`/console/library/activities/${id}`);
    expect(detail.html).toContain('<img src="https://lib.example.edu/poster.png" alt="读书月开幕式 海报"');
    expect(visibleText(detail.html)).toContain("地点：报告厅");

    await browser.post(`/console/library/activities/${id}`, {
      title: "读书月开幕式",
      content: "欢迎参加。",
      place: "报告厅",
      image: "",
      startTime: inputTime(5, 9),
      endTime: inputTime(5, 11),
    });
    expect((await lib("/activity")).body.results.find((a: any) => a.id === id)).toMatchObject({ img_url: "" });
    await browser.get(`/console/library/activities/${id}`);
    await browser.post(`/console/library/activities/${id}/delete`, {});
    expect((await lib("/activity")).body.results.some((a: any) => a.id === id)).toBe(false);
    expect((await browser.post(`/console/library/activities/${id}/delete`, {})).status).toBe(303);
  });

  it("refuses an image that is not an http or https address, and saves nothing", async () => {
    const browser = await operatorBrowser("lib.activity-links", ["library"]);
    const activities = await count("library_activities");
    await browser.get("/console/library/activities");
    for (const image of ["javascript:alert(1)", "data:image/svg+xml,<svg onload=alert(1)>"]) {
      const res = await browser.post("/console/library/activities", {
        title: "读书月",
        content: "欢迎参加。",
        image,
        startTime: inputTime(5, 9),
        endTime: inputTime(5, 11),
      });
      expect(res).toMatchObject({ status: 303, location: "/console/library/activities" });
      expect(visibleText((await browser.get("/console/library/activities")).html)).toContain("图片地址应为完整的网址");
    }
    expect(await count("library_activities")).toBe(activities);
  });
});

describe("library console: complaints and access", () => {
  it("lists complaints newest first with the full phone number, paged", async () => {
    const browser = await operatorBrowser("lib.complaints", ["library"]);
    for (let i = 0; i < 21; i++)
      await lib("/advise", { tel: `1380000${String(i).padStart(4, "0")}`, contents: `投诉 ${i}` }, { method: "POST" });
    const page = visibleText((await browser.get("/console/library/complaints")).html);
    expect(page).toContain("13800000020");
    expect(page).toContain("投诉 20");
    expect(page).toMatch(/第 1 \/ \d+ 页/);
    expect(page).not.toContain("138****0020");
  });

  it("is closed to an operator without the library scope", async () => {
    const browser = await operatorBrowser("lib.outsider", ["sports"]);
    const home = visibleText((await browser.get("/console")).html);
    expect(home).not.toContain("图书馆");
    expect((await browser.get("/console/library/notices")).status).toBe(403);
    const notices = await count("library_notices");
    await browser.get("/console");
    const res = await browser.post("/console/library/notices", { type: "N", title: "越权", content: "…" });
    expect(res).toMatchObject({ status: 303, location: "/console" });
    expect(visibleText((await browser.get("/console")).html)).toContain("您没有访问此页面的权限");
    expect(await count("library_notices")).toBe(notices);
  });
});
