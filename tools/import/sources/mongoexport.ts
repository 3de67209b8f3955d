import { EJSON } from "bson";
import { InputError } from "../plan";
import { lineAt } from "./text";

/** A document of a collection and the line it starts on. */
export interface MongoDoc {
  doc: Record<string, unknown>;
  line: number;
}

/**
 * One collection as `mongoexport` writes it: a document per line (the default) or, with
 * --jsonArray, one JSON array; Extended JSON (`$oid`, `$date`, `$numberLong`, relaxed or
 * canonical) read by the `bson` package's EJSON. A document that does not parse stops the
 * import with its file and line.
 */
export function readMongoExport(file: string, text: string): MongoDoc[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("[")) {
    let docs: unknown;
    try {
      docs = EJSON.parse(text, { relaxed: true });
    } catch (err) {
      throw new InputError(file, lineOfJsonError(text, err), `not a mongoexport --jsonArray file (${message(err)})`);
    }
    if (!Array.isArray(docs)) throw new InputError(file, 1, "not a mongoexport --jsonArray file");
    return docs.map((doc, i) => ({ doc: asDoc(file, doc, null), line: i + 1 }));
  }
  const out: MongoDoc[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    let doc: unknown;
    try {
      doc = EJSON.parse(line, { relaxed: true });
    } catch (err) {
      throw new InputError(file, i + 1, `not a mongoexport document (${message(err)})`);
    }
    out.push({ doc: asDoc(file, doc, i + 1), line: i + 1 });
  }
  return out;
}

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x);

function asDoc(file: string, doc: unknown, line: number | null): Record<string, unknown> {
  if (!isRecord(doc)) throw new InputError(file, line, "a document is not a JSON object");
  return doc;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** JSON.parse names a position in its message ("at position 123"); its line, when it does. */
function lineOfJsonError(text: string, err: unknown): number | null {
  const m = /position (\d+)/.exec(message(err));
  return m ? lineAt(text, Number(m[1])) : null;
}
