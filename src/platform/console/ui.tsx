import type { Child, FC } from "hono/jsx";
import * as v from "valibot";
import { int } from "../params";

/** Rows per page of every console list. */
export const PAGE_SIZE = 20;

/** `?page=` of a console list (1-based). */
export const pageParam = v.optional(int(1, 1_000_000), 1);

export interface Column<T> {
  label: string;
  cell: (row: T) => Child;
}

/** A list as a table (scrolls sideways on a phone); `empty` says what an empty list means. */
export function Table<T>({
  rows,
  columns,
  empty = "暂无数据",
  caption,
}: {
  rows: readonly T[];
  columns: Column<T>[];
  empty?: string;
  caption?: string;
}) {
  if (rows.length === 0) return <p class="empty">{empty}</p>;
  return (
    <div class="table-wrap">
      <table>
        {caption && <caption class="sr-only">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((col) => (
              <th scope="col">{col.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              {columns.map((col) => (
                <td>{col.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Previous / next links of a paged list; `href(n)` builds page n's address. */
export const Pager: FC<{ page: number; size?: number; total: number; href: (page: number) => string }> = ({
  page,
  size = PAGE_SIZE,
  total,
  href,
}) => {
  const pages = Math.max(1, Math.ceil(total / size));
  return (
    <nav class="pager" aria-label="分页">
      {page > 1 ? (
        <a class="button secondary" href={href(page - 1)} rel="prev">
          上一页
        </a>
      ) : null}
      <span>
        第 {Math.min(page, pages)} / {pages} 页，共 {total} 条
      </span>
      {page < pages ? (
        <a class="button secondary" href={href(page + 1)} rel="next">
          下一页
        </a>
      ) : null}
    </nav>
  );
};

/** `path?key=value&page=n`, keeping the list's filters. */
export function pageHref(path: string, filters: Record<string, string | number | undefined>) {
  return (page: number) => {
    const q = new URLSearchParams();
    for (const [k, val] of Object.entries(filters)) if (val !== undefined && val !== "") q.set(k, String(val));
    if (page > 1) q.set("page", String(page));
    const s = q.toString();
    return s ? `${path}?${s}` : path;
  };
}

/** A form that changes something: POST, with the session's anti-forgery token. */
export const PostForm: FC<{
  action: string;
  csrf: string;
  confirm?: string;
  inline?: boolean;
  multipart?: boolean;
  label?: string;
  children?: Child;
}> = ({ action, csrf, confirm, inline, multipart, label, children }) => (
  <form
    method="post"
    action={action}
    class={inline ? "inline" : "stack"}
    data-confirm={confirm}
    enctype={multipart ? "multipart/form-data" : undefined}
    aria-label={label}
  >
    <input type="hidden" name="_csrf" value={csrf} />
    {children}
  </form>
);

export interface FieldProps {
  label: string;
  name: string;
  type?: string;
  value?: string | number | null;
  required?: boolean;
  placeholder?: string;
  maxlength?: number;
  min?: number;
  max?: number;
  autocomplete?: string;
  hint?: string;
}

export const Field: FC<FieldProps> = ({ label, hint, value, ...input }) => (
  <label>
    {label}
    <input type={input.type ?? "text"} {...input} value={value ?? undefined} />
    {hint && <small class="muted">{hint}</small>}
  </label>
);

export const TextArea: FC<{ label: string; name: string; value?: string | null; required?: boolean; maxlength?: number }> = ({
  label,
  value,
  ...area
}) => (
  <label>
    {label}
    <textarea {...area}>{value ?? ""}</textarea>
  </label>
);

export const Select: FC<{
  label: string;
  name: string;
  options: readonly (readonly [string, string])[];
  value?: string;
  required?: boolean;
}> = ({ label, name, options, value, required }) => (
  <label>
    {label}
    <select name={name} required={required}>
      {options.map(([optionValue, text]) => (
        <option value={optionValue} selected={optionValue === value}>
          {text}
        </option>
      ))}
    </select>
  </label>
);

export const Badge: FC<{ tone?: "ok" | "bad" | "warn"; children?: Child }> = ({ tone, children }) => (
  <span class={tone ? `badge ${tone}` : "badge"}>{children}</span>
);

/** Label / value pairs of one record. */
export const Facts: FC<{ items: readonly (readonly [string, Child])[] }> = ({ items }) => (
  <dl class="facts">
    {items.map(([term, value]) => (
      <>
        <dt>{term}</dt>
        <dd>{value ?? "—"}</dd>
      </>
    ))}
  </dl>
);
