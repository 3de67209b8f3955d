import { eq } from "drizzle-orm";
import * as v from "valibot";
import { summerCampusTypes, summerCountries } from "../../../../db/schema/summer";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireArea, requireLogin } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import { checkRef, countOf, countriesQuery, countryRowQuery, idsOf, refQuery } from "../../catalogue";
import { fromCatalogueCache, purgesCatalogue } from "../../catalogue-cache";
import { countryDoc, doc, pageOf as pageDoc } from "../../docs";
import { ok } from "../../envelope";
import { id, str } from "../../inputs";
import { paged, pageOf, pageParam } from "../../page";
import { presentCountry } from "../../present";
import type { SummerApp } from "../../surface";
import { audit, defined, found, newestId, notFound, unique } from "../../writes";

/** /course/campus_country/...: countries (暑校国家), each under a campus type, with their campuses. */
const DUPLICATE = "已存在同名的暑校国家。";
const createParams = v.object({ name: str(30), campus_type: id });
const updateParams = v.object({ name: v.optional(str(30)), campus_type: v.optional(id) });
const countryPath = "/course/campus_country/:country_id{[0-9]+}";

export function campusCountryRoutes(app: SummerApp) {
  app.get(
    "/course/campus_country",
    doc("Countries, each with its campus type and campuses, 10 a page", pageDoc(countryDoc), { who: "a ticket" }),
    requireLogin,
    fromCatalogueCache,
    params(v.object({ page: pageParam }), "GET"),
    async (c) => {
      const db = c.var.db;
      const { page, limit, offset } = pageOf(c);
      const [, rows, [{ total }]] = await callerAnd(c, countriesQuery(db, undefined, { limit, offset }), countOf(db, summerCountries));
      return ok(c, paged(c, page, total, rows.map(presentCountry)));
    },
  );

  app.post(
    "/course/campus_country",
    doc("Create a country under a campus type", countryDoc, {
      who: "staff: catalogue",
      errors: [`400 ${DUPLICATE}`, "400 campus_type does not exist"],
    }),
    requireLogin,
    requireArea("catalogue"),
    purgesCatalogue,
    callerBeforeParams,
    params(createParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
      const type = { field: "campus_type", table: summerCampusTypes, ids: [p.campus_type] };
      const [me, types] = await callerAnd(c, refQuery(db, type));
      checkRef(type, types);
      const now = Date.now();
      const values = { name: p.name, campusTypeId: p.campus_type, createdAt: now, updatedAt: now };
      const [, , [country]] = await unique("name", DUPLICATE, () =>
        db.batch([
          db.insert(summerCountries).values(values),
          audit(db, me.id, "create", "campus_country", newestId(summerCountries), null, values),
          countriesQuery(db, eq(summerCountries.id, newestId(summerCountries))),
        ]),
      );
      return ok(c, presentCountry(found(country)));
    },
  );

  app.get(
    countryPath,
    doc("A country", countryDoc, { who: "a ticket", errors: ["404"] }),
    requireLogin,
    fromCatalogueCache,
    params(v.object({}), "GET"),
    async (c) => {
      const [, [country]] = await callerAnd(c, countriesQuery(c.var.db, eq(summerCountries.id, Number(c.req.param("country_id")))));
      return ok(c, presentCountry(found(country)));
    },
  );

  app.on(
    ["PUT", "PATCH"],
    countryPath,
    doc("Update a country", countryDoc, { who: "staff: catalogue", errors: ["404", `400 ${DUPLICATE}`] }),
    requireLogin,
    requireArea("catalogue"),
    purgesCatalogue,
    callerBeforeParams,
    params(updateParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const countryId = Number(c.req.param("country_id"));
      const p = c.var.params;
      const type = { field: "campus_type", table: summerCampusTypes, ids: idsOf(p.campus_type) };
      const [me, [before], types] = await callerAnd(c, countryRowQuery(db, countryId), refQuery(db, type));
      if (!before) throw notFound();
      checkRef(type, types);
      const changes = defined({ name: p.name, campusTypeId: p.campus_type, updatedAt: Date.now() });
      const [, , [country]] = await unique("name", DUPLICATE, () =>
        db.batch([
          db.update(summerCountries).set(changes).where(eq(summerCountries.id, countryId)),
          audit(db, me.id, "update", "campus_country", countryId, before, { ...before, ...changes }),
          countriesQuery(db, eq(summerCountries.id, countryId)),
        ]),
      );
      return ok(c, presentCountry(found(country)));
    },
  );
}
