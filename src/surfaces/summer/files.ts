import { eq } from "drizzle-orm";
import { type FileKind, summerAdvisorLinks, summerFiles } from "../../db/schema/summer";
import type { Bindings, Db } from "../../env";
import { AppError } from "../../platform/errors";
import { randomId } from "../../platform/random";
import type { SummerCaller } from "./auth";
import { type Area, may } from "./roles";
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

type StoredFile = typeof summerFiles.$inferSelect;

/** The file `id`'s row. */
export const fileQuery = (db: Db, id: string) => db.select().from(summerFiles).where(eq(summerFiles.id, id)).limit(1);

/** The advisor the student is linked to, if any (an advisor's QR is served to the students it advises). */
export const advisorLinkQuery = (db: Db, userId: number) =>
  db.select({ salesManId: summerAdvisorLinks.salesManId }).from(summerAdvisorLinks).where(eq(summerAdvisorLinks.userId, userId)).limit(1);

/** The staff area that handles each kind of file (roles.ts): its staff, and ADMIN, open it. */
const FILE_AREAS: Record<Exclude<FileKind, "syllabus">, Area> = {
  payment: "payments",
  approval: "courses",
  credit: "credit_transfer",
  advisor_qr: "advisors",
  channel_qr: "channels",
};

/**
 * Whether the caller may read the file: its owner; staff whose role has the area handling its kind; an
 * advisor's QR also the students it advises; a syllabus anyone logged in.
 */
export const mayRead = (me: SummerCaller, file: StoredFile, link: { salesManId: number } | undefined) =>
  file.ownerId === me.id ||
  (file.kind !== "syllabus" && may(me.role, FILE_AREAS[file.kind])) ||
  file.kind === "syllabus" ||
  (file.kind === "advisor_qr" && link !== undefined && link.salesManId === file.salesManId);

export const noSuchFile = () => new AppError("not_found", "no such file");

/** The stored object as the reply, with its content type (404 when R2 no longer holds it). */
export async function fileResponse(env: Bindings, file: StoredFile): Promise<Response> {
  const object = await env.FILES.get(file.key);
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
}
