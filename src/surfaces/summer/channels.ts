import { and, asc, count, eq, getTableColumns, isNull, type SQL, sql } from "drizzle-orm";
import * as v from "valibot";
import { summerChannels, summerFiles, summerSalesMen, summerStudents } from "../../db/schema/summer";
import type { Bindings, Db } from "../../env";
import { callerAnd } from "../../platform/caller";
import { config } from "../../platform/config";
import { AppError } from "../../platform/errors";
import { createLimitStrSceneQr, getUnlimitedWxaCode, wechatAppOf } from "../../platform/wechat/client";
import { WechatError } from "../../platform/wechat/errors";
import { summerWrite } from "./call";
import { fileUrl, putFile } from "./files";
import { date, id, int, str } from "./inputs";
import { isoZ } from "./present";
import { audit, bad, defined, notFound, unique } from "./writes";

/**
 * Promotion channels (推广渠道), each with a QR code made through the WeChat
 * client: a mini-program code for scene `channel_id_{id}` by default, or with
 * SUMMER_LOGIN_MODE=oauth (the original web client) an Official Account
 * QR_LIMIT_STR_SCENE code. A student whose first login carries that scene is
 * credited to the channel (check_account's `scene`).
 */
const n = v.number();
const s = v.string();
export const channelDoc = v.object({
  id: n,
  name: s,
  plan_date: s,
  sales_man: v.nullable(v.object({ id: n, name: s })),
  plan_student_number: n,
  plan_file_student_number: n,
  plan_payed_student_number: n,
  create_time: s,
  qr_code: v.nullable(s),
});

type ChannelRow = typeof summerChannels.$inferSelect;
export interface AdvisorBrief {
  id: number;
  name: string;
}

export const presentChannel = (ch: ChannelRow, advisor: AdvisorBrief | null) => ({
  id: ch.id,
  name: ch.name,
  plan_date: ch.planDate,
  sales_man: advisor,
  plan_student_number: ch.planStudentNumber,
  plan_file_student_number: ch.planFileStudentNumber,
  plan_payed_student_number: ch.planPayedStudentNumber,
  create_time: isoZ(ch.createdAt),
  qr_code: ch.qrCode,
});

/**
 * A channel with its advisor's id and name (null when the advisor is gone).
 * The advisor's columns are renamed: a batch hands rows back by column name,
 * and the channel has an `id` and a `name` of its own.
 */
const withAdvisor = {
  ...getTableColumns(summerChannels),
  advisorId: sql<number | null>`${summerSalesMen.id}`.as("advisor_id"),
  advisorName: sql<string | null>`${summerSalesMen.name}`.as("advisor_name"),
};

/** Presents a row read with its advisor (`channelsQuery`, `channelQuery`). */
export const presentChannelRow = (row: ChannelRow & { advisorId: number | null; advisorName: string | null }) =>
  presentChannel(row, row.advisorId === null || row.advisorName === null ? null : { id: row.advisorId, name: row.advisorName });

const channelsWithAdvisor = (db: Db) =>
  db.select(withAdvisor).from(summerChannels).leftJoin(summerSalesMen, eq(summerSalesMen.id, summerChannels.salesManId));

/** One page of the channels, oldest first, with their advisors. */
export const channelsQuery = (db: Db, limit: number, offset: number) =>
  channelsWithAdvisor(db).orderBy(asc(summerChannels.id)).limit(limit).offset(offset);

export const channelCountQuery = (db: Db) => db.select({ total: count() }).from(summerChannels);

/** The channel `id` with its advisor. */
export const channelQuery = (db: Db, id: number) => channelsWithAdvisor(db).where(eq(summerChannels.id, id)).limit(1);

/** The channel `id`'s own row (no advisor). */
export const channelRowQuery = (db: Db, id: number) => db.select().from(summerChannels).where(eq(summerChannels.id, id)).limit(1);

/** The id of the advisor the channel `id` has now (SQL, for a query sent before the channel is read). */
export const channelAdvisorId = (id: number) =>
  sql`(SELECT ${summerChannels.salesManId} FROM ${summerChannels} WHERE ${summerChannels.id} = ${id})`;

/** The advisor `id`'s id and name, if it exists. */
export const advisorBriefQuery = (db: Db, id: number | SQL) =>
  db.select({ id: summerSalesMen.id, name: summerSalesMen.name }).from(summerSalesMen).where(eq(summerSalesMen.id, id)).limit(1);

export const channelScene = (channelId: number) => `channel_id_${channelId}`;
/** The channel a login scene names (`channel_id_{id}`, or `qrscene_channel_id_{id}` from an Official Account event). */
export function channelOfScene(scene: string | undefined): number | null {
  const m = /^(?:qrscene_)?channel_id_(\d{1,9})$/.exec(scene ?? "");
  return m ? Number(m[1]) : null;
}

/** Credits the student to the channel, unless already credited to one (and only if the channel exists). */
export const creditChannel = (db: Db, userId: SQL, channelId: number, now: number) =>
  db
    .update(summerStudents)
    .set({ channelId: sql`(SELECT ${summerChannels.id} FROM ${summerChannels} WHERE ${summerChannels.id} = ${channelId})`, updatedAt: now })
    .where(and(eq(summerStudents.userId, userId), isNull(summerStudents.channelId)));

/** Makes the channel's QR code; returns its URL and, for a mini-program code, the file row to record. */
export async function makeQr(env: Bindings, requestUrl: string, channelId: number) {
  const app = wechatAppOf(env, "SUMMER");
  try {
    if (config(env).SUMMER_LOGIN_MODE === "oauth") {
      const { ticket } = await createLimitStrSceneQr(env, app, channelScene(channelId));
      return { url: `https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}`, file: null };
    }
    const image = await getUnlimitedWxaCode(env, app, { scene: channelScene(channelId), check_path: false });
    const body = new Uint8Array(image.body);
    const file = await putFile(
      env,
      "channel_qr",
      { body, contentType: "image/png", size: body.length, name: `channel-${channelId}.png` },
      {},
    );
    return { url: fileUrl(requestUrl, file.id), file };
  } catch (err) {
    if (err instanceof WechatError) throw new AppError("upstream", "微信服务暂时不可用，请稍后再试。");
    throw err;
  }
}

export const DUPLICATE_CHANNEL = "已存在同名的推广渠道。";
const NO_ADVISOR = "销售顾问不存在";
const count0 = int(0, 1_000_000);
const createParams = v.object({
  name: str(30),
  plan_date: date,
  sales_man: id,
  plan_student_number: count0,
  plan_file_student_number: count0,
  plan_payed_student_number: count0,
});
const updateParams = v.object({
  name: v.optional(str(30)),
  plan_date: v.optional(date),
  sales_man: v.optional(id),
  plan_student_number: v.optional(count0),
  plan_file_student_number: v.optional(count0),
  plan_payed_student_number: v.optional(count0),
});

/**
 * Creates a channel with its QR code. The code's scene names the channel's id, so the channel is inserted
 * first, and removed again if WeChat fails.
 */
export const createChannel = summerWrite("channels", createParams, async (call, p) => {
  const db = call.var.db;
  const [me, [advisor]] = await callerAnd(call, advisorBriefQuery(db, p.sales_man));
  if (!advisor) throw bad("sales_man", NO_ADVISOR);
  const now = Date.now();
  const values = {
    name: p.name,
    planDate: p.plan_date,
    salesManId: p.sales_man,
    planStudentNumber: p.plan_student_number,
    planFileStudentNumber: p.plan_file_student_number,
    planPayedStudentNumber: p.plan_payed_student_number,
    createdAt: now,
    updatedAt: now,
  };
  const [row] = await unique("name", DUPLICATE_CHANNEL, () => db.insert(summerChannels).values(values).returning());
  let qr: Awaited<ReturnType<typeof makeQr>>;
  try {
    qr = await makeQr(call.env, call.req.url, row.id);
  } catch (err) {
    await db.delete(summerChannels).where(eq(summerChannels.id, row.id));
    throw err;
  }
  const [[saved]] = await db.batch([
    db.update(summerChannels).set({ qrCode: qr.url }).where(eq(summerChannels.id, row.id)).returning(),
    ...(qr.file ? [db.insert(summerFiles).values(qr.file)] : []),
    audit(db, me.id, "create", "channel", row.id, null, { ...values, qrCode: qr.url }),
  ]);
  return presentChannel(saved, advisor);
});

/** Changes a channel (its QR code stays). */
export const updateChannel = summerWrite("channels", updateParams, async (call, p, channelId: number) => {
  const db = call.var.db;
  // The advisor of the reply: the one sent, or else the channel's own.
  const [me, [before], [advisor]] = await callerAnd(
    call,
    channelRowQuery(db, channelId),
    advisorBriefQuery(db, p.sales_man ?? channelAdvisorId(channelId)),
  );
  if (!before) throw notFound();
  if (p.sales_man !== undefined && !advisor) throw bad("sales_man", NO_ADVISOR);
  const changes = {
    name: p.name,
    planDate: p.plan_date,
    salesManId: p.sales_man,
    planStudentNumber: p.plan_student_number,
    planFileStudentNumber: p.plan_file_student_number,
    planPayedStudentNumber: p.plan_payed_student_number,
    updatedAt: Date.now(),
  };
  const [[row]] = await unique("name", DUPLICATE_CHANNEL, () =>
    db.batch([
      db.update(summerChannels).set(changes).where(eq(summerChannels.id, channelId)).returning(),
      audit(db, me.id, "update", "channel", channelId, before, { ...before, ...defined(changes) }),
    ]),
  );
  return presentChannel(row, advisor ?? null);
});

/** Every advisor as a form's choice (id, name), oldest first. */
export const advisorChoicesQuery = (db: Db) =>
  db.select({ id: summerSalesMen.id, name: summerSalesMen.name }).from(summerSalesMen).orderBy(asc(summerSalesMen.id));
