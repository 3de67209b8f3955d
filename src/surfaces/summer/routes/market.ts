import { eq } from "drizzle-orm";
import * as v from "valibot";
import { summerChannels, summerFiles } from "../../../db/schema/summer";
import { callerAnd } from "../../../platform/caller";
import { params } from "../../../platform/params";
import { requireArea, requireLogin } from "../auth";
import {
  advisorBriefQuery,
  channelAdvisorId,
  channelCountQuery,
  channelDoc,
  channelQuery,
  channelRowQuery,
  channelsQuery,
  makeQr,
  presentChannel,
  presentChannelRow,
} from "../channels";
import { doc, pageOf as pageDoc } from "../docs";
import { ok } from "../envelope";
import { date, id, int, str } from "../inputs";
import { paged, pageOf, pageParam } from "../page";
import type { SummerApp } from "../surface";
import { audit, bad, defined, notFound, unique } from "../writes";

/** /market/...: promotion channels (推广渠道) and their WeChat QR codes, for staff of the channels area. */
const DUPLICATE = "已存在同名的推广渠道。";
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
const channelPath = "/market/channel/:channel_id{[0-9]+}";
const who = { who: "staff: channels (ADMIN, MARKET)" };

export function marketRoutes(app: SummerApp) {
  app.get(
    "/market/channel",
    doc("Promotion channels, 10 a page", pageDoc(channelDoc), who),
    requireLogin,
    requireArea("channels"),
    params(v.object({ page: pageParam }), "GET"),
    async (c) => {
      const db = c.var.db;
      const { page, limit, offset } = pageOf(c);
      const [, rows, [{ total }]] = await callerAnd(c, channelsQuery(db, limit, offset), channelCountQuery(db));
      return ok(c, paged(c, page, total, rows.map(presentChannelRow)));
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
      const [me, [advisor]] = await callerAnd(c, advisorBriefQuery(db, p.sales_man));
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
      // The QR code's scene names the channel's id: the channel is inserted first, and removed if WeChat fails.
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
        audit(db, me.id, "create", "channel", row.id, null, { ...values, qrCode: qr.url }),
      ]);
      return ok(c, presentChannel(saved, advisor));
    },
  );

  app.get(
    channelPath,
    doc("A promotion channel", channelDoc, { ...who, errors: ["404 no such channel"] }),
    requireLogin,
    requireArea("channels"),
    params(v.object({}), "GET"),
    async (c) => {
      const [, [row]] = await callerAnd(c, channelQuery(c.var.db, Number(c.req.param("channel_id"))));
      if (!row) throw notFound();
      return ok(c, presentChannelRow(row));
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
      // The advisor of the reply: the one sent, or else the channel's own.
      const [me, [before], [advisor]] = await callerAnd(
        c,
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
      const [[row]] = await unique("name", DUPLICATE, () =>
        db.batch([
          db.update(summerChannels).set(changes).where(eq(summerChannels.id, channelId)).returning(),
          audit(db, me.id, "update", "channel", channelId, before, { ...before, ...defined(changes) }),
        ]),
      );
      return ok(c, presentChannel(row, advisor ?? null));
    },
  );
}
