import type { Child, FC } from "hono/jsx";
import type { NavItem, Viewer } from "./env";
import type { Flash } from "./flash";

const ROLE_NAMES: Record<string, string> = { ADMIN: "管理员", MARKET: "市场", PRODUCT: "产品", FINANCE: "财务" };

export const whoLabel = (viewer: Viewer) =>
  viewer.kind === "operator" ? `运营人员 ${viewer.username}` : `暑期学校 ${ROLE_NAMES[viewer.role] ?? viewer.role} ${viewer.username}`;

export interface LayoutProps {
  title: string;
  viewer?: Viewer;
  nav?: NavItem[];
  /** The path of the page, to mark its menu entry. */
  path?: string;
  flash?: Flash | null;
  children?: Child;
}

/** The page frame: header with who is signed in and the sign-out button, the menu, the flash message. */
export const Layout: FC<LayoutProps> = ({ title, viewer, nav = [], path = "", flash, children }) => (
  <html lang="zh-CN">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${title} · Campus Edge 控制台`}</title>
      <link rel="stylesheet" href="/console/assets/console.css" />
      <script src="/console/assets/console.js" defer />
    </head>
    <body>
      <header class="top">
        <a class="brand" href="/console">
          Campus Edge 控制台
        </a>
        {viewer && (
          <>
            <span class="who">{whoLabel(viewer)}</span>
            <form method="post" action="/console/logout" class="inline">
              <input type="hidden" name="_csrf" value={viewer.csrf} />
              <button type="submit" class="secondary">
                退出登录
              </button>
            </form>
          </>
        )}
      </header>
      {nav.length > 0 && (
        <nav class="menu" aria-label="主菜单">
          <ul>
            {nav.map((item) => (
              <li>
                <a href={item.href} aria-current={isCurrent(item.href, path) ? "page" : undefined}>
                  {item.group ? `${item.group} · ${item.label}` : item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <main id="main">
        <h1>{title}</h1>
        {flash && (
          <p class={`flash ${flash.kind}`} role={flash.kind === "error" ? "alert" : "status"}>
            {flash.text}
          </p>
        )}
        {children}
      </main>
    </body>
  </html>
);

const isCurrent = (href: string, path: string) => path === href || path.startsWith(`${href}/`);
