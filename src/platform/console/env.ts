import type { ConsoleScope } from "../../db/schema/console";
import type { SummerRole } from "../../db/schema/summer";
import type { Bindings, Variables } from "../../env";

/** A signed-in operator: manages the surfaces named by its scopes. */
export interface OperatorViewer {
  kind: "operator";
  sessionId: string;
  csrf: string;
  username: string;
  operatorId: number;
  scopes: readonly ConsoleScope[];
}

/**
 * A summer school staff member: the console calls the summer school's domain functions with their ticket as the
 * caller, so the summer school's own rules decide each read and write. `role` is the one the account has now (read
 * with the session); `ticketSession` is the ticket's session, ended with the console's.
 */
export interface SummerViewer {
  kind: "summer";
  sessionId: string;
  csrf: string;
  username: string;
  role: SummerRole;
  ticket: string;
  ticketSession: string;
}

export type Viewer = OperatorViewer | SummerViewer;

/** A menu entry of the console's navigation. */
export interface NavItem {
  href: string;
  label: string;
  group?: string;
}

interface ConsoleVariables extends Variables {
  /** Set once signed in (see ConsoleEnv). */
  viewer?: Viewer;
  nav?: NavItem[];
}

/** Before sign-in: the sign-in page and its form. */
export interface ConsolePublicEnv {
  Bindings: Bindings;
  Variables: ConsoleVariables;
}

/** Every page after sign-in: the viewer and the menu it may open. */
export interface ConsoleEnv {
  Bindings: Bindings;
  Variables: ConsoleVariables & { viewer: Viewer; nav: NavItem[] };
}
