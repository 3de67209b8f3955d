import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv, Bindings } from "../../env";
import { config } from "../../platform/config";
import { AppError } from "../../platform/errors";
import { describe } from "../../platform/openapi";
import { pageOf } from "../../platform/paging";
import { int, params, text } from "../../platform/params";
import { formatDateTime } from "../../platform/time";
import { presentActivity, presentAdvise, presentNotice, presentTraining } from "./notices";
import { complaints, signupsOf } from "./publications";
import { activities, isWebLink, LIMITS, notices, noticeTypes, type Publication, trainings, trainingTypes } from "./publishing";

/** Operators publish the library's notices, trainings and activities, and read complaints. */
export const libraryAdmin = new Hono<AppEnv>();
const tags = ["operators"];
const security = [{ operatorToken: [] }];

const offset = (env: Bindings) => config(env).LOCAL_UTC_OFFSET;
const localTime = v.pipe(v.string(), v.trim(), v.description("YYYY-MM-DD HH:mm[:ss], campus time"));
const webLink = v.pipe(v.string(), v.trim(), v.url(), v.check(isWebLink, "an http or https address"));
const upTo = (max: number) => v.optional(v.pipe(v.string(), v.maxLength(max)));

const noticeFields = v.object({
  type: v.picklist(noticeTypes),
  title: text(LIMITS.title),
  content: text(LIMITS.content),
  author: upTo(LIMITS.author),
  url: v.optional(webLink),
  publishTime: v.optional(localTime),
});
const trainingFields = v.object({
  type: v.picklist(trainingTypes),
  title: text(LIMITS.title),
  content: text(LIMITS.content),
  speaker: upTo(LIMITS.speaker),
  place: upTo(LIMITS.place),
  startTime: localTime,
  endTime: localTime,
  publishTime: v.optional(localTime),
});
const activityFields = v.object({
  title: text(LIMITS.title),
  content: text(LIMITS.content),
  place: upTo(LIMITS.place),
  image: v.optional(webLink),
  url: v.optional(webLink),
  startTime: localTime,
  endTime: localTime,
  publishTime: v.optional(localTime),
});

/** One kind of publication: its path and fields, and the domain's publish / revise / withdraw. */
interface Kind<Create extends v.GenericSchema, Row> {
  path: string;
  name: string;
  create: Create;
  publication: Publication<v.InferOutput<Create>, Row>;
  present: (row: Row, offset: string) => Record<string, unknown>;
}

/** POST (create), PATCH (edit) and DELETE for one kind of publication. */
function publications<Create extends v.ObjectSchema<v.ObjectEntries, undefined>, Row>(kind: Kind<Create, Row>) {
  const { path, name, publication } = kind;
  const idOf = (raw: string) => {
    const id = Number(raw);
    if (!Number.isInteger(id) || id < 1) throw new AppError("not_found", `no such ${name}`);
    return id;
  };

  libraryAdmin.post(
    path,
    describe({ tags, security, summary: `Publish a library ${name}`, responses: { 201: [`the ${name}`] } }),
    params(kind.create, "POST"),
    async (c) => {
      const row = await publication.publish(c.var.db, c.var.params, offset(c.env), Date.now());
      return c.json(kind.present(row, offset(c.env)), 201);
    },
  );

  libraryAdmin.patch(
    `${path}/:id`,
    describe({ tags, security, summary: `Edit a library ${name}`, responses: { 200: [`the ${name}`], 404: [`no such ${name}`] } }),
    params(v.partial(kind.create), "POST"),
    async (c) => {
      const id = idOf(c.req.param("id"));
      const row = await publication.revise(c.var.db, id, c.var.params, offset(c.env), Date.now());
      if (!row) throw new AppError("not_found", `no such ${name}`);
      return c.json(kind.present(row, offset(c.env)));
    },
  );

  libraryAdmin.delete(
    `${path}/:id`,
    describe({ tags, security, summary: `Withdraw a library ${name}`, responses: { 200: ["deleted"], 404: [`no such ${name}`] } }),
    async (c) => {
      if (!(await publication.withdraw(c.var.db, idOf(c.req.param("id"))))) throw new AppError("not_found", `no such ${name}`);
      return c.json({ deleted: true });
    },
  );
}

publications({ path: "/notices", name: "notice", create: noticeFields, publication: notices, present: presentNotice });
publications({ path: "/trainings", name: "training", create: trainingFields, publication: trainings, present: presentTraining });
publications({ path: "/activities", name: "activity", create: activityFields, publication: activities, present: presentActivity });

libraryAdmin.get(
  "/trainings/:id/signups",
  describe({ tags, security, summary: "Who signed up for a training", responses: { 200: ["sign-ups"] } }),
  async (c) => {
    const rows = await signupsOf(c.var.db, Number(c.req.param("id")) || 0);
    return c.json({
      signups: rows.map((s) => ({ openid: s.openid, remindText: s.remindText, signedUpAt: formatDateTime(s.createdAt, offset(c.env)) })),
    });
  },
);

libraryAdmin.get(
  "/advises",
  describe({ tags, security, summary: "Complaints, newest first, with full phone numbers", responses: { 200: ["complaints"] } }),
  params(v.object({ limit: v.optional(int(1, 100)), offset: v.optional(int(0)) }), "GET"),
  async (c) => {
    const { total, rows } = await complaints(c.var.db, pageOf(c.var.params.limit, c.var.params.offset));
    return c.json({ total, advises: rows.map((a) => ({ ...presentAdvise(a, offset(c.env), false), openid: a.openid })) });
  },
);
