import { count, desc, eq } from "drizzle-orm";
import { Hono } from "hono";
import * as v from "valibot";
import { libraryActivities, libraryAdvises, libraryNotices, librarySignups, libraryTrainings } from "../db/schema/library";
import type { AppEnv } from "../env";
import { config } from "../platform/config";
import { AppError, invalidParam } from "../platform/errors";
import { describe } from "../platform/openapi";
import { pageOf } from "../platform/paging";
import { int, params, text } from "../platform/params";
import { formatDateTime, parseLocal } from "../platform/time";
import { presentActivity, presentAdvise, presentNotice, presentTraining } from "../surfaces/library/notices";

/** Operators publish the library's notices, trainings and activities, and read complaints. */
export const libraryAdmin = new Hono<AppEnv>();
const tags = ["operators"];
const security = [{ operatorToken: [] }];

const offset = (c: { env: AppEnv["Bindings"] }) => config(c.env).LOCAL_UTC_OFFSET;
const localTime = v.pipe(v.string(), v.trim(), v.description("YYYY-MM-DD HH:mm[:ss], campus time"));

/** Converts the time fields of a request to epoch ms (status 400 when malformed). */
function times(tz: string, input: Record<string, unknown>, fields: string[]) {
  const out: Record<string, unknown> = { ...input };
  for (const f of fields) {
    if (input[f] === undefined) continue;
    const ms = parseLocal(String(input[f]), tz);
    if (ms === null) throw invalidParam(f, `${f} must be YYYY-MM-DD HH:mm[:ss]`);
    out[f] = ms;
  }
  return out;
}

const noticeFields = {
  type: v.picklist(["N", "Z", "P"]),
  title: text(200),
  content: text(20_000),
  author: v.optional(v.pipe(v.string(), v.maxLength(100))),
  url: v.optional(v.pipe(v.string(), v.url())),
  publishTime: v.optional(localTime),
};
const trainingFields = {
  type: v.picklist(["B", "X", "S"]),
  title: text(200),
  content: text(20_000),
  speaker: v.optional(v.pipe(v.string(), v.maxLength(100))),
  place: v.optional(v.pipe(v.string(), v.maxLength(200))),
  startTime: localTime,
  endTime: localTime,
  publishTime: v.optional(localTime),
};
const activityFields = {
  title: text(200),
  content: text(20_000),
  place: v.optional(v.pipe(v.string(), v.maxLength(200))),
  image: v.optional(v.pipe(v.string(), v.url())),
  startTime: localTime,
  endTime: localTime,
  publishTime: v.optional(localTime),
};

type Table = typeof libraryNotices | typeof libraryTrainings | typeof libraryActivities;

/** POST (create), PATCH (edit) and DELETE for one kind of publication. */
function publications(
  path: string,
  name: string,
  table: Table,
  fields: v.ObjectEntries,
  timeFields: string[],
  present: (row: any, offset: string) => Record<string, unknown>,
) {
  const idParam = (c: { req: { param: (name: "id") => string } }) => {
    const id = Number(c.req.param("id"));
    if (!Number.isInteger(id) || id < 1) throw new AppError("not_found", `no such ${name}`);
    return id;
  };
  const checkOrder = (row: Record<string, unknown>) => {
    if (typeof row.startTime === "number" && typeof row.endTime === "number" && row.endTime < row.startTime) {
      throw invalidParam("endTime", "endTime is before startTime");
    }
  };

  libraryAdmin.post(
    path,
    describe({ tags, security, summary: `Publish a library ${name}`, responses: { 201: [`the ${name}`] } }),
    params(v.object(fields), "POST"),
    async (c) => {
      const now = Date.now();
      const values = times(offset(c), c.var.params as Record<string, unknown>, timeFields);
      checkOrder(values);
      const [row] = await c.var.db
        .insert(table)
        .values({ ...values, publishTime: (values.publishTime as number | undefined) ?? now, createdAt: now, updatedAt: now } as never)
        .returning();
      return c.json(present(row, offset(c)), 201);
    },
  );

  libraryAdmin.patch(
    `${path}/:id`,
    describe({ tags, security, summary: `Edit a library ${name}`, responses: { 200: [`the ${name}`], 404: [`no such ${name}`] } }),
    params(v.partial(v.object(fields)), "POST"),
    async (c) => {
      const id = idParam(c);
      const changes = times(offset(c), c.var.params as Record<string, unknown>, timeFields);
      const [current] = await c.var.db.select().from(table).where(eq(table.id, id));
      if (!current) throw new AppError("not_found", `no such ${name}`);
      checkOrder({ ...current, ...changes });
      const [row] = await c.var.db
        .update(table)
        .set({ ...changes, updatedAt: Date.now() } as never)
        .where(eq(table.id, id))
        .returning();
      return c.json(present(row, offset(c)));
    },
  );

  libraryAdmin.delete(
    `${path}/:id`,
    describe({ tags, security, summary: `Withdraw a library ${name}`, responses: { 200: ["deleted"], 404: [`no such ${name}`] } }),
    async (c) => {
      const rows = await c.var.db
        .delete(table)
        .where(eq(table.id, idParam(c)))
        .returning({ id: table.id });
      if (rows.length === 0) throw new AppError("not_found", `no such ${name}`);
      return c.json({ deleted: true });
    },
  );
}

publications("/notices", "notice", libraryNotices, noticeFields, ["publishTime"], presentNotice);
publications("/trainings", "training", libraryTrainings, trainingFields, ["startTime", "endTime", "publishTime"], presentTraining);
publications("/activities", "activity", libraryActivities, activityFields, ["startTime", "endTime", "publishTime"], presentActivity);

libraryAdmin.get(
  "/trainings/:id/signups",
  describe({ tags, security, summary: "Who signed up for a training", responses: { 200: ["sign-ups"] } }),
  async (c) => {
    const rows = await c.var.db.query.librarySignups.findMany({
      where: eq(librarySignups.trainingId, Number(c.req.param("id")) || 0),
      orderBy: (s, { asc }) => [asc(s.id)],
    });
    return c.json({
      signups: rows.map((s) => ({ openid: s.openid, remindText: s.remindText, signedUpAt: formatDateTime(s.createdAt, offset(c)) })),
    });
  },
);

libraryAdmin.get(
  "/advises",
  describe({ tags, security, summary: "Complaints, newest first, with full phone numbers", responses: { 200: ["complaints"] } }),
  params(v.object({ limit: v.optional(int(1, 100)), offset: v.optional(int(0)) }), "GET"),
  async (c) => {
    const page = pageOf(c.var.params.limit, c.var.params.offset);
    const [rows, [{ total }]] = await c.var.db.batch([
      c.var.db.select().from(libraryAdvises).orderBy(desc(libraryAdvises.id)).limit(page.limit).offset(page.offset),
      c.var.db.select({ total: count() }).from(libraryAdvises),
    ]);
    return c.json({ total, advises: rows.map((a) => ({ ...presentAdvise(a, offset(c), false), openid: a.openid })) });
  },
);
