import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { applyPlan } from "../tools/import/apply";
import { decryptOriginal, planJh } from "../tools/import/jh";
import { InputError } from "../tools/import/plan";
import dump from "./fixtures/import/ttyplatform.sql?raw";
import { db, rowsIn } from "./import-helpers";
import { api, md5 } from "./jh-helpers";

async function importAll() {
  const plan = await planJh("ttyplatform.sql", dump);
  await applyPlan(db, plan);
  const next = await plan.next?.(db, env);
  if (next) await applyPlan(db, next);
  return { plan, next };
}

const login = async (username: string, password: string) =>
  api("user", { method: "login", username, password: await md5(password), devicetype: "mobile" });

describe("004: a mysqldump of tty.platform.aspserver", () => {
  it("decrypts what the original kept with the key in its source, and keeps what it could not", () => {
    expect(decryptOriginal("6SdZ0FYCc1rR97GZVG8VWw==")).toBe("张三");
    expect(decryptOriginal("not-encrypted")).toBe("not-encrypted");
    expect(decryptOriginal("")).toBe("");
  });

  it("plans the accounts and says which stay behind and why; the message board is reported, not imported", async () => {
    const plan = await planJh("ttyplatform.sql", dump);
    expect(plan.units.map((u) => u.entity)).toEqual(["user", "user", "user", "username counter"]);
    expect(plan.rejects.map((r) => `${r.entity} ${r.legacyId}: ${r.reason}`)).toEqual([
      "user ZhangSan: the same username as an earlier one but for case: Campus Edge tells names apart without regard to case",
      "user tester: unknown usertype ADMIN",
    ]);
    expect(plan.notes.join("\n")).toMatch(/message board not imported: 2 posts with 1 comments/);
    // What is written holds no password of the original: only Campus Edge's hash.
    await applyPlan(db, plan);
    const stored = await env.DB.prepare("SELECT password_hash AS h FROM jh_users WHERE username = 'zhangsan'").first<{ h: string }>();
    expect(stored?.h).toMatch(/^pbkdf2-sha256\$100000\$/);
    const everything = JSON.stringify((await env.DB.prepare("SELECT * FROM jh_users").all()).results);
    expect(everything).not.toContain(await md5("Zs@123456"));
    expect(everything).not.toContain("Zs@123456");
  });

  it("stops on a dump cut short, naming the file and line, before writing", async () => {
    const cut = dump.slice(0, dump.indexOf("INSERT INTO `userinfo`") + 80);
    await expect(planJh("cut.sql", cut)).rejects.toThrow(InputError);
    await expect(planJh("cut.sql", cut)).rejects.toThrow(/^cut\.sql:\d+: the dump is cut short/);
  });

  it("after the import, a user logs in with the old password and finds their profile and bindings", async () => {
    const { next } = await importAll();
    expect(next?.units.map((u) => u.entity)).toEqual(["binding", "binding", "binding"]);
    const res = await login("zhangsan", "Zs@123456");
    expect(res.body).toMatchObject({
      code: 200,
      data: { username: "zhangsan", nickname: "张三", usertype: "COMMON", credit: expect.stringMatching(/^[0-9a-f]{32}$/) },
    });
    const credit = res.body.data.credit;
    const base = await api("getinfo", { credit, type: "base" });
    expect(base.body.data).toMatchObject({
      username: "zhangsan",
      email: "zhangsan@zjut.edu.cn",
      phone: "13800000001",
      permission_msgboard: 1,
    });
    const bind = await api("getinfo", { credit, type: "bind" });
    expect(bind.body.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ bindname: "jh", pid: "201806061201", state: 2 }),
        expect.objectContaining({ bindname: "zfedu", state: 2 }),
      ]),
    );
    // The wrong password is still wrong; a password stored before the MD5 days works as today's clients send it.
    expect((await login("zhangsan", "Zs@1234567")).body.code).toBe(403);
    expect((await login("lisi", "lisi-2018")).body).toMatchObject({ code: 200, data: { usertype: "WEJH" } });
  });

  it("runs again without duplicates, and register2 goes on after the original's numbers", async () => {
    await importAll();
    expect([await rowsIn("jh_users"), await rowsIn("jh_bindings")]).toEqual([3, 3]);
    const reg = await api("user", { method: "register2", password: await md5("new"), nickname: "新同学" });
    expect(reg.body.data.username).toBe("10087");
  });
});
