import { eq, type SQL } from "drizzle-orm";
import { type FileKind, summerFiles } from "../../../src/db/schema/summer";
import type { PlanBuilder } from "../plan";
import { importRow } from "../rows";
import { key } from "./keys";

/** The original's uploaded files by their path under Django's MEDIA_ROOT (null: not at hand). */
export type Media = (path: string) => Uint8Array | null;

const TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  pdf: "application/pdf",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

/** The id of the file named by `origin` (table, row, field): the same on every run. */
export const fileId = (origin: string) => `stusystem-${origin}`;

/**
 * An uploaded file a row names (an ImageField or FileField path): a summer_files row with an id
 * made from where it was named, so a rerun finds it again, and its bytes copied into R2 when the
 * file is at hand. A file not at hand is still recorded (the row keeps its reference) and reported;
 * running the import again with --media copies it.
 */
export class MediaFiles {
  readonly missing: string[] = [];

  constructor(
    private readonly plan: PlanBuilder,
    private readonly media: Media,
    private readonly now: number,
  ) {}

  add(path: string, kind: FileKind, origin: string, owner: { ownerId?: SQL; salesManId?: SQL }): string {
    const id = fileId(origin);
    const fileKey = `summer/${kind}/${id}`;
    const bytes = this.media(path);
    const ext = path.split(".").pop()?.toLowerCase() ?? "";
    const contentType = TYPES[ext] ?? "application/octet-stream";
    if (bytes) this.plan.files.push({ key: fileKey, contentType, bytes: async () => bytes });
    else this.missing.push(path);
    const name = path.split("/").pop() ?? path;
    this.plan.add("file", (db) =>
      importRow(
        db,
        {
          key: key("file", origin),
          table: summerFiles,
          values: {
            id,
            key: fileKey,
            kind,
            ownerId: owner.ownerId ?? null,
            salesManId: owner.salesManId ?? null,
            name,
            contentType,
            size: bytes?.length ?? 0,
            createdAt: this.now,
          },
          id: summerFiles.id,
          natural: eq(summerFiles.id, id),
        },
        this.now,
      ),
    );
    return id;
  }
}
