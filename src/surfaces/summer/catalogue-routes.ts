import * as v from "valibot";
import { params } from "../../platform/params";
import { requireArea, requireLogin } from "./auth";
import { callerBeforeParams } from "./caller-first";
import { fromCatalogueCache, purgesCatalogue } from "./catalogue-cache";
import { type CatalogueKind, listOf, oneOf } from "./catalogue-kinds";
import { doc, pageOf as pageDoc } from "./docs";
import { ok } from "./envelope";
import { paged, pageOf } from "./page";
import type { SummerApp } from "./surface";
import { found } from "./writes";

/**
 * The four routes of a catalogue kind: its list (`list`, 10 a page) and one of them (`one`, whose path
 * parameter `id` names it) for any ticket, from the catalogue cache; creating (POST `list`) and updating
 * (PUT/PATCH `one`) for staff of the catalogue area, which purge that cache.
 */
export function catalogueRoutes<L extends v.GenericSchema, Row, Shown, C extends v.GenericSchema, U extends v.GenericSchema>(
  app: SummerApp,
  paths: { list: string; one: string; id: string },
  kind: CatalogueKind<L, Row, Shown, C, U>,
) {
  const staff = { who: "staff: catalogue (ADMIN, PRODUCT)" };
  app.get(
    paths.list,
    doc(kind.docs.list, pageDoc(kind.reply), { who: "a ticket" }),
    requireLogin,
    fromCatalogueCache,
    callerBeforeParams,
    params(kind.listParams, "GET"),
    async (c) => {
      const { page, limit, offset } = pageOf(c);
      const { rows, total } = await listOf(kind, c, { limit, offset }, c.var.params);
      return ok(c, paged(c, page, total, rows));
    },
  );

  app.post(
    paths.list,
    doc(kind.docs.create.summary, kind.reply, { ...staff, errors: kind.docs.create.errors }),
    requireLogin,
    requireArea(kind.create.area),
    purgesCatalogue,
    callerBeforeParams,
    params(kind.create.params, "POST"),
    async (c) => ok(c, await kind.create.run(c, c.var.params)),
  );

  app.get(
    paths.one,
    doc(kind.docs.one.summary, kind.reply, { who: "a ticket", errors: kind.docs.one.errors }),
    requireLogin,
    fromCatalogueCache,
    params(v.object({}), "GET"),
    async (c) => ok(c, found((await oneOf(kind, c, Number(c.req.param(paths.id)))).row)),
  );

  app.on(
    ["PUT", "PATCH"],
    paths.one,
    doc(kind.docs.update.summary, kind.reply, { ...staff, errors: kind.docs.update.errors }),
    requireLogin,
    requireArea(kind.update.area),
    purgesCatalogue,
    callerBeforeParams,
    params(kind.update.params, "POST"),
    async (c) => ok(c, await kind.update.run(c, c.var.params, Number(c.req.param(paths.id)))),
  );
}
