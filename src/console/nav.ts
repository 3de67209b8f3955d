import * as v from "valibot";
import type { ApiCall, NavItem, Viewer } from "../platform/console/env";
import { AppError } from "../platform/errors";
import { SUMMER_MENU_PAGES } from "../surfaces/summer/console/menu";
import { SCOPE_NAMES, SCOPES } from "./operators";

const SCOPE_PAGES = {
  service: "/console/service",
  sports: "/console/sports",
  library: "/console/library",
  reminders: "/console/reminders",
  jh: "/console/jh",
  operators: "/console/operators",
} as const;

const menuReply = v.object({
  code: v.number(),
  data: v.optional(
    v.array(
      v.object({
        name: v.string(),
        second_levels: v.array(v.object({ id: v.number(), name: v.string() })),
      }),
    ),
  ),
});

/**
 * The viewer's menu: an operator's scopes, or exactly the summer school's staff menu for the
 * staff member's role, as `/summer/common/navigation/` returns it.
 */
export async function navOf(viewer: Viewer, api: ApiCall): Promise<NavItem[]> {
  if (viewer.kind === "operator") {
    return SCOPES.filter((s) => viewer.scopes.includes(s)).map((s) => ({ href: SCOPE_PAGES[s], label: SCOPE_NAMES[s] }));
  }
  const res = await api("GET", "/summer/common/navigation/", { ticket: viewer.ticket });
  const reply = v.safeParse(menuReply, await res.json());
  if (!reply.success) throw new AppError("upstream", "暑期学校菜单读取失败");
  if (reply.output.code === 401) throw new AppError("unauthenticated", "登录已失效，请重新登录");
  const items: NavItem[] = [];
  for (const top of reply.output.data ?? []) {
    for (const entry of top.second_levels) {
      const href = SUMMER_MENU_PAGES[entry.id];
      if (href) items.push({ href, label: entry.name, group: top.name });
    }
  }
  return items;
}
