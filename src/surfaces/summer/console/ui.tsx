import type { Child, FC } from "hono/jsx";
import * as v from "valibot";
import { ENUMS, type EnumName } from "../enums";

/** An enum's choices for a filter or a form, in the document's words; `all` adds a first "全部" choice. */
export function enumOptions(name: EnumName, all = false): [string, string][] {
  const table = ENUMS[name];
  const words: Record<string, string> = table.words;
  return [...(all ? [["", "全部"] as [string, string]] : []), ...table.keys.map((k): [string, string] => [k, words[k] ?? k])];
}

/** A list's filters: a GET form in the toolbar. */
export const Filters: FC<{ action: string; children?: Child }> = ({ action, children }) => (
  <form method="get" action={action} class="toolbar" aria-label="筛选">
    {children}
    <button type="submit" class="secondary">
      筛选
    </button>
  </form>
);

/** An optional filter or form text: blank is none. */
export const optional = v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100, "内容过长")));

/** A positive id in a path. */
export function pathId(raw: string | undefined): number {
  const n = Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}
