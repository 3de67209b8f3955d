import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { libraryLegacySessions } from "../src/db/schema/legacy";
import { sessionHash } from "../src/surfaces/library/legacy-sessions";
import { applyPlan } from "../tools/import/apply";
import { planLibrary } from "../tools/import/library";
import { InputError } from "../tools/import/plan";
import dump from "./fixtures/import/mplib.json?raw";
import { db, rowsIn } from "./import-helpers";
import { lib, login } from "./library-helpers";

const ALICE_SESSION = "5f8d2b8a-9c11-11e9-8e2d-00163e0c1a01";
const BOB_SESSION = "6a9e3c9b-9c11-11e9-8e2d-00163e0c1a02";
const target = {
  appid: "wx-library-demo",
  trainingTemplate: "library-training-demo-template",
  bookTemplate: "library-book-due-demo-template",
  offset: "+08:00",
  mediaUrl: "https://system.lib.whu.edu.cn/mp-static/upload/",
  sessionDays: 30,
};
const NOW = Date.parse("2029-12-01T00:00:00Z");

/** The minute in which an exchanged old session still names its successor, as if it had passed. */
const endGrace = async (session: string) =>
  db
    .update(libraryLegacySessions)
    .set({ expiresAt: Date.now() - 1 })
    .where(eq(libraryLegacySessions.sessionHash, await sessionHash(session)));

describe("000: mplib-server's dumpdata", () => {
  it("plans users, content, sign-ups and reminders to come, and says which rows stay behind and why", async () => {
    const plan = await planLibrary("mplib.json", dump, target, NOW);
    const counts = Object.fromEntries(
      [...new Set(plan.units.map((u) => u.entity))].map((e) => [e, plan.units.filter((u) => u.entity === e).length]),
    );
    expect(counts).toEqual({ user: 2, notice: 2, activity: 3, advise: 1, training: 2, signup: 2, reminder: 2 });
    expect(plan.rejects.map((r) => `${r.entity} ${r.legacyId} (line ${r.line}): ${r.reason}`)).toEqual([
      "user c2f5e4a6-8c1b-11e9-9a3e-00163e0c1a03 (line 52): no openid (the WeChat login never completed)",
      "notice N201906060003 (line 84): not published (a draft)",
    ]);
  });

  it("stops on a file that is not dumpdata JSON, naming the line, before writing", async () => {
    const broken = dump.replace('"title": "暑假开馆时间调整",', '"title": "暑假开馆时间调整"');
    await expect(planLibrary("mplib.json", broken, target, NOW)).rejects.toThrow(InputError);
    await expect(planLibrary("mplib.json", broken, target, NOW)).rejects.toThrow(/^mplib\.json:\d+: not a dumpdata JSON file/);
    expect(await rowsIn("library_users")).toBe(0);
  });

  it("after the import, an old session is exchanged for a new one; the requests sent at once with it all get that one", async () => {
    await applyPlan(db, await planLibrary("mplib.json", dump, target, Date.now()));
    // The client's first screen sends several requests at once with the session it kept from the old server.
    const [first, ...others] = await Promise.all([
      lib("/user/vertify_session", { session: ALICE_SESSION }),
      lib("/user/vertify_session", { session: ALICE_SESSION }),
      lib("/user/vertify_session", { session: ALICE_SESSION }),
    ]);
    expect(first.body).toMatchObject({ status: 0, login: true, libBind: true, session: expect.any(String) });
    expect(first.body.session).not.toBe(ALICE_SESSION);
    for (const other of others) expect(other.body).toEqual(first.body);
    // The new session works as any Campus Edge session.
    expect((await lib("/user/vertify_session", { session: first.body.session })).body).toMatchObject({
      status: 0,
      login: true,
      libBind: true,
    });
    // Once the grace has passed, the old session is refused (status 1 sends the client to log in).
    await endGrace(ALICE_SESSION);
    expect((await lib("/user/vertify_session", { session: ALICE_SESSION })).body).toEqual({ status: 1, err_msg: "LOGIN_FAILED" });
    expect((await lib("/libuser/bor_info", { session: ALICE_SESSION })).body.status).toBe(1);
    const bob = await lib("/user/vertify_session", { session: BOB_SESSION });
    expect(bob.body).toMatchObject({ status: 0, login: true, libBind: false });
    // A made-up session of the old form is refused like any other.
    expect((await lib("/user/vertify_session", { session: "00000000-9c11-11e9-8e2d-00163e0c1a09" })).body).toEqual({
      status: 1,
      err_msg: "LOGIN_FAILED",
    });
  });

  it("the imported notices, trainings and activities are listed; a bound card asks for its password once more", async () => {
    const notices = await lib("/notice");
    expect(notices.body.results.map((n: { title: string }) => n.title)).toEqual(["新增数据库试用：CNKI 学术图片库", "暑假开馆时间调整"]);
    expect(notices.body.results[1]).toMatchObject({
      type: "N",
      pub_user: "libadmin",
      url: "https://www.lib.whu.edu.cn/web/index.asp?obj_id=1",
      urlEnable: true,
      publishTime: "2019-06-01T10:00:00+08:00",
    });
    const trainings = await lib("/training");
    expect(JSON.stringify(trainings.body)).toContain("毕业论文查重与格式");
    // find.vue shows each banner's img_url and opens its url on a tap, where urlEnable says so.
    const activities = await lib("/activity");
    expect(
      activities.body.results.map((a: { title: string; img_url: string; url: string | null; urlEnable: boolean }) => [
        a.title,
        a.img_url,
        a.url,
        a.urlEnable,
      ]),
    ).toEqual([
      ["古籍修复展", "https://system.lib.whu.edu.cn/mp-static/upload/activity_img/guji.jpg", null, false],
      [
        "毕业季·图书漂流",
        "https://system.lib.whu.edu.cn/mp-static/upload/activity_img/piaoliu.jpg",
        "https://www.lib.whu.edu.cn/web/index.asp?obj_id=7",
        true,
      ],
      ["读书月·真人图书馆", "https://system.lib.whu.edu.cn/mp-static/upload/activity_img/renrentushu.jpg", null, false],
    ]);
    // Alice's card is bound; the password mplib kept only as a hash is asked for at the first patron call.
    const session = await login("o-mplib-alice");
    expect((await lib("/user/vertify_session", { session })).body).toMatchObject({ libBind: true });
    expect((await lib("/libuser/bor_info", { session })).body).toMatchObject({ status: 6 });
  });

  it("sign-ups come over, with the reminder still to come; running again duplicates nothing", async () => {
    const pending = await env.DB.prepare(
      "SELECT template_id, openid, data, state FROM reminders WHERE surface = 'library' ORDER BY send_at",
    ).all<{
      template_id: string;
      openid: string;
      data: string;
      state: string;
    }>();
    expect(pending.results.map((r) => [r.template_id, r.openid, r.state])).toEqual([
      ["library-training-demo-template", "o-mplib-alice", "pending"],
      ["library-book-due-demo-template", "o-mplib-bob", "pending"],
    ]);
    expect(JSON.parse(pending.results[0].data)).toMatchObject({
      thing1: { value: "毕业论文查重与格式" },
      thing4: { value: "提前十分钟到" },
    });
    const before = await Promise.all(["library_users", "library_notices", "library_signups", "reminders", "library_trainings"].map(rowsIn));
    await applyPlan(db, await planLibrary("mplib.json", dump, target, Date.now()));
    expect(
      await Promise.all(["library_users", "library_notices", "library_signups", "reminders", "library_trainings"].map(rowsIn)),
    ).toEqual(before);
    // The exchanged session is not brought back by the second run.
    expect((await lib("/libuser/bor_info", { session: ALICE_SESSION })).body.status).toBe(1);
  });
});
