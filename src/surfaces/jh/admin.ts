import { and, eq, sql } from "drizzle-orm";
import { Hono } from "hono";
import * as v from "valibot";
import { JH_USERTYPES, jhSequences, jhTerms, jhUsers } from "../../db/schema/jh";
import type { AppEnv, Db } from "../../env";
import { AppError } from "../../platform/errors";
import { describe } from "../../platform/openapi";
import { int, params, text } from "../../platform/params";
import { formatIso, parseLocal } from "../../platform/time";
import { FIRST_NUMERIC_USERNAME, findByUsername, hashMd5, usernameKey } from "./accounts";
import type { JhUser } from "./credits";
import { purgeTerms } from "./term-cache";
import { listTerms } from "./time";

/** Operators' API for document 004 (mounted at /admin/jh): importing users, their permissions, the term calendar. */
export const jhAdmin = new Hono<AppEnv>();
const tags = ["operators"];
const security = [{ operatorToken: [] }];
export const MAX_IMPORT = 100;

const usertype = v.picklist(JH_USERTYPES);
const permission = v.pipe(
  v.union([v.picklist([0, 1, 2]), v.pipe(v.picklist(["0", "1", "2"]), v.transform(Number))]),
  v.description("0 user, 1 admin, 2 super admin"),
);

const userSummary = v.object({
  username: v.string(),
  nickname: v.string(),
  usertype,
  permission_msgboard: v.number(),
  email: v.string(),
  phone: v.string(),
  locked_until: v.nullable(v.string()),
  created_at: v.string(),
});

const summaryOf = (u: JhUser) => ({
  username: u.username,
  nickname: u.nickname,
  usertype: u.usertype,
  permission_msgboard: u.permissionMsgboard,
  email: u.email,
  phone: u.phone,
  locked_until: u.lockedUntil && u.lockedUntil > Date.now() ? formatIso(u.lockedUntil) : null,
  created_at: formatIso(u.createdAt),
});

const importedUser = v.object({
  username: v.pipe(text(64), v.regex(/^\S+$/, "no spaces")),
  nickname: text(64),
  password_md5: v.pipe(v.string(), v.regex(/^[0-9a-fA-F]{32}$/, "must be the 32-character hex MD5 the original stored")),
  usertype: v.optional(usertype, "COMMON"),
  permission_msgboard: v.optional(permission, 0),
  email: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(254)), ""),
  phone: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(32)), ""),
});

/** Numeric usernames of this many digits or fewer are register2's; importing one moves its counter past it. */
const REGISTER2_DIGITS = 9;

jhAdmin.post(
  "/users/import",
  describe({
    tags,
    security,
    summary: `Import up to ${MAX_IMPORT} users of the original system with their password MD5s (they keep their passwords)`,
    description:
      "Existing usernames (without regard to case) are skipped and listed. The MD5 is stored only as a PBKDF2 of its upper-case form.",
    responses: {
      200: [
        "imported and skipped usernames",
        v.object({ imported: v.array(v.string()), skipped: v.array(v.object({ username: v.string(), reason: v.string() })) }),
      ],
    },
  }),
  params(v.object({ users: v.pipe(v.array(importedUser), v.minLength(1), v.maxLength(MAX_IMPORT)) }), "POST"),
  async (c) => {
    const db = c.var.db;
    const seen = new Set<string>();
    const skipped: Array<{ username: string; reason: string }> = [];
    const fresh: typeof c.var.params.users = [];
    for (const u of c.var.params.users) {
      const key = usernameKey(u.username);
      if (seen.has(key)) skipped.push({ username: u.username, reason: "repeated in this request" });
      else fresh.push(u);
      seen.add(key);
    }
    const now = Date.now();
    const rows = await Promise.all(
      fresh.map(async (u) => ({
        username: u.username,
        usernameKey: usernameKey(u.username),
        nickname: u.nickname,
        passwordHash: await hashMd5(u.password_md5),
        usertype: u.usertype,
        permissionMsgboard: u.permission_msgboard,
        email: u.email,
        phone: u.phone,
        createdAt: now,
      })),
    );
    const numeric = rows.filter((r) => new RegExp(`^\\d{1,${REGISTER2_DIGITS}}$`).test(r.username)).map((r) => Number(r.username));
    const inserts = rows.map((r) => db.insert(jhUsers).values(r).onConflictDoNothing().returning({ username: jhUsers.username }));
    const bump = numeric.length
      ? [
          db
            .insert(jhSequences)
            .values({ name: "username", value: Math.max(FIRST_NUMERIC_USERNAME - 1, ...numeric) })
            .onConflictDoUpdate({ target: jhSequences.name, set: { value: sql`max(${jhSequences.value}, excluded.value)` } }),
        ]
      : [];
    const [first, ...rest] = [...inserts, ...bump];
    const results = first ? await db.batch([first, ...rest]) : [];
    const imported: string[] = [];
    rows.forEach((r, i) => {
      const out = results[i];
      if (Array.isArray(out) && out.length === 1) imported.push(r.username);
      else skipped.push({ username: r.username, reason: "exists" });
    });
    return c.json({ imported, skipped });
  },
);

const userDoc = (summary: string) =>
  describe({ tags, security, summary, responses: { 200: ["the user", userSummary], 404: ["no such user"] } });

async function userOr404(db: Db, username: string) {
  const user = await findByUsername(db, username);
  if (!user) throw new AppError("not_found", "no such user");
  return user;
}

jhAdmin.get("/users/:username", userDoc("A 004 user (username without regard to case)"), params(v.object({}), "GET"), async (c) =>
  c.json(summaryOf(await userOr404(c.var.db, c.req.param("username")))),
);

jhAdmin.patch(
  "/users/:username",
  userDoc("Set a user's permission_msgboard (0, 1, 2) and/or usertype (COMMON, WEJH, TEST)"),
  params(v.object({ permission_msgboard: v.optional(permission), usertype: v.optional(usertype) }), "POST"),
  async (c) => {
    const user = await userOr404(c.var.db, c.req.param("username"));
    const { permission_msgboard: permissionMsgboard, usertype: type } = c.var.params;
    const set = {
      ...(permissionMsgboard === undefined ? {} : { permissionMsgboard }),
      ...(type === undefined || type === user.usertype ? {} : { usertype: type, publicMd5: null }),
    };
    if (Object.keys(set).length === 0) return c.json(summaryOf(user));
    const [updated] = await c.var.db.update(jhUsers).set(set).where(eq(jhUsers.id, user.id)).returning();
    return c.json(summaryOf(updated));
  },
);

// ---- The term calendar ----

const date = v.pipe(
  v.string(),
  v.check((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && parseLocal(s) !== null, "must be a date YYYY-MM-DD"),
);
const termSchema = v.object({
  year: v.pipe(v.number(), v.description("Academic year the term belongs to (2018 for 2018-2019)")),
  term: v.pipe(v.picklist([3, 12, 16]), v.description("3 first, 12 second, 16 short")),
  begin: v.string(),
  end: v.pipe(v.string(), v.description("Last day of the term (inclusive)")),
});
const termKey = { year: int(1990, 2200), term: v.pipe(int(3, 16), v.picklist([3, 12, 16])) };

jhAdmin.get(
  "/terms",
  describe({
    tags,
    security,
    summary: "The term calendar behind /jh/api/time",
    responses: { 200: ["terms by begin date", v.object({ terms: v.array(termSchema) })] },
  }),
  params(v.object({}), "GET"),
  async (c) => c.json({ terms: await listTerms(c.var.db) }),
);

jhAdmin.post(
  "/terms",
  describe({
    tags,
    security,
    summary: "Add or replace a term (year + term); terms may not overlap",
    responses: { 200: ["the term", termSchema], 409: ["overlaps another term"] },
  }),
  params(v.object({ ...termKey, begin: date, end: date }), "POST"),
  async (c) => {
    const t = c.var.params;
    if (t.end < t.begin) throw new AppError("invalid_param", "end must not be before begin", { field: "end" });
    const [clash] = await c.var.db
      .select()
      .from(jhTerms)
      .where(
        and(
          sql`NOT (${jhTerms.year} = ${t.year} AND ${jhTerms.term} = ${t.term})`,
          sql`${jhTerms.begin} <= ${t.end}`,
          sql`${jhTerms.end} >= ${t.begin}`,
        ),
      )
      .limit(1);
    if (clash) throw new AppError("conflict", `overlaps ${clash.year} term ${clash.term} (${clash.begin}..${clash.end})`);
    const row = { year: t.year, term: t.term, begin: t.begin, end: t.end };
    await c.var.db
      .insert(jhTerms)
      .values(row)
      .onConflictDoUpdate({ target: [jhTerms.year, jhTerms.term], set: { begin: t.begin, end: t.end } });
    await purgeTerms();
    return c.json(row);
  },
);

jhAdmin.delete(
  "/terms/:year/:term",
  describe({ tags, security, summary: "Remove a term", responses: { 200: ["removed", v.object({ removed: v.boolean() })] } }),
  params(v.object({}), "GET"),
  async (c) => {
    const key = v.safeParse(v.object(termKey), { year: c.req.param("year"), term: c.req.param("term") });
    if (!key.success) throw new AppError("invalid_param", "year and term must be a year and 3, 12 or 16");
    const rows = await c.var.db
      .delete(jhTerms)
      .where(and(eq(jhTerms.year, key.output.year), eq(jhTerms.term, key.output.term)))
      .returning({ year: jhTerms.year });
    if (rows.length > 0) await purgeTerms();
    return c.json({ removed: rows.length > 0 });
  },
);
