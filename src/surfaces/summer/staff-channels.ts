import { and, asc, count, eq, isNull, type SQL, sql } from "drizzle-orm";
import * as v from "valibot";
import { summerChannels, summerFiles, summerSalesMen, summerStudents } from "../../db/schema/summer";
import type { Bindings, Db } from "../../env";
import { config } from "../../platform/config";
import { AppError } from "../../platform/errors";
import { params } from "../../platform/params";
import { createLimitStrSceneQr, getUnlimitedWxaCode, wechatAppOf } from "../../platform/wechat/client";
import { WechatError } from "../../platform/wechat/errors";
import { doc, pageOf as pageDoc } from "./docs";
import { ok } from "./envelope";
import { fileUrl, putFile } from "./files";
import { date, id, int, str } from "./inputs";
import { paged, pageOf, pageParam } from "./page";
import { isoZ } from "./present";
import { requireArea } from "./roles";
import { requireLogin } from "./session";
import type { SummerApp } from "./surface";
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
const channelDoc = v.object({
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
type Row = typeof summerChannels.$inferSelect;
const present = (ch: Row, advisor: { id: number; name: string } | null) => ({
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

const DUPLICATE = "已存在同名的推广渠道。";
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
const channelPath = "/market/channel/:channel_id{[0-9]+}";
const who = { who: "staff: channels (ADMIN, MARKET)" };

/** Makes the channel's QR code; returns its URL and, for a mini-program code, the file row to record. */
async function makeQr(env: Bindings, requestUrl: string, channelId: number) {
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

async function advisorOf(db: Db, advisorId: number) {
  const [row] = await db
    .select({ id: summerSalesMen.id, name: summerSalesMen.name })
    .from(summerSalesMen)
    .where(eq(summerSalesMen.id, advisorId));
  return row ?? null;
}

export function staffChannelRoutes(app: SummerApp) {
  app.get(
    "/market/channel",
    doc("Promotion channels, 10 a page", pageDoc(channelDoc), who),
    requireLogin,
    requireArea("channels"),
    params(v.object({ page: pageParam }), "GET"),
    async (c) => {
      const db = c.var.db;
      const { page, limit, offset } = pageOf(c);
      const [rows, [{ total }]] = await db.batch([
        db
          .select({ ch: summerChannels, advisor: { id: summerSalesMen.id, name: summerSalesMen.name } })
          .from(summerChannels)
          .leftJoin(summerSalesMen, eq(summerSalesMen.id, summerChannels.salesManId))
          .orderBy(asc(summerChannels.id))
          .limit(limit)
          .offset(offset),
        db.select({ total: count() }).from(summerChannels),
      ]);
      return ok(
        c,
        paged(
          c,
          page,
          total,
          rows.map((r) => present(r.ch, r.advisor)),
        ),
      );
    },
  );

  app.post(
    "/market/channel",
    doc("Create a promotion channel with its WeChat QR code", channelDoc, {
      ...who,
      errors: [`400 ${DUPLICATE}`, "400 no such advisor (sales_man)", "502 WeChat unreachable (nothing is created)"],
    }),
    requireLogin,
    requireArea("channels"),
    params(createParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
      const advisor = await advisorOf(db, p.sales_man);
      if (!advisor) throw bad("sales_man", "销售顾问不存在");
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
      const [row] = await unique("name", DUPLICATE, () => db.insert(summerChannels).values(values).returning());
      let qr: Awaited<ReturnType<typeof makeQr>>;
      try {
        qr = await makeQr(c.env, c.req.url, row.id);
      } catch (err) {
        await db.delete(summerChannels).where(eq(summerChannels.id, row.id));
        throw err;
      }
      const [[saved]] = await db.batch([
        db.update(summerChannels).set({ qrCode: qr.url }).where(eq(summerChannels.id, row.id)).returning(),
        ...(qr.file ? [db.insert(summerFiles).values(qr.file)] : []),
        audit(db, c.var.user.id, "create", "channel", row.id, null, { ...values, qrCode: qr.url }),
      ]);
      return ok(c, present(saved, advisor));
    },
  );

  app.get(
    channelPath,
    doc("A promotion channel", channelDoc, { ...who, errors: ["404 no such channel"] }),
    requireLogin,
    requireArea("channels"),
    params(v.object({}), "GET"),
    async (c) => {
      const db = c.var.db;
      const [row] = await db
        .select({ ch: summerChannels, advisor: { id: summerSalesMen.id, name: summerSalesMen.name } })
        .from(summerChannels)
        .leftJoin(summerSalesMen, eq(summerSalesMen.id, summerChannels.salesManId))
        .where(eq(summerChannels.id, Number(c.req.param("channel_id"))));
      if (!row) throw notFound();
      return ok(c, present(row.ch, row.advisor));
    },
  );

  app.on(
    ["PUT", "PATCH"],
    channelPath,
    doc("Update a promotion channel (fields sent are changed; the QR code stays)", channelDoc, {
      ...who,
      errors: ["404 no such channel", `400 ${DUPLICATE}`, "400 no such advisor (sales_man)"],
    }),
    requireLogin,
    requireArea("channels"),
    params(updateParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
      const channelId = Number(c.req.param("channel_id"));
      const [before] = await db.select().from(summerChannels).where(eq(summerChannels.id, channelId));
      if (!before) throw notFound();
      const advisor = await advisorOf(db, p.sales_man ?? before.salesManId);
      if (p.sales_man !== undefined && !advisor) throw bad("sales_man", "销售顾问不存在");
      const changes = {
        name: p.name,
        planDate: p.plan_date,
        salesManId: p.sales_man,
        planStudentNumber: p.plan_student_number,
        planFileStudentNumber: p.plan_file_student_number,
        planPayedStudentNumber: p.plan_payed_student_number,
        updatedAt: Date.now(),
      };
      const [[row]] = await unique("name", DUPLICATE, () =>
        db.batch([
          db.update(summerChannels).set(changes).where(eq(summerChannels.id, channelId)).returning(),
          audit(db, c.var.user.id, "update", "channel", channelId, before, { ...before, ...defined(changes) }),
        ]),
      );
      return ok(c, present(row, advisor));
    },
  );
}
