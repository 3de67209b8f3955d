import * as v from "valibot";
import { callerAnd } from "../../../platform/caller";
import { describe } from "../../../platform/openapi";
import { params } from "../../../platform/params";
import { requireLogin } from "../auth";
import { advisorLinkQuery, fileQuery, fileResponse, mayRead, noSuchFile } from "../files";
import { forbidden } from "../roles";
import type { SummerApp } from "../surface";

/** /files/...: uploaded files, read from R2 once the caller may see them. */
export function fileRoutes(app: SummerApp) {
  app.get(
    "/files/:file_id",
    describe({
      tags: ["001 summer school"],
      summary: "An uploaded file (payment proof, approval photo, credit-transfer image, advisor QR, syllabus)",
      description:
        "Served to its owner and to the staff area handling its kind (payment proofs: FINANCE; course photos and credit-transfer images: PRODUCT; advisor and channel QR codes: MARKET; ADMIN all); " +
        "an advisor's QR also to the students it advises, a syllabus to anyone logged in. " +
        "Pass the ticket as `?ticket=` where a header cannot be set (an <image> tag).",
      responses: { 200: ["the file, with its content type"] },
    }),
    requireLogin,
    params(v.object({ ticket: v.optional(v.string()) }), "GET"),
    async (c) => {
      const db = c.var.db;
      const [me, [file], [link]] = await callerAnd(c, fileQuery(db, c.req.param("file_id")), advisorLinkQuery(db, c.var.ticket.userId));
      if (!file) throw noSuchFile();
      if (!mayRead(me, file, link)) throw forbidden();
      return fileResponse(c.env, file);
    },
  );
}
