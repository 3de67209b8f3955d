import { asc, count, eq } from "drizzle-orm";
import * as v from "valibot";
import { CAMPUS_COUNTRIES, summerCampusTypes } from "../../db/schema/summer";
import { params } from "../../platform/params";
import { fromCatalogueCache, purgesCatalogue } from "./catalogue-cache";
import { campusBriefDoc, campusTypeDoc, doc, pageOf as pageDoc } from "./docs";
import { enumIn, kv } from "./enums";
import { ok } from "./envelope";
import { str } from "./inputs";
import { paged, pageOf, pageParam } from "./page";
import { presentCampusBrief, presentCampusType } from "./present";
import { requireArea } from "./roles";
import { requireLogin } from "./session";
import type { SummerApp } from "./surface";
import { audit, defined, found, newestId, notFound, unique } from "./writes";

const DUPLICATE = "已存在同名的暑校类型。";
const createParams = v.object({ title: str(30), campus_country: enumIn("campus_country") });
const updateParams = v.object({ title: v.optional(str(30)), campus_country: v.optional(enumIn("campus_country")) });
const typeId = "/course/campus_type/:campus_type_id{[0-9]+}";

export function campusTypeRoutes(app: SummerApp) {
  app.get(
    "/course/campus_type",
    doc("Campus types (暑校类型), 10 a page", pageDoc(campusTypeDoc), { who: "a ticket" }),
    requireLogin,
    fromCatalogueCache,
    params(v.object({ page: pageParam }), "GET"),
    async (c) => {
      const db = c.var.db;
      const { page, limit, offset } = pageOf(c);
      const [rows, [{ total }]] = await db.batch([
        db.select().from(summerCampusTypes).orderBy(asc(summerCampusTypes.id)).limit(limit).offset(offset),
        db.select({ total: count() }).from(summerCampusTypes),
      ]);
      return ok(c, paged(c, page, total, rows.map(presentCampusType)));
    },
  );

  app.post(
    "/course/campus_type",
    doc("Create a campus type", campusTypeDoc, { who: "staff: catalogue (ADMIN, PRODUCT)", errors: [`400 ${DUPLICATE}`] }),
    requireLogin,
    requireArea("catalogue"),
    purgesCatalogue,
    params(createParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const now = Date.now();
      const values = { title: c.var.params.title, campusCountry: c.var.params.campus_country, createdAt: now, updatedAt: now };
      const [[row]] = await unique("title", DUPLICATE, () =>
        db.batch([
          db.insert(summerCampusTypes).values(values).returning(),
          audit(db, c.var.user.id, "create", "campus_type", newestId(summerCampusTypes), null, values),
        ]),
      );
      return ok(c, presentCampusType(row));
    },
  );

  app.get(
    "/course/campus_type/type_country_campus",
    doc(
      "Campus types grouped by region (campus_country), each with its campuses",
      v.array(
        v.object({
          campus_country: v.object({ key: v.string(), verbose: v.string() }),
          campus_type: v.array(v.object({ id: v.number(), title: v.string(), create_time: v.string(), campus: v.array(campusBriefDoc) })),
        }),
      ),
      { who: "a ticket" },
    ),
    requireLogin,
    fromCatalogueCache,
    params(v.object({}), "GET"),
    async (c) => {
      const types = await c.var.db.query.summerCampusTypes.findMany({ with: { campuses: true }, orderBy: (t, { asc }) => [asc(t.id)] });
      const groups = CAMPUS_COUNTRIES.map((region) => ({
        campus_country: kv("campus_country", region),
        campus_type: types
          .filter((t) => t.campusCountry === region)
          .map((t) => ({
            id: t.id,
            title: t.title,
            create_time: presentCampusType(t).create_time,
            campus: [...t.campuses].sort((a, b) => a.id - b.id).map(presentCampusBrief),
          })),
      })).filter((g) => g.campus_type.length > 0);
      return ok(c, groups);
    },
  );

  app.get(
    typeId,
    doc("A campus type", campusTypeDoc, { who: "a ticket", errors: ["404 no such campus type"] }),
    requireLogin,
    fromCatalogueCache,
    params(v.object({}), "GET"),
    async (c) => {
      const row = await c.var.db.query.summerCampusTypes.findFirst({
        where: eq(summerCampusTypes.id, Number(c.req.param("campus_type_id"))),
      });
      if (!row) throw notFound();
      return ok(c, presentCampusType(row));
    },
  );

  app.on(
    ["PUT", "PATCH"],
    typeId,
    doc("Update a campus type (fields sent are changed)", campusTypeDoc, {
      who: "staff: catalogue",
      errors: ["404 no such campus type", `400 ${DUPLICATE}`],
    }),
    requireLogin,
    requireArea("catalogue"),
    purgesCatalogue,
    params(updateParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const id = Number(c.req.param("campus_type_id"));
      const before = found(await db.query.summerCampusTypes.findFirst({ where: eq(summerCampusTypes.id, id) }));
      const changes = { title: c.var.params.title, campusCountry: c.var.params.campus_country, updatedAt: Date.now() };
      const [[row]] = await unique("title", DUPLICATE, () =>
        db.batch([
          db.update(summerCampusTypes).set(changes).where(eq(summerCampusTypes.id, id)).returning(),
          audit(db, c.var.user.id, "update", "campus_type", id, before, { ...before, ...defined(changes) }),
        ]),
      );
      if (!row) throw notFound();
      return ok(c, presentCampusType(row));
    },
  );
}
