import type { Context } from "hono";
import type { ConsoleEnv } from "../../../platform/console/env";
import { when } from "../../../platform/console/page";

/** An ISO time of the sports domain's replies, in campus time; empty for none. */
export const whenIso = <E extends ConsoleEnv>(c: Context<E>, iso: string | null) => (iso === null ? "" : when(c, Date.parse(iso)));

/** Formats ISO times for a page (components take this rather than the request's context). */
export type TimeText = (iso: string | null) => string;
export const timeText =
  <E extends ConsoleEnv>(c: Context<E>): TimeText =>
  (iso) =>
    whenIso(c, iso);
