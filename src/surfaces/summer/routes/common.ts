import * as v from "valibot";
import { callerAnd } from "../../../platform/caller";
import { params } from "../../../platform/params";
import { requireLogin } from "../auth";
import { callerBeforeParams } from "../caller-first";
import { fromCatalogueCache } from "../catalogue-cache";
import { campuses, listOf } from "../catalogue-kinds";
import { doc, pageOf as pageDoc } from "../docs";
import { ENUMS, globalEnums, kvDoc } from "../enums";
import { ok } from "../envelope";
import { menuDoc, menuOf } from "../navigation";
import { paged, pageOf } from "../page";
import { forbidden, isStaff } from "../roles";
import type { SummerApp } from "../surface";

/** /common/...: what every client reads once: the enums, the campuses, and the staff console's menu. */
export function commonRoutes(app: SummerApp) {
  app.get(
    "/common/global_enums",
    doc(
      "Every enum the clients fill in or read: {key, verbose} in order",
      v.object(Object.fromEntries(Object.keys(ENUMS).map((name) => [name, v.array(kvDoc)]))),
      { who: "a ticket" },
    ),
    requireLogin,
    params(v.object({}), "GET"),
    async (c) => {
      await callerAnd(c);
      return ok(c, globalEnums());
    },
  );

  app.get(
    "/common/campus",
    doc("Every campus with its campus type (as /course/campus/), 10 a page", pageDoc(campuses.reply), { who: "a ticket" }),
    requireLogin,
    fromCatalogueCache,
    callerBeforeParams,
    params(campuses.listParams, "GET"),
    async (c) => {
      const { page, limit, offset } = pageOf(c);
      const { rows, total } = await listOf(campuses, c, { limit, offset }, c.var.params);
      return ok(c, paged(c, page, total, rows));
    },
  );

  app.get(
    "/common/navigation",
    doc("The staff console's menu, only the entries the caller's role may open", menuDoc, { who: "staff (students get 403)" }),
    requireLogin,
    params(v.object({}), "GET"),
    async (c) => {
      const [me] = await callerAnd(c);
      if (!isStaff(me.role)) throw forbidden();
      return ok(c, menuOf(me.role));
    },
  );
}
