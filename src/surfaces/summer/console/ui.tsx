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

/** A `datetime-local` value in campus time, `YYYY-MM-DDTHH:mm`, of an ISO instant. */
export function localInput(iso: string | null | undefined, offset: string): string {
  if (!iso) return "";
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return "";
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(offset);
  const shift = m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
  return new Date(ms + shift).toISOString().slice(0, 16);
}

/** A `datetime-local` value entered in campus time, as ISO-8601 with the campus offset. */
export const withOffset = (local: string | undefined, offset: string) =>
  local ? `${local}${local.length === 16 ? ":00" : ""}${offset}` : undefined;

/** An uploaded image as the base64 data URI the summer school's writes take; none for an empty file input. */
export async function dataUri(file: File | undefined): Promise<string | undefined> {
  if (!file || file.size === 0) return undefined;
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:${file.type || "application/octet-stream"};base64,${btoa(binary)}`;
}

/** A file input (forms holding one are multipart). */
export const FileField: FC<{ label: string; name: string; required?: boolean; accept?: string; hint?: string }> = ({
  label,
  hint,
  ...input
}) => (
  <label>
    {label}
    <input type="file" {...input} />
    {hint && <small class="muted">{hint}</small>}
  </label>
);

/** An image the summer school links to, shown through the console's file route; an outside address only as a link. */
export const LinkedImage: FC<{ url: string | null | undefined; href: string | null; alt: string }> = ({ url, href, alt }) =>
  href ? (
    <a href={href}>
      <img class="proof" src={href} alt={alt} />
    </a>
  ) : url ? (
    <a href={url} rel="noreferrer">
      {alt}（外部链接）
    </a>
  ) : (
    <span class="muted">无</span>
  );
