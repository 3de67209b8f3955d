import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { planJh } from "./jh";
import { ORIGINAL_MEDIA_URL, planLibrary } from "./library";
import { type ImportPlan, InputError } from "./plan";
import { planService } from "./service";
import { openSqlite } from "./sources/node-sqlite";
import { decodeUtf8 } from "./sources/text";
import { COLLECTIONS, planSports, type SportsExport } from "./sports";
import { planSummer } from "./summer";
import type { Media } from "./summer/media";

/** What the command line hands an importer. */
export interface ImportRequest {
  /** The original's data: a file, or (sports) a folder of exported collections. */
  file: string;
  /** The original's uploaded files, when at hand. */
  media: string | null;
  /** Where the original's uploads stay served, when given. */
  mediaUrl: string | null;
  /** A setting of Campus Edge's (environment, .dev.vars, wrangler.toml [vars]). */
  setting: (name: string) => string | undefined;
  now: number;
}

export interface Surface {
  name: string;
  doc: string;
  input: string;
  /** Settings the writing needs (a sealing key), checked before anything is written. */
  needs?: string[];
  plan: (request: ImportRequest) => Promise<ImportPlan>;
}

export const SURFACES: Surface[] = [
  {
    name: "library",
    doc: "000, mplib-server",
    input: "`manage.py dumpdata mplib auth.user` of its Django database (JSON)",
    plan: async (r) => {
      const { file, text } = readText(r.file);
      return planLibrary(
        file,
        text,
        {
          appid: r.setting("LIBRARY_APPID") ?? "",
          trainingTemplate: r.setting("LIBRARY_TRAINING_TEMPLATE_ID") ?? "",
          bookTemplate: r.setting("LIBRARY_BOOK_TEMPLATE_ID") ?? "",
          offset: r.setting("LOCAL_UTC_OFFSET") ?? "+08:00",
          mediaUrl: r.mediaUrl ?? ORIGINAL_MEDIA_URL,
          sessionDays: Number(r.setting("LIBRARY_LEGACY_SESSION_DAYS") ?? 30),
        },
        r.now,
      );
    },
  },
  {
    name: "service",
    doc: "002, LostAndFound",
    input: "its Django SQLite database (db.sqlite3), or a `sqlite3 db.sqlite3 .dump` of it",
    plan: (r) => planService(openSqlite(r.file), r.now),
  },
  {
    name: "sports",
    doc: "003, inshare",
    input: "a folder of `mongoexport` files: authorizations, profiles, renteditems, users (.json or .jsonl; + types.json)",
    plan: async (r) => planSports(readSportsExport(r.file), r.now),
  },
  {
    name: "summer",
    doc: "001, StuSystem",
    input: "a `mysqldump` of its MySQL database (+ --media <its MEDIA_ROOT> for the uploaded files)",
    plan: async (r) => {
      const { file, text } = readText(r.file);
      return planSummer(file, text, mediaIn(r.media), r.now);
    },
  },
  {
    name: "jh",
    doc: "004, tty.platform.aspserver",
    input: "a `mysqldump` of its MySQL database (usercredit, userinfo, msgboard; + --media <its msgboard folder> for the pictures)",
    needs: ["JH_CREDENTIAL_KEY"],
    plan: async (r) => {
      const { file, text } = readText(r.file);
      return planJh(file, text, r.now, {
        media: r.media ? mediaIn(r.media) : undefined,
        offset: r.setting("LOCAL_UTC_OFFSET") ?? "+08:00",
      });
    },
  },
];

/** Files under the original's MEDIA_ROOT, by the paths its rows name (none outside it). */
function mediaIn(root: string | null): Media {
  return (path) => {
    if (!root) return null;
    const file = resolve(root, path);
    if (relative(root, file).startsWith("..") || !existsSync(file) || !statSync(file).isFile()) return null;
    return readFileSync(file);
  };
}

/** A text file of the original's, decoded strictly. */
const readText = (file: string) => ({ file, text: decodeUtf8(file, readFileSync(file)) });

function readSportsExport(dir: string): SportsExport {
  if (!statSync(dir).isDirectory()) throw new InputError(dir, null, "expected the folder mongoexport wrote the collections into");
  const collections: SportsExport["collections"] = {};
  for (const name of COLLECTIONS) {
    const file = [`${name}.json`, `${name}.jsonl`].map((f) => join(dir, f)).find(existsSync);
    if (file) collections[name] = readText(file);
  }
  const types = join(dir, "types.json");
  return { collections, ...(existsSync(types) ? { types: readText(types) } : {}) };
}

/** A surface by name or document number (`service` or `002`). */
export const surfaceOf = (name: string) => SURFACES.find((s) => s.name === name || s.doc.startsWith(`${name},`));
