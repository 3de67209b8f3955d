import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import * as schema from "../src/db/schema";
import { post, staff } from "./summer-helpers";

const db = drizzle(env.DB, { schema });
const WRONG = "用户名或密码错误";
const LOCKED = /^登录失败次数过多/;

/** Tries a password; answers the reply's message (code 0: "ok"). */
const login = async (username: string, password: string) => {
  const { body } = await post("/auth/user/login/", null, { username, password });
  return body.code === 0 ? "ok" : (body.msg as string);
};

describe("staff login lockout under parallel guesses (SUMMER_LOGIN_MAX_FAILURES=3)", () => {
  it("checks at most 3 of 20 wrong guesses sent at once, and the right password is then refused", async () => {
    await staff("FINANCE", "finance-parallel");
    const answers = await Promise.all(Array.from({ length: 20 }, () => login("finance-parallel", "bad-pass")));
    expect(answers.filter((a) => a === WRONG).length).toBeLessThanOrEqual(3);
    expect(answers.filter((a) => LOCKED.test(a)).length).toBeGreaterThanOrEqual(17);
    expect(await login("finance-parallel", "secret-pass")).toMatch(LOCKED);
  });

  it("throttles an unknown username as it does a known one, with the same messages", async () => {
    await staff("MARKET", "market-known");
    const known = await Promise.all(Array.from({ length: 8 }, () => login("market-known", "bad-pass")));
    const unknown = await Promise.all(Array.from({ length: 8 }, () => login("market-unknown", "bad-pass")));
    const shape = (answers: string[]) => answers.map((a) => (a === WRONG ? "wrong" : LOCKED.test(a) ? "locked" : a)).sort();
    expect(shape(unknown)).toEqual(shape(known));
    expect(shape(unknown).filter((a) => a === "locked")).toHaveLength(5);
    expect(await login("market-unknown", "bad-pass")).toEqual(await login("market-known", "bad-pass"));
  });

  it("one at a time: the third wrong password locks, for a known and an unknown name alike", async () => {
    await staff("PRODUCT", "product-serial");
    for (const name of ["product-serial", "product-nobody"]) {
      for (let i = 0; i < 3; i++) expect(await login(name, "bad-pass")).toBe(WRONG);
      expect(await login(name, name === "product-serial" ? "secret-pass" : "bad-pass")).toMatch(LOCKED);
    }
  });
});
