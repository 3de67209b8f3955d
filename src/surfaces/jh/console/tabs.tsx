import type { FC } from "hono/jsx";

export const USERS = "/console/jh/users";
export const TERMS = "/console/jh/terms";
export const BOARD = "/console/jh/board";

const TABS = [
  [USERS, "用户"],
  [TERMS, "学期"],
  [BOARD, "留言板"],
] as const;

/** The area's pages, as links (the current one marked). */
export const Tabs: FC<{ current: string }> = ({ current }) => (
  <nav class="toolbar" aria-label="精弘账号">
    {TABS.map(([href, label]) => (
      <a href={href} class={href === current ? "button" : "button secondary"} aria-current={href === current ? "page" : undefined}>
        {label}
      </a>
    ))}
  </nav>
);
