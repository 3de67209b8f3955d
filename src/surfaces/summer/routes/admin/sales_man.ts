import { asc, count, eq } from "drizzle-orm";
import * as v from "valibot";
import { summerFiles, summerSalesMen } from "../../../../db/schema/summer";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { presentSalesMan } from "../../advisors";
import { requireArea, requireLogin } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import { doc, pageOf as pageDoc, salesManDoc } from "../../docs";
import { ok } from "../../envelope";
import { dropFiles, fileUrl, putFile } from "../../files";
import { str } from "../../inputs";
import { paged, pageOf, pageParam } from "../../page";
import type { SummerApp } from "../../surface";
import { IMAGE_BODY_CAP, imageField } from "../../uploads";
import { audit, defined, newestId, notFound } from "../../writes";

const email = v.pipe(str(30), v.email("请输入合法的邮件地址。"));
const createParams = v.object({ name: str(30), wechat: str(30), email, qr_code: imageField });
const updateParams = v.object({
  name: v.optional(str(30)),
  wechat: v.optional(str(30)),
  email: v.optional(email),
  qr_code: v.optional(imageField),
});
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
      const [, rows, [{ total }]] = await callerAnd(
        c,
        db.select().from(summerSalesMen).orderBy(asc(summerSalesMen.id)).limit(limit).offset(offset),
        db.select({ total: count() }).from(summerSalesMen),
      );
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
    requireArea("advisors"),
    callerBeforeParams,
    params(createParams, "POST", { maxBodyBytes: IMAGE_BODY_CAP }),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
      const [me] = await callerAnd(c);
      const file = await putFile(c.env, "advisor_qr", p.qr_code, {});
      const now = Date.now();
      const values = { name: p.name, wechat: p.wechat, email: p.email, qrFileId: file.id, createdAt: now, updatedAt: now };
      try {
        const [[row]] = await db.batch([
          db.insert(summerSalesMen).values(values).returning(),
          db.insert(summerFiles).values({ ...file, salesManId: newestId(summerSalesMen) }),
          audit(db, me.id, "create", "sales_man", newestId(summerSalesMen), null, values),
        ]);
        return ok(c, presentSalesMan(row, c.req.url));
      } catch (err) {
        await dropFiles(c.env, [file.key]);
        throw err;
      }
    },
  );

  app.get(
    "/admin/sales_man/:sales_man_id{[0-9]+}",
    doc("A sales advisor", salesManDoc, { ...who, errors: ["404 no such advisor"] }),
    requireLogin,
    requireArea("advisors"),
    callerBeforeParams,
    params(v.object({}), "GET"),
    async (c) => {
      const db = c.var.db;
      const [, [row]] = await callerAnd(
        c,
        db
          .select()
          .from(summerSalesMen)
          .where(eq(summerSalesMen.id, Number(c.req.param("sales_man_id")))),
      );
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
    "/admin/sales_man/:sales_man_id{[0-9]+}",
    doc("Update a sales advisor (fields sent are changed; a new qr_code replaces the image)", salesManDoc, {
      ...who,
      errors: ["404 no such advisor", "400 the first bad field"],
    }),
    requireLogin,
    requireArea("advisors"),
    callerBeforeParams,
    params(updateParams, "POST", { maxBodyBytes: IMAGE_BODY_CAP }),
    async (c) => {
      const db = c.var.db;
      const advisorId = Number(c.req.param("sales_man_id"));
      const p = c.var.params;
      const [me, [before]] = await callerAnd(c, db.select().from(summerSalesMen).where(eq(summerSalesMen.id, advisorId)));
      if (!before) throw notFound();
      const file = p.qr_code ? await putFile(c.env, "advisor_qr", p.qr_code, { salesManId: advisorId }) : null;
      const replaced = file ? before.qrFileId : null;
      const changes = { name: p.name, wechat: p.wechat, email: p.email, qrFileId: file?.id, updatedAt: Date.now() };
      const [[row], old] = await db
        .batch([
          db.update(summerSalesMen).set(changes).where(eq(summerSalesMen.id, advisorId)).returning(),
          db
            .delete(summerFiles)
            .where(eq(summerFiles.id, replaced ?? ""))
            .returning({ key: summerFiles.key }),
          ...(file ? [db.insert(summerFiles).values(file)] : []),
          audit(db, me.id, "update", "sales_man", advisorId, before, { ...before, ...defined(changes) }),
        ])
        .catch(async (err: unknown) => {
          await dropFiles(c.env, [file?.key]);
          throw err;
        });
      await dropFiles(
        c.env,
        old.map((o) => o.key),
      );
      return ok(c, presentSalesMan(row, c.req.url));
    },
  );
}
