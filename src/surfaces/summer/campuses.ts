import { count, eq } from "drizzle-orm";
import * as v from "valibot";
import { summerCampusCountries, summerCampuses, summerCampusTypes, summerCountries, summerProjects } from "../../db/schema/summer";
import type { Db } from "../../env";
import { params } from "../../platform/params";
import { fromCatalogueCache, purgesCatalogue } from "./catalogue-cache";
import { campusDoc, doc, pageOf as pageDoc, projectDoc } from "./docs";
import { ok } from "./envelope";
import { id, idList, optText, str } from "./inputs";
import { paged, pageOf, pageParam } from "./page";
import { presentCampus, presentProject } from "./present";
import { campusWith, projectWith } from "./read";
import { checkRefs } from "./refs";
import { requireArea } from "./roles";
import { requireLogin } from "./session";
import type { SummerApp } from "./surface";
import { audit, defined, found, newestId, notFound, unique } from "./writes";

/** Campuses (校区): GET/POST /course/campus/, GET/PUT/PATCH /course/campus/{id}/, all_projects. */
const DUPLICATE = "校区名称已存在，不能重复创建。";
const createParams = v.object({
  name: str(30),
  campus_type: id,
  info: v.optional(str(100)),
  campus_country: v.optional(idList),
});
const updateParams = v.object({
  name: v.optional(str(30)),
  campus_type: v.optional(id),
  info: optText(100),
  campus_country: v.optional(idList),
});
const campusPath = "/course/campus/:campus_id{[0-9]+}";

const loadCampus = (db: Db, campusId: number) =>
  db.query.summerCampuses.findFirst({ where: eq(summerCampuses.id, campusId), with: campusWith });

function checkCampusRefs(db: Db, campusType: number | undefined, countries: number[] | undefined) {
  return checkRefs(db, [
    { field: "campus_type", table: summerCampusTypes, ids: campusType === undefined ? [] : [campusType] },
    { field: "campus_country", table: summerCountries, ids: countries ?? [] },
  ]);
}

export function campusRoutes(app: SummerApp) {
  app.get(
    "/course/campus",
    doc("Campuses, each with its campus type and countries, 10 a page", pageDoc(campusDoc), { who: "a ticket" }),
    requireLogin,
    fromCatalogueCache,
    params(v.object({ page: pageParam }), "GET"),
    async (c) => {
      const db = c.var.db;
      const { page, limit, offset } = pageOf(c);
      const [rows, [{ total }]] = await db.batch([
        db.query.summerCampuses.findMany({ with: campusWith, orderBy: (t, { asc }) => [asc(t.id)], limit, offset }),
        db.select({ total: count() }).from(summerCampuses),
      ]);
      return ok(c, paged(c, page, total, rows.map(presentCampus)));
    },
  );

  app.post(
    "/course/campus",
    doc("Create a campus (campus_country: the ids of its countries)", campusDoc, {
      who: "staff: catalogue",
      errors: [`400 ${DUPLICATE}`, "400 campus_type or a campus_country does not exist"],
    }),
    requireLogin,
    requireArea("catalogue"),
    purgesCatalogue,
    params(createParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
      await checkCampusRefs(db, p.campus_type, p.campus_country);
      const now = Date.now();
      const values = { name: p.name, info: p.info ?? "", campusTypeId: p.campus_type, createdAt: now, updatedAt: now };
      const countries = p.campus_country ?? [];
      const [[row]] = await unique("name", DUPLICATE, () =>
        db.batch([
          db.insert(summerCampuses).values(values).returning({ id: summerCampuses.id }),
          ...countries.map((countryId) => db.insert(summerCampusCountries).values({ campusId: newestId(summerCampuses), countryId })),
          audit(db, c.var.user.id, "create", "campus", newestId(summerCampuses), null, { ...values, campus_country: countries }),
        ]),
      );
      const campus = found(await loadCampus(db, row.id));
      return ok(c, presentCampus(campus));
    },
  );

  app.get(
    campusPath,
    doc("A campus", campusDoc, { who: "a ticket", errors: ["404"] }),
    requireLogin,
    fromCatalogueCache,
    params(v.object({}), "GET"),
    async (c) => {
      const campus = found(await loadCampus(c.var.db, Number(c.req.param("campus_id"))));
      return ok(c, presentCampus(campus));
    },
  );

  app.on(
    ["PUT", "PATCH"],
    campusPath,
    doc("Update a campus; campus_country, when sent, replaces its countries", campusDoc, {
      who: "staff: catalogue",
      errors: ["404", `400 ${DUPLICATE}`],
    }),
    requireLogin,
    requireArea("catalogue"),
    purgesCatalogue,
    params(updateParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const campusId = Number(c.req.param("campus_id"));
      const p = c.var.params;
      const before = found(await loadCampus(db, campusId));
      await checkCampusRefs(db, p.campus_type, p.campus_country);
      const changes = defined({
        name: p.name,
        info: p.info === undefined ? undefined : (p.info ?? ""),
        campusTypeId: p.campus_type,
        updatedAt: Date.now(),
      });
      const links = p.campus_country
        ? [
            db.delete(summerCampusCountries).where(eq(summerCampusCountries.campusId, campusId)),
            ...p.campus_country.map((countryId) => db.insert(summerCampusCountries).values({ campusId, countryId })),
          ]
        : [];
      const { countryLinks, campusType: _type, ...row } = before;
      const beforeRecord = { ...row, campus_country: countryLinks.map((l) => l.countryId) };
      await unique("name", DUPLICATE, () =>
        db.batch([
          db.update(summerCampuses).set(changes).where(eq(summerCampuses.id, campusId)),
          ...links,
          audit(db, c.var.user.id, "update", "campus", campusId, beforeRecord, {
            ...beforeRecord,
            ...changes,
            ...defined({ campus_country: p.campus_country }),
          }),
        ]),
      );
      const campus = found(await loadCampus(db, campusId));
      return ok(c, presentCampus(campus));
    },
  );

  app.get(
    `${campusPath}/all_projects`,
    doc("Every project of a campus (a plain array)", v.array(projectDoc), { who: "a ticket", errors: ["404 no such campus"] }),
    requireLogin,
    fromCatalogueCache,
    params(v.object({}), "GET"),
    async (c) => {
      const db = c.var.db;
      const campusId = Number(c.req.param("campus_id"));
      const [campus, projects] = await db.batch([
        db.select({ id: summerCampuses.id }).from(summerCampuses).where(eq(summerCampuses.id, campusId)),
        db.query.summerProjects.findMany({
          where: eq(summerProjects.campusId, campusId),
          with: projectWith,
          orderBy: (t, { asc }) => [asc(t.id)],
        }),
      ]);
      if (campus.length === 0) throw notFound();
      return ok(c, projects.map(presentProject));
    },
  );
}
