import { eq } from "drizzle-orm";
import * as v from "valibot";
import { type FileKind, summerAdvisorLinks, summerFiles } from "../../db/schema/summer";
import type { Bindings } from "../../env";
import { AppError } from "../../platform/errors";
import { describe } from "../../platform/openapi";
import { params } from "../../platform/params";
import { randomId } from "../../platform/random";
import { forbidden, isStaff } from "./roles";
import { requireLogin } from "./session";
import type { SummerApp } from "./surface";
import type { Upload } from "./uploads";

export type FileRow = typeof summerFiles.$inferInsert;

/** Puts an upload into R2 under `summer/<kind>/<id>`; the caller records the returned row with its own write. */
export async function putFile(
  env: Bindings,
  kind: FileKind,
  upload: Upload,
  owner: { ownerId?: number; salesManId?: number },
): Promise<FileRow> {
  const id = randomId(16);
  const key = `summer/${kind}/${id}`;
  await env.FILES.put(key, upload.body, { httpMetadata: { contentType: upload.contentType } });
  return {
    id,
    key,
    kind,
    ownerId: owner.ownerId ?? null,
    salesManId: owner.salesManId ?? null,
    name: upload.name,
    contentType: upload.contentType,
    size: upload.size,
    createdAt: Date.now(),
  };
}

/** Removes objects whose write did not happen (or that a new upload replaced); best effort. */
export async function dropFiles(env: Bindings, keys: (string | null | undefined)[]) {
  const list = keys.filter((k): k is string => !!k);
  if (list.length) await env.FILES.delete(list).catch(() => {});
}

export const fileKey = (kind: FileKind, id: string) => `summer/${kind}/${id}`;

/** The absolute URL a file is served at (send the ticket along, e.g. `?ticket=`). */
export function fileUrl(requestUrl: string, id: string | null | undefined): string | null {
  return id ? new URL(`/summer/files/${id}`, requestUrl).toString() : null;
}

export function fileRoutes(app: SummerApp) {
  app.get(
    "/files/:file_id",
    describe({
      tags: ["001 summer school"],
      summary: "An uploaded file (payment proof, approval photo, credit-transfer image, advisor QR, syllabus)",
      description:
        "Served to its owner and to staff; an advisor's QR also to the students it advises, a syllabus to anyone logged in. " +
        "Pass the ticket as `?ticket=` where a header cannot be set (an <image> tag).",
      responses: { 200: ["the file, with its content type"] },
    }),
    requireLogin,
    params(v.object({ ticket: v.optional(v.string()) }), "GET"),
    async (c) => {
      const db = c.var.db;
      const me = c.var.user;
      const [[file], [link]] = await db.batch([
        db
          .select()
          .from(summerFiles)
          .where(eq(summerFiles.id, c.req.param("file_id")))
          .limit(1),
        db
          .select({ salesManId: summerAdvisorLinks.salesManId })
          .from(summerAdvisorLinks)
          .where(eq(summerAdvisorLinks.userId, me.id))
          .limit(1),
      ]);
      if (!file) throw new AppError("not_found", "no such file");
      const allowed =
        isStaff(me.role) ||
        file.ownerId === me.id ||
        file.kind === "syllabus" ||
        (file.kind === "advisor_qr" && link !== undefined && link.salesManId === file.salesManId);
      if (!allowed) throw forbidden();
      const object = await c.env.FILES.get(file.key);
      if (!object) throw new AppError("not_found", "file missing from storage");
      const headers = new Headers({
        "content-type": file.contentType,
        "content-length": String(object.size),
        "cache-control": "private, max-age=3600",
        "x-content-type-options": "nosniff",
      });
      // Syllabi may be any type: never render them on this origin.
      if (file.kind === "syllabus")
        headers.set("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(file.name ?? "syllabus")}`);
      return new Response(object.body, { headers });
    },
  );
}
