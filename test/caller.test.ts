import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as schema from "../src/db/schema";
import { sessions } from "../src/db/schema/platform";
import { sportsUsers } from "../src/db/schema/sports";
import { summerCampusTypes, summerUsers } from "../src/db/schema/summer";
import { callerAnd, type PendingCaller, requiring } from "../src/platform/caller";
import { type D1Recorder, recordD1 } from "./d1-recorder";
import { getJson } from "./helpers";
import { q, signup } from "./sports-helpers";
import { get, patch, post, staff, student } from "./summer-helpers";

const plain = drizzle(env.DB, { schema });

/** Ends every live session of a subject, as a log-out elsewhere or an operator would. */
const endSessions = (subject: string) => plain.update(sessions).set({ revokedAt: Date.now() }).where(eq(sessions.subject, subject));

describe("a caller confirmed in the route's first D1 round trip", () => {
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

    // Promoted to FINANCE: the same live ticket reaches the finance read at once.
    expect((await patch(`/admin/child_user/${product.id}/`, admin.ticket, { role: "FINANCE" })).body.code).toBe(0);
    expect((await get("/admin/account_info/", product.ticket)).body.code).toBe(0);
    // Demoted the other way: the catalogue read it had a moment ago is now refused, on reads and writes alike.
    expect((await get("/course/filter_elements/", product.ticket)).body).toMatchObject({ code: 403, msg: "您没有执行该操作的权限。" });
    const write = await patch(`/course/campus_type/1/`, product.ticket, { name: "改名" });
    expect(write.body.code).toBe(403);
  });

  it("applies a role change to a staff write at once, storing it once, and refuses it once the role no longer allows it", async () => {
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
    expect(body).toEqual({ status: "accepted", items: [], rented: [] });
    expect(recorder.calls.map((c) => c.method)).toEqual(["batch"]);
  });
});

describe("callerAnd", () => {
  const ctx = (caller: PendingCaller<number, ReturnType<typeof readType>>) => ({ var: { db: plain, caller } });
  const readType = (db: typeof plain, title: string) =>
    db.select({ id: summerCampusTypes.id }).from(summerCampusTypes).where(eq(summerCampusTypes.title, title));
  const pending = (title: string) => ({
    read: (db: typeof plain) => readType(db, title),
    confirm: ([row]: { id: number }[]) => {
      if (!row) throw new Error("not live");
      return row.id;
    },
  });

  it("hands back the caller and the route's reads of one batch, in order", async () => {
    const now = Date.now();
    const [type] = await plain
      .insert(summerCampusTypes)
      .values({ title: `caller-${now}`, campusCountry: "AUSTRALIA", createdAt: now, updatedAt: now })
      .returning();
    const recorder = recordD1(env.DB);
    const [me, rows] = await callerAnd(
      ctx(pending(type.title)),
      plain.select().from(summerCampusTypes).where(eq(summerCampusTypes.id, type.id)),
    );
    expect(me).toBe(type.id);
    expect(rows).toEqual([type]);
    expect(recorder.calls.map((c) => [c.method, c.statements.length])).toEqual([["batch", 2]]);
    recorder.stop();
  });

  it("hands back nothing when the caller is refused, and checks a rule only for a live caller", async () => {
    await expect(callerAnd(ctx(pending("nobody")), plain.select().from(summerCampusTypes))).rejects.toThrow("not live");
    const now = Date.now();
    await plain
      .insert(summerCampusTypes)
      .values({ title: `caller-rule-${now}`, campusCountry: "AUSTRALIA", createdAt: now, updatedAt: now });
    const refusing = requiring(pending(`caller-rule-${now}`), () => {
      throw new Error("forbidden");
    });
    await expect(callerAnd(ctx(refusing))).rejects.toThrow("forbidden");
    await expect(callerAnd(ctx(requiring(pending("nobody"), () => undefined)))).rejects.toThrow("not live");
  });
});
