import { eq } from "drizzle-orm";
import * as v from "valibot";
import { summerSalesMen } from "../../../../db/schema/summer";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { createSalesMan, presentSalesMan, salesManCountQuery, salesManQuery, salesMenQuery, updateSalesMan } from "../../advisors";
import { requireArea, requireLogin } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import { doc, pageOf as pageDoc, salesManDoc } from "../../docs";
import { ok } from "../../envelope";
import { fileUrl } from "../../files";
import { paged, pageOf, pageParam } from "../../page";
import type { SummerApp } from "../../surface";
import { IMAGE_BODY_CAP } from "../../uploads";
import { notFound } from "../../writes";

const salesManPath = "/admin/sales_man/:sales_man_id{[0-9]+}";
const who = { who: "staff: advisors (ADMIN, MARKET)" };

/** /admin/sales_man/...: sales advisors (销售顾问), each with the QR image students add them by. */
export function adminSalesManRoutes(app: SummerApp) {
  app.get(
    "/admin/sales_man",
    doc("Sales advisors, 10 a page", pageDoc(salesManDoc), who),
    requireLogin,
    requireArea("advisors"),
    callerBeforeParams,
    params(v.object({ page: pageParam }), "GET"),
    async (c) => {
      const db = c.var.db;
      const { page, limit, offset } = pageOf(c);
      const [, rows, [{ total }]] = await callerAnd(c, salesMenQuery(db, { limit, offset }), salesManCountQuery(db));
      return ok(
        c,
        paged(
          c,
          page,
          total,
          rows.map((r) => presentSalesMan(r, c.req.url)),
        ),
      );
    },
  );

  app.post(
    "/admin/sales_man",
    doc("Create a sales advisor; qr_code is the advisor's WeChat QR image (base64 JPEG/PNG/GIF, at most 5 MiB)", salesManDoc, {
      ...who,
      errors: ["400 the first bad field (qr_code for a bad image)"],
    }),
    requireLogin,
    requireArea(createSalesMan.area),
    callerBeforeParams,
    params(createSalesMan.params, "POST", { maxBodyBytes: IMAGE_BODY_CAP }),
    async (c) => ok(c, await createSalesMan.run(c, c.var.params)),
  );

  app.get(
    salesManPath,
    doc("A sales advisor", salesManDoc, { ...who, errors: ["404 no such advisor"] }),
    requireLogin,
    requireArea("advisors"),
    callerBeforeParams,
    params(v.object({}), "GET"),
    async (c) => {
      const [, [row]] = await callerAnd(c, salesManQuery(c.var.db, Number(c.req.param("sales_man_id"))));
      if (!row) throw notFound();
      return ok(c, presentSalesMan(row, c.req.url));
    },
  );

  app.get(
    "/admin/sales_man/:sales_man_id{[0-9]+}/qr_code",
    doc("The advisor's QR image (its URL; send the ticket along to fetch it)", v.object({ qr_code: v.nullable(v.string()) }), {
      ...who,
      errors: ["404 no such advisor"],
    }),
    requireLogin,
    requireArea("advisors"),
    callerBeforeParams,
    params(v.object({}), "GET"),
    async (c) => {
      const db = c.var.db;
      const [, [row]] = await callerAnd(
        c,
        db
          .select({ qrFileId: summerSalesMen.qrFileId, qrUrl: summerSalesMen.qrUrl })
          .from(summerSalesMen)
          .where(eq(summerSalesMen.id, Number(c.req.param("sales_man_id")))),
      );
      if (!row) throw notFound();
      return ok(c, { qr_code: row.qrFileId ? fileUrl(c.req.url, row.qrFileId) : row.qrUrl });
    },
  );

  app.on(
    ["PUT", "PATCH"],
    salesManPath,
    doc("Update a sales advisor (fields sent are changed; a new qr_code replaces the image)", salesManDoc, {
      ...who,
      errors: ["404 no such advisor", "400 the first bad field"],
    }),
    requireLogin,
    requireArea(updateSalesMan.area),
    callerBeforeParams,
    params(updateSalesMan.params, "POST", { maxBodyBytes: IMAGE_BODY_CAP }),
    async (c) => ok(c, await updateSalesMan.run(c, c.var.params, Number(c.req.param("sales_man_id")))),
  );
}
