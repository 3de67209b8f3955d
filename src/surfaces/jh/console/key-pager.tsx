import type { FC } from "hono/jsx";

/**
 * Previous / next links of a list paged by key (`?after=` / `?before=`), which
 * costs the same on any page; `total` is the number of matches, up to a cap.
 */
export const KeyPager: FC<{
  prev: string | null;
  next: string | null;
  total: number;
  capped: boolean;
  href: (cursor: { after?: string; before?: string }) => string;
}> = ({ prev, next, total, capped, href }) => (
  <nav class="pager" aria-label="分页">
    {prev !== null ? (
      <a class="button secondary" href={href({ before: prev })} rel="prev">
        上一页
      </a>
    ) : null}
    <span>{capped ? `超过 ${total} 条` : `共 ${total} 条`}</span>
    {next !== null ? (
      <a class="button secondary" href={href({ after: next })} rel="next">
        下一页
      </a>
    ) : null}
  </nav>
);
