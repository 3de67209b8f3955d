import type { ConsoleScope } from "../../db/schema/console";
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

/** A summer school staff member: the console acts with their ticket, so the summer school's API decides each call. */
export interface SummerViewer {
  kind: "summer";
  sessionId: string;
  csrf: string;
  username: string;
  role: string;
  ticket: string;
}

export type Viewer = OperatorViewer | SummerViewer;

/** A menu entry of the console's navigation. */
export interface NavItem {
  href: string;
  label: string;
  group?: string;
}

export interface ApiRequest {
  /** A summer ticket, sent as `Authorization: Bearer`. */
  ticket?: string;
  query?: Record<string, string | undefined>;
  /** Sent as a form (multipart when it holds a File). */
  form?: Record<string, string | File | undefined>;
  json?: unknown;
}

/** Calls one of the worker's own JSON APIs in process (no network), as a client of it would. */
export type ApiCall = (method: string, path: string, request?: ApiRequest) => Promise<Response>;

interface ConsoleVariables extends Variables {
  api: ApiCall;
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
