import * as v from "valibot";
import { params } from "../../platform/params";
import { doc } from "./docs";
import { ENUMS, globalEnums, kvDoc } from "./enums";
import { ok } from "./envelope";
import { requireLogin } from "./session";
import type { SummerApp } from "./surface";

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
    (c) => ok(c, globalEnums()),
  );
}
