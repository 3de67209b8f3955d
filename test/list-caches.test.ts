import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { recordD1 } from "./d1-recorder";
import { BASE } from "./helpers";
import { admin as jhAdmin } from "./jh-helpers";
import { get, patch, post, type Staff, staff, student } from "./summer-helpers";

/** Round trips to D1 a call makes (the recorder sees the worker's binding itself). */
async function tripsOf<T>(call: () => Promise<T>): Promise<{ trips: number; result: T }> {
  const recorder = recordD1(env.DB);
  try {
    const result = await call();
    return { trips: recorder.calls.length, result };
  } finally {
    recorder.stop();
  }
}

describe("the summer school's catalogue from the cache", () => {
  let product: Staff;
  beforeAll(async () => {
    product = await staff("PRODUCT", "product-list-cache");
  });

  it("answers a repeated read with only the ticket check, and shows an operator's change on the next read", async () => {
    const s = await student("list-cache-student");
    const type = (await post("/course/campus_type/", product.ticket, { title: "缓存暑校", campus_country: "AUSTRALIA" })).body.data;
    const titles = async () => {
      const { body } = await get("/course/campus_type/?page=1", s.ticket);
      return body.data.results.map((t: any) => t.title);
    };
    // A student's ticket is checked in the catalogue's own batch; once cached, by a round trip of its own.
    const first = await tripsOf(titles);
    expect(first.result).toContain("缓存暑校");
    expect(first.trips).toBe(1);
    const second = await tripsOf(titles);
    expect(second.result).toEqual(first.result);
    expect(second.trips).toBe(1);

    // Written behind the operators' routes' back: only the cache can hide it.
    await env.DB.prepare("UPDATE summer_campus_types SET title = ? WHERE id = ?").bind("旁路改名", type.id).run();
    expect(await titles()).toContain("缓存暑校");

    expect((await patch(`/course/campus_type/${type.id}/`, product.ticket, { title: "缓存暑校改" })).body.code).toBe(0);
    const fresh = await titles();
    expect(fresh).toContain("缓存暑校改");
    expect(fresh).not.toContain("缓存暑校");
  });

  it("still checks the ticket before answering from the cache", async () => {
    const s = await student("list-cache-student-2");
    expect((await get("/course/campus_type/", s.ticket)).body.code).toBe(0);
    expect((await get("/course/campus_type/", "not-a-ticket")).body).toEqual({ code: 401, msg: "未登陆" });
    expect((await get("/course/campus_type/", null)).body).toEqual({ code: 401, msg: "未登陆" });
  });

  it("keeps a failed read out of the cache", async () => {
    const s = await student("list-cache-student-3");
    for (let i = 0; i < 2; i++) {
      const missing = await tripsOf(() => get("/course/campus_type/987654/", s.ticket));
      expect(missing.result.body.code).toBe(404);
      expect(missing.trips).toBe(1);
    }
  });
});

describe("精弘's term calendar from the cache", () => {
  const time = async () => {
    const res = await SELF.fetch(`${BASE}/jh/api/time`);
    return (await res.json()) as any;
  };

  it("answers /api/time without D1 once read, and shows an operator's change on the next read", async () => {
    const { body } = await jhAdmin("/terms", {}, "GET");
    for (const t of body.terms) await jhAdmin(`/terms/${t.year}/${t.term}`, {}, "DELETE");
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const begin = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
    const end = new Date(Date.now() + 100 * 86_400_000).toISOString().slice(0, 10);
    expect(today >= begin).toBe(true);
    expect((await jhAdmin("/terms", { year: 2050, term: 3, begin, end })).status).toBe(200);

    const first = await tripsOf(time);
    expect(first.result.data).toMatchObject({ year: 2050, term: 3 });
    expect(first.trips).toBe(1);
    const second = await tripsOf(time);
    expect(second.result).toEqual(first.result);
    expect(second.trips).toBe(0);

    await env.DB.prepare("UPDATE jh_terms SET year = 2051 WHERE year = 2050").run();
    expect((await time()).data.year).toBe(2050);

    expect((await jhAdmin("/terms", { year: 2050, term: 12, begin, end })).status).toBe(409);
    // Replacing the term (a write of the operators' routes) purges the cached calendar.
    expect((await jhAdmin("/terms", { year: 2051, term: 3, begin, end: today })).status).toBe(200);
    expect((await time()).data).toMatchObject({ year: 2051, term: 3, end: today });

    expect((await jhAdmin("/terms/2051/3", {}, "DELETE")).body).toEqual({ removed: true });
    expect((await time()).data).toBeNull();
  });
});
