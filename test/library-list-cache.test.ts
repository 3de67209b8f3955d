import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ADMIN } from "./helpers";
import { lib, login } from "./library-helpers";

async function admin(method: string, path: string, body?: unknown) {
  const res = await SELF.fetch(`http://campus.test/admin/library${path}`, {
    method,
    headers: { ...ADMIN, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const titles = (body: any) => body.results.map((r: any) => r.title);

/** Writes a notice behind the operators' routes' back: only the cache can hide it. */
const sneakNotice = (title: string) =>
  env.DB.prepare(
    "INSERT INTO library_notices (type, title, content, author, publish_time, created_at, updated_at) VALUES ('Z', ?, '', '', ?, ?, ?)",
  )
    .bind(title, Date.now() + 60_000, Date.now(), Date.now())
    .run();

describe("public lists from the cache", () => {
  it("answers a list from the cache until an operator changes it, then reads it afresh", async () => {
    const first = await admin("POST", "/notices", { type: "Z", title: "第一条", content: "…" });
    expect(first.status).toBe(201);
    expect(titles((await lib("/notice", { type: "Z", limit: 10 })).body)).toEqual(["第一条"]);

    await sneakNotice("旁路写入");
    // The same query with its parameters in another order is the same list, from the cache.
    expect(titles((await lib("/notice", { limit: 10, type: "Z" })).body)).toEqual(["第一条"]);
    expect(titles((await lib("/notice", { type: "Z", limit: 10 })).body)).toEqual(["第一条"]);

    expect((await admin("PATCH", `/notices/${first.body.id}`, { title: "第一条（改）" })).status).toBe(200);
    expect(titles((await lib("/notice", { type: "Z", limit: 10 })).body)).toEqual(["旁路写入", "第一条（改）"]);

    expect((await admin("DELETE", `/notices/${first.body.id}`)).status).toBe(200);
    expect(titles((await lib("/notice", { type: "Z", limit: 10 })).body)).toEqual(["旁路写入"]);
  });

  it("never caches a user's own training list", async () => {
    const session = await login("list-cache-user");
    const anonymous = (await lib("/training")).body;
    const own = (await lib("/training", { session })).body;
    expect(own.session).toBe(session);
    expect(anonymous.session).toBeUndefined();
  });
});
