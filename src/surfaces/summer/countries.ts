import { count, eq } from "drizzle-orm";
import * as v from "valibot";
import { summerCampusTypes, summerCountries } from "../../db/schema/summer";
import { params } from "../../platform/params";
import { fromCatalogueCache, purgesCatalogue } from "./catalogue-cache";
import { countryDoc, doc, pageOf as pageDoc } from "./docs";
import { ok } from "./envelope";
import { id, str } from "./inputs";
import { paged, pageOf, pageParam } from "./page";
import { presentCountry } from "./present";
import { countryWithCampuses } from "./read";
import { checkRefs } from "./refs";
import { requireArea } from "./roles";
import { requireLogin } from "./session";
import type { SummerApp } from "./surface";
import { audit, defined, found, newestId, unique } from "./writes";

/** Countries (暑校国家): GET/POST /course/campus_country/, GET/PUT/PATCH /course/campus_country/{id}/. */
const DUPLICATE = "已存在同名的暑校国家。";
const createParams = v.object({ name: str(30), campus_type: id });
const updateParams = v.object({ name: v.optional(str(30)), campus_type: v.optional(id) });
const countryPath = "/course/campus_country/:country_id{[0-9]+}";

const loadCountry = (db: Parameters<typeof checkRefs>[0], countryId: number) =>
  db.query.summerCountries.findFirst({ where: eq(summerCountries.id, countryId), with: countryWithCampuses });

export function countryRoutes(app: SummerApp) {
  app.get(
    "/course/campus_country",
    doc("Countries, each with its campus type and campuses, 10 a page", pageDoc(countryDoc), { who: "a ticket" }),
    requireLogin,
    fromCatalogueCache,
    params(v.object({ page: pageParam }), "GET"),
    async (c) => {
      const db = c.var.db;
      const { page, limit, offset } = pageOf(c);
      const [rows, [{ total }]] = await db.batch([
        db.query.summerCountries.findMany({ with: countryWithCampuses, orderBy: (t, { asc }) => [asc(t.id)], limit, offset }),
        db.select({ total: count() }).from(summerCountries),
      ]);
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
    params(createParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
      await checkRefs(db, [{ field: "campus_type", table: summerCampusTypes, ids: [p.campus_type] }]);
      const now = Date.now();
      const values = { name: p.name, campusTypeId: p.campus_type, createdAt: now, updatedAt: now };
      const [[row]] = await unique("name", DUPLICATE, () =>
        db.batch([
          db.insert(summerCountries).values(values).returning({ id: summerCountries.id }),
          audit(db, c.var.user.id, "create", "campus_country", newestId(summerCountries), null, values),
        ]),
      );
      const country = found(await loadCountry(db, row.id));
      return ok(c, presentCountry(country));
    },
  );

  app.get(
    countryPath,
    doc("A country", countryDoc, { who: "a ticket", errors: ["404"] }),
    requireLogin,
    fromCatalogueCache,
    params(v.object({}), "GET"),
    async (c) => {
      const country = found(await loadCountry(c.var.db, Number(c.req.param("country_id"))));
      return ok(c, presentCountry(country));
    },
  );

  app.on(
    ["PUT", "PATCH"],
    countryPath,
    doc("Update a country", countryDoc, { who: "staff: catalogue", errors: ["404", `400 ${DUPLICATE}`] }),
    requireLogin,
    requireArea("catalogue"),
    purgesCatalogue,
    params(updateParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const countryId = Number(c.req.param("country_id"));
      const p = c.var.params;
      const before = found(await db.query.summerCountries.findFirst({ where: eq(summerCountries.id, countryId) }));
      if (p.campus_type !== undefined) await checkRefs(db, [{ field: "campus_type", table: summerCampusTypes, ids: [p.campus_type] }]);
      const changes = defined({ name: p.name, campusTypeId: p.campus_type, updatedAt: Date.now() });
      await unique("name", DUPLICATE, () =>
        db.batch([
          db.update(summerCountries).set(changes).where(eq(summerCountries.id, countryId)),
          audit(db, c.var.user.id, "update", "campus_country", countryId, before, { ...before, ...changes }),
        ]),
      );
      const country = found(await loadCountry(db, countryId));
      return ok(c, presentCountry(country));
    },
  );
}
