import * as v from "valibot";
import pkg from "../../../../package.json";
import { params } from "../../../platform/params";
import { endpoint, GET_POST, none } from "../docs";
import { ok } from "../envelope";
import type { LibraryApp } from "../index";
import * as s from "../schemas";

/** /test: the surface's liveness, with the deployed version. */
export function testRoutes(app: LibraryApp) {
  app.on(GET_POST, "/test", endpoint("Liveness of the library surface", s.reply({ version: v.string() })), params(none), async (c) =>
    ok(c, { version: pkg.version }),
  );
}
