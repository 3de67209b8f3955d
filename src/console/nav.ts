import type { NavItem, Viewer } from "../platform/console/env";
import { SUMMER_MENU_PAGES } from "../surfaces/summer/console/menu";
import { menuOf } from "../surfaces/summer/navigation";
import { SCOPE_NAMES, SCOPES } from "./operators";

const SCOPE_PAGES = {
  service: "/console/service",
  sports: "/console/sports",
  library: "/console/library",
  reminders: "/console/reminders",
  jh: "/console/jh",
  operators: "/console/operators",
} as const;

/**
 * The viewer's menu: an operator's scopes, or exactly the summer school's staff menu (`menuOf`, what
 * `/summer/common/navigation/` answers) for the role the staff member's account has now.
 */
export function navOf(viewer: Viewer): NavItem[] {
  if (viewer.kind === "operator") {
    return SCOPES.filter((s) => viewer.scopes.includes(s)).map((s) => ({ href: SCOPE_PAGES[s], label: SCOPE_NAMES[s] }));
  }
  const items: NavItem[] = [];
  for (const top of menuOf(viewer.role)) {
    for (const entry of top.second_levels) {
      const href = SUMMER_MENU_PAGES[entry.id];
      if (href) items.push({ href, label: entry.name, group: top.name });
    }
  }
  return items;
}
