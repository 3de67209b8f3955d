import { eq } from "drizzle-orm";
import * as v from "valibot";
import { summerCampuses, summerCampusTypes, summerCountries, summerProjects } from "../../../../db/schema/summer";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireArea, requireLogin } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import {
  campusesQuery,
  campusRecord,
  checkRef,
  countOf,
  idsOf,
  linkCountries,
  projectsQuery,
  refQuery,
  replaceCountries,
} from "../../catalogue";
import { fromCatalogueCache, purgesCatalogue } from "../../catalogue-cache";
import { campusDoc, doc, pageOf as pageDoc, projectDoc } from "../../docs";
import { ok } from "../../envelope";
import { id, idList, optText, str } from "../../inputs";
import { paged, pageOf, pageParam } from "../../page";
import { presentCampus, presentProject } from "../../present";
import type { SummerApp } from "../../surface";
import { audit, defined, found, newestId, notFound, unique } from "../../writes";

/** /course/campus/...: campuses (校区), each under a campus type and in its countries, and a campus's projects. */
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
      const [, rows, [{ total }]] = await callerAnd(c, campusesQuery(db, undefined, { limit, offset }), countOf(db, summerCampuses));
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
    callerBeforeParams,
    params(createParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
      const countries = p.campus_country ?? [];
      const type = { field: "campus_type", table: summerCampusTypes, ids: [p.campus_type] };
      const country = { field: "campus_country", table: summerCountries, ids: countries };
      const [me, types, listed] = await callerAnd(c, refQuery(db, type), refQuery(db, country));
      checkRef(type, types);
      checkRef(country, listed);
      const now = Date.now();
      const values = { name: p.name, info: p.info ?? "", campusTypeId: p.campus_type, createdAt: now, updatedAt: now };
      const campus = newestId(summerCampuses);
      const [, , , [created]] = await unique("name", DUPLICATE, () =>
        db.batch([
          db.insert(summerCampuses).values(values),
          linkCountries(db, campus, countries),
          audit(db, me.id, "create", "campus", campus, null, { ...values, campus_country: countries }),
          campusesQuery(db, eq(summerCampuses.id, campus)),
        ]),
      );
      return ok(c, presentCampus(found(created)));
    },
  );

  app.get(
    campusPath,
    doc("A campus", campusDoc, { who: "a ticket", errors: ["404"] }),
    requireLogin,
    fromCatalogueCache,
    params(v.object({}), "GET"),
    async (c) => {
      const [, [campus]] = await callerAnd(c, campusesQuery(c.var.db, eq(summerCampuses.id, Number(c.req.param("campus_id")))));
      return ok(c, presentCampus(found(campus)));
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
    callerBeforeParams,
    params(updateParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const campusId = Number(c.req.param("campus_id"));
      const p = c.var.params;
      const type = { field: "campus_type", table: summerCampusTypes, ids: idsOf(p.campus_type) };
      const country = { field: "campus_country", table: summerCountries, ids: p.campus_country ?? [] };
      const [me, [before], types, countries] = await callerAnd(
        c,
        campusesQuery(db, eq(summerCampuses.id, campusId)),
        refQuery(db, type),
        refQuery(db, country),
      );
      if (!before) throw notFound();
      checkRef(type, types);
      checkRef(country, countries);
      const changes = defined({
        name: p.name,
        info: p.info === undefined ? undefined : (p.info ?? ""),
        campusTypeId: p.campus_type,
        updatedAt: Date.now(),
      });
      const record = campusRecord(before);
      const [, , , , [after]] = await unique("name", DUPLICATE, () =>
        db.batch([
          db.update(summerCampuses).set(changes).where(eq(summerCampuses.id, campusId)),
          ...replaceCountries(db, campusId, p.campus_country),
          audit(db, me.id, "update", "campus", campusId, record, {
            ...record,
            ...changes,
            ...defined({ campus_country: p.campus_country }),
          }),
          campusesQuery(db, eq(summerCampuses.id, campusId)),
        ]),
      );
      return ok(c, presentCampus(found(after)));
    },
  );

  app.get(
    "/course/campus/:campus_id{[0-9]+}/all_projects",
    doc("Every project of a campus (a plain array)", v.array(projectDoc), { who: "a ticket", errors: ["404 no such campus"] }),
    requireLogin,
    fromCatalogueCache,
    params(v.object({}), "GET"),
    async (c) => {
      const db = c.var.db;
      const campusId = Number(c.req.param("campus_id"));
      const [, campus, projects] = await callerAnd(
        c,
        db.select({ id: summerCampuses.id }).from(summerCampuses).where(eq(summerCampuses.id, campusId)),
        projectsQuery(db, eq(summerProjects.campusId, campusId)),
      );
      if (campus.length === 0) throw notFound();
      return ok(c, projects.map(presentProject));
    },
  );
}
