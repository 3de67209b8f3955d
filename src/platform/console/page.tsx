import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ConsoleScope } from "../../db/schema/console";
import { config } from "../config";
import { AppError } from "../errors";
import { formatDateTime } from "../time";
import type { ConsoleEnv } from "./env";
import { takeFlash } from "./flash";
import { Layout } from "./layout";

/** A console page in the frame, with the viewer's menu and any pending message. */
export function render<E extends ConsoleEnv>(c: Context<E>, title: string, body: Child, status: ContentfulStatusCode = 200) {
  return c.html(
    <Layout title={title} viewer={c.var.viewer} nav={c.var.nav} path={c.req.path} flash={takeFlash(c)}>
      {body}
    </Layout>,
    status,
  );
}

/** A time in campus time, `YYYY-MM-DD HH:mm:ss`; empty for none. */
export function when<E extends ConsoleEnv>(c: Context<E>, ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "" : formatDateTime(ms, config(c.env).LOCAL_UTC_OFFSET);
}

/** Pages of a surface's operators: only an operator holding `scope` reaches them. */
export const requireScope = (scope: ConsoleScope) =>
  createMiddleware<ConsoleEnv>(async (c, next) => {
    const viewer = c.var.viewer;
    if (viewer.kind !== "operator" || !viewer.scopes.includes(scope)) throw new AppError("forbidden", "您没有访问此页面的权限");
    await next();
  });

/** Pages of the summer school's staff console: only a signed-in staff member reaches them (their ticket decides the rest). */
export const requireSummerStaff = createMiddleware<ConsoleEnv>(async (c, next) => {
  if (c.var.viewer.kind !== "summer") throw new AppError("forbidden", "此页面仅供暑期学校员工使用");
  await next();
});
