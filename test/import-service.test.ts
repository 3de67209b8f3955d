import { describe, expect, it } from "vitest";
import { applyPlan } from "../tools/import/apply";
import { InputError } from "../tools/import/plan";
import { planService } from "../tools/import/service";
import dump from "./fixtures/import/lostandfound.sql?raw";
import { postForm, wxCode } from "./helpers";
import { db, loadSqliteDump, rowsIn } from "./import-helpers";

const source = await loadSqliteDump("lostandfound.sql", dump);

async function handleFor(openid: string): Promise<string> {
  const { body } = await postForm("/service/user/getOpenid", { js_code: await wxCode(openid) });
  return body.data.openid;
}

describe("002: LostAndFound's SQLite database", () => {
  it("plans every user with an openid and says which rows stay behind and why", async () => {
    const plan = await planService(source);
    expect(plan.units.map((u) => u.entity)).toEqual(["user", "user", "user"]);
    expect(plan.rejects).toEqual([{ entity: "user", legacyId: "4", reason: "no openid" }]);
    expect(plan.notes.join("\n")).toMatch(/user 3: history "钱包,耳机" is not a JSON list/);
    expect(plan.notes.join("\n")).toMatch(/1 users had favoured items/);
  });

  it("refuses a database of another layout, naming the file, before writing", async () => {
    const other = { file: "other.db", all: async (q: string) => (q.startsWith("PRAGMA") ? [{ name: "id" }, { name: "openid" }] : []) };
    await expect(planService(other)).rejects.toThrow(InputError);
    await expect(planService(other)).rejects.toThrow(/^other\.db: table user_user lacks qq, cardno/);
    expect(await rowsIn("service_users")).toBe(0);
  });

  it("after the import, the client's getOpenid + loginByOpenid returns the imported user and history", async () => {
    await applyPlan(db, await planService(source));
    const handle = await handleFor("o-lf-alice");
    const { body } = await postForm("/service/user/loginByOpenid", { openid: handle });
    expect(body).toEqual({
      code: 0,
      msg: "success",
      data: {
        id: expect.any(Number),
        openid: handle,
        phone: "13800000001",
        qq: "10001",
        cardno: "201901010101",
        wxid: "alice_wx",
        created_at: "2020-03-26 11:34:29",
        modified_at: "2020-04-01 09:00:00",
      },
    });
    const history = await postForm("/service/user/getHistory", { openid: handle });
    expect(history.body.data).toEqual(["校园卡", "雨伞", "钥匙"]);
    const carol = await postForm("/service/user/getHistory", { openid: await handleFor("o-lf-carol") });
    expect(carol.body).toMatchObject({ code: 0, data: [] });
  });

  it("is safe to run again: no duplicates, and what a user changed in Campus Edge stays", async () => {
    const handle = await handleFor("o-lf-bob");
    await postForm("/service/user/update", { openid: handle, update: JSON.stringify({ phone: "13900000000" }) });
    await applyPlan(db, await planService(source));
    await applyPlan(db, await planService(source));
    expect(await rowsIn("service_users")).toBe(3);
    expect((await postForm("/service/user/get", { openid: handle })).body.data.phone).toBe("13900000000");
  });

  it("a later import refreshes a user nobody changed in Campus Edge, and leaves a changed one alone", async () => {
    const newer = dump
      .replace(
        "'2020-04-01 09:00:00','o-lf-alice','10001','201901010101','13800000001'",
        "'2020-07-01 09:00:00','o-lf-alice','10001','201901010101','13811111111'",
      )
      .replace(
        "'2020-05-02 08:15:00','o-lf-bob','','201901010102','13800000002'",
        "'2020-07-01 09:00:00','o-lf-bob','','201901010102','13822222222'",
      );
    expect(newer).not.toBe(dump);
    const rows = (await source.all("SELECT * FROM user_user")).length;
    await source.all("DELETE FROM user_user");
    await loadSqliteDump(
      "lostandfound.sql",
      newer
        .split("\n")
        .filter((l) => l.startsWith("INSERT INTO user_user"))
        .join("\n"),
    );
    expect((await source.all("SELECT * FROM user_user")).length).toBe(rows);
    await applyPlan(db, await planService(source));
    const alice = await postForm("/service/user/get", { openid: await handleFor("o-lf-alice") });
    expect(alice.body.data).toMatchObject({ phone: "13811111111", modified_at: "2020-07-01 09:00:00" });
    const bob = await postForm("/service/user/get", { openid: await handleFor("o-lf-bob") });
    expect(bob.body.data.phone).toBe("13900000000");
  });

  it("a user who registered in Campus Edge before the import keeps their record", async () => {
    const handle = await handleFor("o-lf-dave");
    await postForm("/service/user/login", { openid: handle, phone: "13700000000", qq: "1", cardno: "2" });
    await source.all(
      "INSERT INTO user_user (created_at, modified_at, openid, qq, cardno, phone, wxid, history, favored) VALUES ('2020-01-01 00:00:00', '2020-01-01 00:00:00', 'o-lf-dave', '9', '9', '13000000000', '', '[]', '[]')",
    );
    await applyPlan(db, await planService(source));
    expect((await postForm("/service/user/get", { openid: handle })).body.data.phone).toBe("13700000000");
    expect(await rowsIn("service_users")).toBe(4);
  });
});
