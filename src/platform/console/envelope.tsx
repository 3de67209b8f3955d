import { serialize } from "hono/utils/cookie";
import { type AppError, type ErrorEnvelope, type ErrorKind, STATUS } from "../errors";
import { secureCookies } from "./cookies";
import type { ConsolePublicEnv } from "./env";
import { Layout } from "./layout";
import { consoleMessage } from "./messages";

const TITLES: Partial<Record<ErrorKind, string>> = {
  forbidden: "没有权限",
  not_found: "未找到",
  internal: "出错了",
  upstream: "上游服务不可用",
};

/** Where a refused form goes back to: the page it was sent from, when that is a console page of this origin. */
function backTo(requestUrl: string, referer: string | undefined): string | null {
  if (!referer) return null;
  try {
    const from = new URL(referer);
    if (from.origin !== new URL(requestUrl).origin || !from.pathname.startsWith("/console")) return null;
    return from.pathname + from.search;
  } catch {
    return null;
  }
}

const html = (body: string, status: number, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "content-type": "text/html; charset=UTF-8", ...headers } });

/**
 * The console's errors as people see them. Signed out: to the sign-in page. A refused form: back to its
 * page with the reason shown (nothing was changed). Anything else: a page saying what went wrong.
 */
export const consoleEnvelope: ErrorEnvelope<ConsolePublicEnv> = (c, err: AppError) => {
  const secure = secureCookies(c.req.url);
  if (err.kind === "unauthenticated") {
    const next = c.req.method === "GET" ? `?next=${encodeURIComponent(new URL(c.req.url).pathname)}` : "";
    return new Response(null, { status: 303, headers: { location: `/console/login${next}` } });
  }
  const text = err.kind === "internal" ? "服务器内部错误，请稍后再试" : consoleMessage(err);
  const back = c.req.method === "POST" && err.kind !== "internal" ? backTo(c.req.url, c.req.header("referer")) : null;
  if (back) {
    const flash = serialize("ce_flash", encodeURIComponent(JSON.stringify({ kind: "error", text })), {
      path: "/console",
      httpOnly: true,
      sameSite: "Strict",
      secure,
      maxAge: 60,
    });
    return new Response(null, { status: 303, headers: { location: back, "set-cookie": flash } });
  }
  const page = (
    <Layout
      title={TITLES[err.kind] ?? "请求未完成"}
      viewer={c.var.viewer}
      nav={c.var.nav ?? []}
      path={c.req.path}
      flash={{ kind: "error", text }}
    >
      <p>
        <a href="/console">返回控制台首页</a>
      </p>
    </Layout>
  );
  return html(page.toString(), STATUS[err.kind]);
};
