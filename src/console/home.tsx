import type { Context } from "hono";
import type { ConsoleEnv } from "../platform/console/env";
import { render } from "../platform/console/page";

/** The landing page: the areas the viewer may open (the same entries as the menu). */
export function homePage(c: Context<ConsoleEnv>) {
  const nav = c.var.nav;
  return render(
    c,
    "控制台",
    nav.length === 0 ? (
      <p class="empty">您的账号暂无可管理的内容，请联系管理员分配权限。</p>
    ) : (
      <div class="grid">
        {nav.map((item) => (
          <section class="card">
            {item.group && <p class="muted">{item.group}</p>}
            <a class="button" href={item.href}>
              {item.label}
            </a>
          </section>
        ))}
      </div>
    ),
  );
}
