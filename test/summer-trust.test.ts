import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type FileKind, summerAdvisorLinks, summerAudit, summerCoupons, summerFiles, summerUserCoupons } from "../src/db/schema";
import { advisor, api, db, get, PNG_B64, patch, post, put, type Reply, staff, student } from "./summer-helpers";

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

describe("personal file ID numbers", () => {
  it("a student's write never says whether an ID number is registered; staff see the other students with it", async () => {
    const admin = await staff("ADMIN", "admin-idnumbers");
    const first = await student("o-id-first");
    const squatter = await student("o-id-squatter");
    const file = (s: { id: number }) => `/auth/user/info/${s.id}/personal_file/`;
    expect((await put(file(first), first.ticket, { id_number: "E99887766" })).body).toMatchObject({
      code: 0,
      data: { id_number: "E99887766" },
    });
    const again = await put(file(squatter), squatter.ticket, { first_name: "Kai", id_number: "E99887766" });
    expect(again.body).toMatchObject({ code: 0, data: { first_name: "Kai", id_number: "E99887766" } });
    const seen = (await get(`/admin/user_info/${first.id}/`, admin.ticket)).body.data;
    expect(seen.same_id_number).toEqual([{ user_id: squatter.id, name: null }]);
    const theirs = (await get(`/admin/user_info/${squatter.id}/`, admin.ticket)).body.data;
    expect(theirs.same_id_number).toEqual([{ user_id: first.id, name: null }]);
    await put(file(squatter), squatter.ticket, { id_number: "E11111111" });
    expect((await get(`/admin/user_info/${first.id}/`, admin.ticket)).body.data.same_id_number).toEqual([]);
  });
});

describe("changing one's own password", () => {
  it("ends every other ticket of the account; the ticket that changed it stays signed in", async () => {
    const here = await staff("ADMIN", "admin-own-password");
    const elsewhere = (await post("/auth/user/login/", null, { username: "admin-own-password", password: "secret-pass" })).body.data.ticket;
    expect((await get("/common/global_enums/", elsewhere)).body.code).toBe(0);
    const changed = await put(`/admin/child_user/${here.id}/update_password/`, here.ticket, { password: "new-secret-1" });
    expect(changed.body.code).toBe(0);
    expect((await get("/common/global_enums/", elsewhere)).body).toEqual({ code: 401, msg: "未登陆" });
    expect((await get("/common/global_enums/", here.ticket)).body.code).toBe(0);
    expect((await post("/auth/user/login/", null, { username: "admin-own-password", password: "new-secret-1" })).body.code).toBe(0);
  });
});

describe("files by role area", () => {
  /** A stored file of `kind` (owned by `ownerId`, or an advisor's), straight into R2 and D1. */
  async function storedFile(kind: FileKind, owner: { ownerId?: number; salesManId?: number }) {
    const id = `trust-${kind}-${crypto.randomUUID().slice(0, 8)}`;
    const key = `summer/${kind}/${id}`;
    const body = Uint8Array.from(atob(PNG_B64), (ch) => ch.charCodeAt(0));
    await env.FILES.put(key, body, { httpMetadata: { contentType: "image/png" } });
    await db.insert(summerFiles).values({ id, key, kind, contentType: "image/png", size: body.length, createdAt: Date.now(), ...owner });
    return id;
  }
  const opens = async (ticket: string, id: string) =>
    (await api("GET", `/files/${id}`, ticket)).headers.get("content-type") === "image/png";

  it("each kind opens to the area that handles it and to ADMIN; students still reach their own, syllabi and their advisor's QR", async () => {
    await advisor("trust-advisor");
    const s = await student("o-files-by-area");
    const other = await student("o-files-other");
    const [link] = await db.select().from(summerAdvisorLinks).where(eq(summerAdvisorLinks.userId, s.id));
    const roles = {
      ADMIN: await staff("ADMIN", "admin-files"),
      MARKET: await staff("MARKET", "market-files"),
      PRODUCT: await staff("PRODUCT", "product-files"),
      FINANCE: await staff("FINANCE", "finance-files"),
    };
    const files: Record<FileKind, string> = {
      payment: await storedFile("payment", { ownerId: s.id }),
      approval: await storedFile("approval", { ownerId: s.id }),
      credit: await storedFile("credit", { ownerId: s.id }),
      advisor_qr: await storedFile("advisor_qr", { salesManId: link.salesManId }),
      channel_qr: await storedFile("channel_qr", {}),
      syllabus: await storedFile("syllabus", { ownerId: roles.PRODUCT.id }),
    };
    const expected: Record<FileKind, string[]> = {
      payment: ["ADMIN", "FINANCE"],
      approval: ["ADMIN", "PRODUCT"],
      credit: ["ADMIN", "PRODUCT"],
      advisor_qr: ["ADMIN", "MARKET"],
      channel_qr: ["ADMIN", "MARKET"],
      syllabus: ["ADMIN", "MARKET", "PRODUCT", "FINANCE"],
    };
    for (const kind of Object.keys(files) as FileKind[]) {
      const allowed: string[] = [];
      for (const [role, who] of Object.entries(roles)) if (await opens(who.ticket, files[kind])) allowed.push(role);
      expect({ kind, allowed }).toEqual({ kind, allowed: expected[kind] });
    }
    for (const kind of ["payment", "approval", "credit", "advisor_qr", "syllabus"] as const)
      expect(await opens(s.ticket, files[kind])).toBe(true);
    // The other student has the same (only) advisor, so its QR is theirs to see too.
    for (const kind of ["payment", "approval", "credit", "channel_qr"] as const) expect(await opens(other.ticket, files[kind])).toBe(false);
    expect(await opens(other.ticket, files.syllabus)).toBe(true);
  });
});

describe("writes racing a role change", () => {
  // Requests interleave in one isolate as they do in production; the role is read in each write's own batch.
  it("coupon writes answer 0 or 403 (never 500) while an admin flips the writer's role, and none is written twice", async () => {
    const admin = await staff("ADMIN", "admin-flipper");
    const writer = await staff("MARKET", "market-flipped");
    const students = await Promise.all([1, 2, 3, 4, 5].map((i) => student(`o-race-coupon-${i}`)));
    const couponBody = (info: string) => ({
      amount: 10,
      info,
      start_time: "2027-07-12T16:00:00Z",
      end_time: "2027-07-30T16:00:00Z",
      max_num: 5,
    });
    const base = (await post("/coupon/coupon/", writer.ticket, couponBody("race-base"))).body.data;
    // Sent interleaved and spread over a few hundred ms: a flip, then a create, an update or a gift, and so on.
    const later = <T>(i: number, send: () => Promise<T>) => new Promise<T>((resolve) => setTimeout(() => resolve(send()), i * 15));
    const flipped: Promise<Reply>[] = [];
    const created: Promise<Reply>[] = [];
    const updated: Promise<Reply>[] = [];
    const given: Promise<Reply>[] = [];
    for (let i = 0; i < 20; i++) {
      const role = i % 2 === 0 ? "FINANCE" : "MARKET";
      flipped.push(later(i, () => patch(`/admin/child_user/${writer.id}/`, admin.ticket, { role })));
      created.push(later(i, () => post("/coupon/coupon/", writer.ticket, couponBody(`race-${i}`))));
      if (i % 2 === 0) updated.push(later(i, () => patch(`/coupon/coupon/${base.id}/`, writer.ticket, { info: `race-base-${i}` })));
      const to = students[given.length];
      if (i % 4 === 1) given.push(later(i, () => post("/coupon/user_coupon/", writer.ticket, { user: to.id, coupon: base.id })));
    }
    const [flips, creates, updates, gifts] = await Promise.all([flipped, created, updated, given].map((list) => Promise.all(list)));
    expect(flips.every((r) => r.body.code === 0)).toBe(true);
    for (const r of [...creates, ...updates, ...gifts]) expect([0, 403]).toContain(r.body.code);

    for (const [i, r] of creates.entries()) {
      const rows = await db
        .select({ id: summerCoupons.id })
        .from(summerCoupons)
        .where(eq(summerCoupons.info, `race-${i}`));
      expect(rows).toHaveLength(r.body.code === 0 ? 1 : 0);
      if (r.body.code === 0) {
        const audits = await db
          .select()
          .from(summerAudit)
          .where(eq(summerAudit.entityId, String(rows[0].id)));
        expect(audits.filter((a) => a.entity === "coupon" && a.action === "create")).toHaveLength(1);
      }
    }
    for (const [i, s] of students.entries()) {
      const rows = await db.select().from(summerUserCoupons).where(eq(summerUserCoupons.userId, s.id));
      expect(rows).toHaveLength(gifts[i]?.body.code === 0 ? 1 : 0);
    }
  });
});
