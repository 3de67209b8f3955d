import { eq } from "drizzle-orm";
import * as v from "valibot";
import { summerCampusTypes } from "../../../../db/schema/summer";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireArea, requireLogin } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import { campusTypeQuery, campusTypesQuery, countOf, presentTypesByRegion, typesWithCampusesQuery } from "../../catalogue";
import { fromCatalogueCache, purgesCatalogue } from "../../catalogue-cache";
import { campusBriefDoc, campusTypeDoc, doc, pageOf as pageDoc } from "../../docs";
import { enumIn } from "../../enums";
import { ok } from "../../envelope";
import { str } from "../../inputs";
import { paged, pageOf, pageParam } from "../../page";
import { presentCampusType } from "../../present";
import type { SummerApp } from "../../surface";
import { audit, defined, found, newestId, notFound, unique } from "../../writes";

/** /course/campus_type/...: campus types (暑校类型), and the types by region with their campuses. */
const DUPLICATE = "已存在同名的暑校类型。";
const createParams = v.object({ title: str(30), campus_country: enumIn("campus_country") });
const updateParams = v.object({ title: v.optional(str(30)), campus_country: v.optional(enumIn("campus_country")) });
const typePath = "/course/campus_type/:campus_type_id{[0-9]+}";

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
      const [, rows, [{ total }]] = await callerAnd(c, campusTypesQuery(db, { limit, offset }), countOf(db, summerCampusTypes));
      return ok(c, paged(c, page, total, rows.map(presentCampusType)));
    },
  );

  app.post(
    "/course/campus_type",
    doc("Create a campus type", campusTypeDoc, { who: "staff: catalogue (ADMIN, PRODUCT)", errors: [`400 ${DUPLICATE}`] }),
    requireLogin,
    requireArea("catalogue"),
    purgesCatalogue,
    callerBeforeParams,
    params(createParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const [me] = await callerAnd(c);
      const now = Date.now();
      const values = { title: c.var.params.title, campusCountry: c.var.params.campus_country, createdAt: now, updatedAt: now };
      const [[row]] = await unique("title", DUPLICATE, () =>
        db.batch([
          db.insert(summerCampusTypes).values(values).returning(),
          audit(db, me.id, "create", "campus_type", newestId(summerCampusTypes), null, values),
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
      const [, types] = await callerAnd(c, typesWithCampusesQuery(c.var.db));
      return ok(c, presentTypesByRegion(types));
    },
  );

  app.get(
    typePath,
    doc("A campus type", campusTypeDoc, { who: "a ticket", errors: ["404 no such campus type"] }),
    requireLogin,
    fromCatalogueCache,
    params(v.object({}), "GET"),
    async (c) => {
      const [, [row]] = await callerAnd(c, campusTypeQuery(c.var.db, Number(c.req.param("campus_type_id"))));
      return ok(c, presentCampusType(found(row)));
    },
  );

  app.on(
    ["PUT", "PATCH"],
    typePath,
    doc("Update a campus type (fields sent are changed)", campusTypeDoc, {
      who: "staff: catalogue",
      errors: ["404 no such campus type", `400 ${DUPLICATE}`],
    }),
    requireLogin,
    requireArea("catalogue"),
    purgesCatalogue,
    callerBeforeParams,
    params(updateParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const id = Number(c.req.param("campus_type_id"));
      const [me, [before]] = await callerAnd(c, campusTypeQuery(db, id));
      if (!before) throw notFound();
      const changes = { title: c.var.params.title, campusCountry: c.var.params.campus_country, updatedAt: Date.now() };
      const [[row]] = await unique("title", DUPLICATE, () =>
        db.batch([
          db.update(summerCampusTypes).set(changes).where(eq(summerCampusTypes.id, id)).returning(),
          audit(db, me.id, "update", "campus_type", id, before, { ...before, ...defined(changes) }),
        ]),
      );
      if (!row) throw notFound();
      return ok(c, presentCampusType(row));
    },
  );
}
