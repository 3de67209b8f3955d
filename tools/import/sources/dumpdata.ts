import { InputError } from "../plan";
import { lineAt, lineIndex } from "./text";

/** One object of a Django fixture: its model (`app.model`), key and fields, and the line it starts on. */
export interface DjangoObject {
  model: string;
  pk: unknown;
  fields: Record<string, unknown>;
  line: number;
}

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x);

/**
 * `manage.py dumpdata` output (Django's JSON serializer): a list of {model, pk, fields}. Text that
 * is not JSON, or an entry not of that shape, stops the import with the file and line.
 */
export function readDumpdata(file: string, text: string): DjangoObject[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const m = /position (\d+)/.exec(err instanceof Error ? err.message : "");
    throw new InputError(
      file,
      m ? lineAt(text, Number(m[1])) : null,
      `not a dumpdata JSON file (${err instanceof Error ? err.message : err})`,
    );
  }
  if (!Array.isArray(data)) throw new InputError(file, 1, "not a dumpdata JSON file: expected a list of objects");
  // Where each object starts: dumpdata writes `"model": ...` as each object's first key.
  const lineOf = lineIndex(text);
  const starts = [...text.matchAll(/"model"\s*:/g)].map((m) => lineOf(m.index));
  return data.map((entry, i) => {
    const line = starts[i] ?? 1;
    if (!isRecord(entry) || typeof entry.model !== "string" || !isRecord(entry.fields)) {
      throw new InputError(file, line, "an entry is not {model, pk, fields}");
    }
    return { model: entry.model, pk: entry.pk, fields: entry.fields, line };
  });
}
