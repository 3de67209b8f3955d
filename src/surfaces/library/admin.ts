import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv, Bindings, Db } from "../../env";
import { config } from "../../platform/config";
import { AppError, invalidParam } from "../../platform/errors";
import { describe } from "../../platform/openapi";
import { pageOf } from "../../platform/paging";
import { int, params, text } from "../../platform/params";
import { formatDateTime, parseLocal } from "../../platform/time";
import { type PublicList, purgeList } from "./list-cache";
import { presentActivity, presentAdvise, presentNotice, presentTraining } from "./notices";
import {
  complaints,
  editActivity,
  editNotice,
  editTraining,
  publishActivity,
  publishNotice,
  publishTraining,
  signupsOf,
  withdrawActivity,
  withdrawNotice,
  withdrawTraining,
} from "./publications";

/** Operators publish the library's notices, trainings and activities, and read complaints. */
export const libraryAdmin = new Hono<AppEnv>();
const tags = ["operators"];
const security = [{ operatorToken: [] }];

const offset = (env: Bindings) => config(env).LOCAL_UTC_OFFSET;
const localTime = v.pipe(v.string(), v.trim(), v.description("YYYY-MM-DD HH:mm[:ss], campus time"));

/** A campus time field as epoch ms (status 400 when malformed); absent stays absent. */
function at(tz: string, field: string, value: string): number;
function at(tz: string, field: string, value: string | undefined): number | undefined;
function at(tz: string, field: string, value: string | undefined) {
  if (value === undefined) return undefined;
  const ms = parseLocal(value, tz);
  if (ms === null) throw invalidParam(field, `${field} must be YYYY-MM-DD HH:mm[:ss]`);
  return ms;
}

const noticeFields = v.object({
  type: v.picklist(["N", "Z", "P"]),
  title: text(200),
  content: text(20_000),
  author: v.optional(v.pipe(v.string(), v.maxLength(100))),
  url: v.optional(v.pipe(v.string(), v.url())),
  publishTime: v.optional(localTime),
});
const trainingFields = v.object({
  type: v.picklist(["B", "X", "S"]),
  title: text(200),
  content: text(20_000),
  speaker: v.optional(v.pipe(v.string(), v.maxLength(100))),
  place: v.optional(v.pipe(v.string(), v.maxLength(200))),
  startTime: localTime,
  endTime: localTime,
  publishTime: v.optional(localTime),
});
const activityFields = v.object({
  title: text(200),
  content: text(20_000),
  place: v.optional(v.pipe(v.string(), v.maxLength(200))),
  image: v.optional(v.pipe(v.string(), v.url())),
  startTime: localTime,
  endTime: localTime,
  publishTime: v.optional(localTime),
});

/** One kind of publication: its fields, how its times are read, and its data access. */
interface Kind<Create extends v.GenericSchema, Edit extends v.GenericSchema, Row> {
  path: string;
  /** The cached public list a change of this kind purges. */
  list: PublicList;
  name: string;
  create: Create;
  edit: Edit;
  publish: (db: Db, input: v.InferOutput<Create>, tz: string, now: number) => Promise<Row>;
  revise: (db: Db, id: number, changes: v.InferOutput<Edit>, tz: string, now: number) => Promise<Row | undefined>;
  withdraw: (db: Db, id: number) => Promise<boolean>;
  present: (row: Row, offset: string) => Record<string, unknown>;
}

/** POST (create), PATCH (edit) and DELETE for one kind of publication. */
function publications<Create extends v.GenericSchema, Edit extends v.GenericSchema, Row>(kind: Kind<Create, Edit, Row>) {
  const { path, name } = kind;
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
      const row = await kind.publish(c.var.db, c.var.params, offset(c.env), Date.now());
      await purgeList(kind.list);
      return c.json(kind.present(row, offset(c.env)), 201);
    },
  );

  libraryAdmin.patch(
    `${path}/:id`,
    describe({ tags, security, summary: `Edit a library ${name}`, responses: { 200: [`the ${name}`], 404: [`no such ${name}`] } }),
    params(kind.edit, "POST"),
    async (c) => {
      const id = idOf(c.req.param("id"));
      const row = await kind.revise(c.var.db, id, c.var.params, offset(c.env), Date.now());
      if (!row) throw new AppError("not_found", `no such ${name}`);
      await purgeList(kind.list);
      return c.json(kind.present(row, offset(c.env)));
    },
  );

  libraryAdmin.delete(
    `${path}/:id`,
    describe({ tags, security, summary: `Withdraw a library ${name}`, responses: { 200: ["deleted"], 404: [`no such ${name}`] } }),
    async (c) => {
      if (!(await kind.withdraw(c.var.db, idOf(c.req.param("id"))))) throw new AppError("not_found", `no such ${name}`);
      await purgeList(kind.list);
      return c.json({ deleted: true });
    },
  );
}

publications({
  path: "/notices",
  list: "notices",
  name: "notice",
  create: noticeFields,
  edit: v.partial(noticeFields),
  publish: (db, p, tz, now) => publishNotice(db, { ...p, publishTime: at(tz, "publishTime", p.publishTime) }, now),
  revise: (db, id, p, tz, now) => editNotice(db, id, { ...p, publishTime: at(tz, "publishTime", p.publishTime) }, now),
  withdraw: withdrawNotice,
  present: presentNotice,
});

/** Trainings and activities carry a start, an end and a publication time. */
const eventTimes = <T extends { startTime: string; endTime: string; publishTime?: string }>(tz: string, p: T) => ({
  ...p,
  startTime: at(tz, "startTime", p.startTime),
  endTime: at(tz, "endTime", p.endTime),
  publishTime: at(tz, "publishTime", p.publishTime),
});
const eventChanges = <T extends { startTime?: string; endTime?: string; publishTime?: string }>(tz: string, p: T) => ({
  ...p,
  startTime: at(tz, "startTime", p.startTime),
  endTime: at(tz, "endTime", p.endTime),
  publishTime: at(tz, "publishTime", p.publishTime),
});

publications({
  path: "/trainings",
  list: "trainings",
  name: "training",
  create: trainingFields,
  edit: v.partial(trainingFields),
  publish: (db, p, tz, now) => publishTraining(db, eventTimes(tz, p), now),
  revise: (db, id, p, tz, now) => editTraining(db, id, eventChanges(tz, p), now),
  withdraw: withdrawTraining,
  present: presentTraining,
});

publications({
  path: "/activities",
  list: "activities",
  name: "activity",
  create: activityFields,
  edit: v.partial(activityFields),
  publish: (db, p, tz, now) => publishActivity(db, eventTimes(tz, p), now),
  revise: (db, id, p, tz, now) => editActivity(db, id, eventChanges(tz, p), now),
  withdraw: withdrawActivity,
  present: presentActivity,
});

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
