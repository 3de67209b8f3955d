import * as v from "valibot";
import { callerAnd } from "../../../platform/caller";
import { params } from "../../../platform/params";
import { requireArea, requireLogin } from "../auth";
import {
  channelCountQuery,
  channelDoc,
  channelQuery,
  channelsQuery,
  createChannel,
  DUPLICATE_CHANNEL,
  presentChannelRow,
  updateChannel,
} from "../channels";
import { doc, pageOf as pageDoc } from "../docs";
import { ok } from "../envelope";
import { paged, pageOf, pageParam } from "../page";
import type { SummerApp } from "../surface";
import { notFound } from "../writes";

/** /market/...: promotion channels (推广渠道) and their WeChat QR codes, for staff of the channels area. */
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
      errors: [`400 ${DUPLICATE_CHANNEL}`, "400 no such advisor (sales_man)", "502 WeChat unreachable (nothing is created)"],
    }),
    requireLogin,
    requireArea(createChannel.area),
    params(createChannel.params, "POST"),
    async (c) => ok(c, await createChannel.run(c, c.var.params)),
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
      errors: ["404 no such channel", `400 ${DUPLICATE_CHANNEL}`, "400 no such advisor (sales_man)"],
    }),
    requireLogin,
    requireArea(updateChannel.area),
    params(updateChannel.params, "POST"),
    async (c) => ok(c, await updateChannel.run(c, c.var.params, Number(c.req.param("channel_id")))),
  );
}
