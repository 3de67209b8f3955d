import { env } from "cloudflare:test";
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as schema from "../src/db/schema";
import { sessions } from "../src/db/schema/platform";
import { sportsUsers } from "../src/db/schema/sports";
import { summerCampuses, summerCampusTypes, summerUsers } from "../src/db/schema/summer";
import { SessionGate } from "../src/platform/session-gate";
import { type D1Recorder, recordD1 } from "./d1-recorder";
import { getJson } from "./helpers";
import { q, signup } from "./sports-helpers";
import { get, patch, post, staff, student } from "./summer-helpers";

const plain = drizzle(env.DB, { schema });

/** Ends every live session of a subject, as a log-out elsewhere or an operator would. */
const endSessions = (subject: string) => plain.update(sessions).set({ revokedAt: Date.now() }).where(eq(sessions.subject, subject));

describe("a session confirmed in the route's first D1 round trip", () => {
  let recorder: D1Recorder;
  beforeEach(() => {
    recorder = recordD1(env.DB);
  });
  afterEach(() => recorder.stop());

  it("answers a summer read with the ticket's refusal once the session ended, and with the data while it lives", async () => {
    const s = await student("gate-read");
    expect((await get("/auth/user/check_user_info/", s.ticket)).body.code).toBe(0);
    recorder.clear();
    expect((await get("/auth/user/check_user_info/", s.ticket)).body.code).toBe(0);
    expect(recorder.calls.length).toBe(1);

    await endSessions(String(s.id));
    expect((await get("/auth/user/check_user_info/", s.ticket)).body).toEqual({ code: 401, msg: "未登陆" });
  });

  it("refuses an ended ticket before any role rule: 401, not 403", async () => {
    const s = await student("gate-forbidden");
    expect((await get("/admin/account_info/", s.ticket)).body.code).toBe(403);
    await endSessions(String(s.id));
    expect((await get("/admin/account_info/", s.ticket)).body).toEqual({ code: 401, msg: "未登陆" });
  });

  it("stops a disabled student's ticket at once", async () => {
    const s = await student("gate-disabled");
    await plain.update(summerUsers).set({ isActive: false }).where(eq(summerUsers.id, s.id));
    expect((await get("/course/my_courses/", s.ticket)).body).toEqual({ code: 401, msg: "未登陆" });
  });

  it("serves a staff read in one round trip, and applies a role change to the live ticket at once", async () => {
    const admin = await staff("ADMIN", "gate-admin");
    const product = await staff("PRODUCT", "gate-product");
    recorder.clear();
    expect((await get("/admin/account_info/", product.ticket)).body.code).toBe(403);
    expect((await get("/course/filter_elements/", product.ticket)).body.code).toBe(0);
    expect(recorder.calls.length).toBe(2);

    // Promoted: the ticket's claim says PRODUCT, the account says FINANCE; the finance read is answered.
    expect((await patch(`/admin/child_user/${product.id}/`, admin.ticket, { role: "FINANCE" })).body.code).toBe(0);
    expect((await get("/admin/account_info/", product.ticket)).body.code).toBe(0);
    // Demoted the other way: the catalogue read it had a moment ago is now refused, on reads and writes alike.
    expect((await get("/course/filter_elements/", product.ticket)).body).toMatchObject({ code: 403, msg: "您没有执行该操作的权限。" });
    const write = await patch(`/course/campus_type/1/`, product.ticket, { name: "改名" });
    expect(write.body.code).toBe(403);
  });

  it("answers a staff write again under the changed role, storing it once, and refuses it once the role no longer allows it", async () => {
    const admin = await staff("ADMIN", "gate-w-admin");
    const clerk = await staff("FINANCE", "gate-w-clerk");
    const s = await student("gate-w-student");
    const remarks = async () => (await get(`/admin/user_info/${s.id}/`, admin.ticket)).body.data.user_info_remark.map((r: any) => r.remark);
    expect((await post(`/admin/user_info/${s.id}/add_remark/`, clerk.ticket, { remark: "未授权" })).body.code).toBe(403);

    expect((await patch(`/admin/child_user/${clerk.id}/`, admin.ticket, { role: "MARKET" })).body.code).toBe(0);
    const added = await post(`/admin/user_info/${s.id}/add_remark/`, clerk.ticket, { remark: "已电话联系" });
    expect(added.body).toMatchObject({ code: 0, data: { remark: "已电话联系" } });
    expect(await remarks()).toEqual(["已电话联系"]);

    expect((await patch(`/admin/child_user/${clerk.id}/`, admin.ticket, { role: "FINANCE" })).body.code).toBe(0);
    expect((await post(`/admin/user_info/${s.id}/add_remark/`, clerk.ticket, { remark: "再次联系" })).body.code).toBe(403);
    expect(await remarks()).toEqual(["已电话联系"]);
  });

  it("refuses a disabled staff member's ticket at once, reads and writes alike", async () => {
    const admin = await staff("ADMIN", "gate-admin2");
    const market = await staff("MARKET", "gate-market2");
    expect((await get("/admin/sales_man/", market.ticket)).body.code).toBe(0);
    await plain.update(summerUsers).set({ isActive: false }).where(eq(summerUsers.id, market.id));
    expect((await get("/admin/sales_man/", market.ticket)).body).toEqual({ code: 401, msg: "未登陆" });
    expect((await patch(`/admin/child_user/${market.id}/`, market.ticket, { name: "x" })).body).toEqual({ code: 401, msg: "未登陆" });
    expect((await get("/admin/sales_man/", admin.ticket)).body.code).toBe(0);
  });

  it("rolls back a write sent with the check when the session has ended: the sports profile keeps its phone", async () => {
    const s = await signup(undefined, { phone: "+86 13900000001" });
    await endSessions(s.userid);
    const refused = await getJson(`/sports/user/profile/update?${q(s, { phone: "+86 13900000002" })}`);
    expect(refused.body.status).toBe("error: invalid session_id");
    const [row] = await plain.select({ phone: sportsUsers.phone }).from(sportsUsers).where(eq(sportsUsers.id, s.userid));
    expect(row.phone).toBe("+86 13900000001");

    // An unknown userid is still told apart from an ended session.
    const stranger = await getJson(`/sports/user/status?${q({ ...s, userid: "nobody" })}`);
    expect(stranger.body.status).toBe("error: invalid userid");
  });

  it("serves a live sports session in one round trip", async () => {
    const s = await signup();
    recorder.clear();
    const { body } = await getJson(`/sports/user/status?${q(s)}`);
    expect(body).toEqual({ status: "accepted", items: [] });
    expect(recorder.calls.map((c) => c.method)).toEqual(["batch"]);
  });
});

/** A campus type and a campus of it, created a second apart: both have a created_at, and they differ. */
async function typeAndCampus(tag: string) {
  const now = Date.now();
  const [type] = await plain
    .insert(summerCampusTypes)
    .values({ title: `${tag}-type-${now}`, campusCountry: "AUSTRALIA", createdAt: now - 1000, updatedAt: now - 1000 })
    .returning();
  const [campus] = await plain
    .insert(summerCampuses)
    .values({ name: `${tag}-campus-${now}`, info: "", campusTypeId: type.id, createdAt: now, updatedAt: now })
    .returning();
  return { now, type, campus };
}

describe("the session gate itself", () => {
  const holds = (yes: boolean) => ({ holds: [yes ? sql`1 = 1` : sql`1 = 0`], refusal: async () => new Error("session ended") });
  const gated = (yes: boolean) => {
    const gate = new SessionGate(env.DB);
    gate.arm(holds(yes));
    return { gate, db: drizzle(gate.binding, { schema }) };
  };

  it("fails every query of a request whose check does not hold, and the request's end too", async () => {
    const { gate, db } = gated(false);
    const results = await Promise.allSettled([db.select().from(summerCampusTypes), db.select().from(summerCampuses)]);
    expect(results.map((r) => (r.status === "rejected" ? String(r.reason?.cause ?? r.reason) : "ran"))).toEqual([
      "Error: session ended",
      "Error: session ended",
    ]);
    await expect(gate.settle()).rejects.toThrow("session ended");
  });

  it("writes nothing sent in the same batch as a check that does not hold", async () => {
    const { db } = gated(false);
    const title = `gate-type-${Date.now()}`;
    const now = Date.now();
    await expect(
      db.insert(summerCampusTypes).values({ title, campusCountry: "AUSTRALIA", createdAt: now, updatedAt: now }),
    ).rejects.toThrow();
    expect(await plain.select().from(summerCampusTypes).where(eq(summerCampusTypes.title, title))).toEqual([]);
  });

  it("keeps every column when two share a name, and a statement's own error when the check holds", async () => {
    const { now, type } = await typeAndCampus("gate-join");
    const { gate, db } = gated(true);
    const recorder = recordD1(env.DB);
    // Both columns are called created_at: the batch's row objects would keep only one.
    const rows = await db
      .select({ campus: summerCampuses.createdAt, type: summerCampusTypes.createdAt })
      .from(summerCampuses)
      .innerJoin(summerCampusTypes, eq(summerCampusTypes.id, summerCampuses.campusTypeId))
      .where(eq(summerCampusTypes.id, type.id));
    expect(rows).toEqual([{ campus: now, type: now - 1000 }]);
    // Sent once, with the check, its columns named by position.
    expect(recorder.calls.map((c) => c.statements.length)).toEqual([2]);
    expect(recorder.calls[0].statements[1].sql).toMatch(
      /"summer_campuses"\."created_at" AS "0", "summer_campus_types"\."created_at" AS "1" from/,
    );
    recorder.stop();

    const clash = db
      .insert(summerCampusTypes)
      .values({ id: type.id, title: "again", campusCountry: "AUSTRALIA", createdAt: now, updatedAt: now });
    await expect(clash).rejects.toMatchObject({ cause: { message: expect.stringMatching(/UNIQUE constraint failed/) } });
    await expect(gate.settle()).resolves.toBeUndefined();
  });

  it("keeps every column of a joined read and every nested row of a relational read inside a batch, armed or not", async () => {
    const { type, campus } = await typeAndCampus("gate-batch");
    for (const armed of [true, false]) {
      const gate = new SessionGate(env.DB);
      if (armed) gate.arm(holds(true));
      const db = drizzle(gate.binding, { schema });
      const [joined, nested, missing] = await db.batch([
        db
          .select({ campus: summerCampuses, type: summerCampusTypes })
          .from(summerCampuses)
          .innerJoin(summerCampusTypes, eq(summerCampusTypes.id, summerCampuses.campusTypeId))
          .where(eq(summerCampuses.id, campus.id)),
        db.query.summerCampuses.findMany({ where: eq(summerCampuses.id, campus.id), with: { campusType: true } }),
        db.query.summerCampuses.findMany({ where: eq(summerCampuses.id, -1), with: { campusType: true }, limit: 1 }),
      ]);
      expect(joined).toEqual([{ campus, type }]);
      expect(nested).toEqual([{ ...campus, campusType: type }]);
      expect(missing).toEqual([]);
    }
  });
});
