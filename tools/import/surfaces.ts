import type { ImportPlan } from "./plan";
import { planService } from "./service";
import { openSqlite } from "./sources/node-sqlite";

/** What the command line hands an importer. */
export interface ImportRequest {
  /** The original's data: a file, or (sports) a folder of exported collections. */
  file: string;
  /** The original's uploaded files, when at hand. */
  media: string | null;
  secret: (name: string) => string | undefined;
  now: number;
}

export interface Surface {
  name: string;
  doc: string;
  input: string;
  plan: (request: ImportRequest) => Promise<ImportPlan>;
}

export const SURFACES: Surface[] = [
  {
    name: "service",
    doc: "002, LostAndFound",
    input: "its Django SQLite database (db.sqlite3), or a `sqlite3 db.sqlite3 .dump` of it",
    plan: (r) => planService(openSqlite(r.file), r.now),
  },
];

/** A surface by name or document number (`service` or `002`). */
export const surfaceOf = (name: string) => SURFACES.find((s) => s.name === name || s.doc.startsWith(`${name},`));
