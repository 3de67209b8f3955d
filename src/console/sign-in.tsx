import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import * as v from "valibot";
import { config } from "../platform/config";
import { secureCookies } from "../platform/console/cookies";
import type { ConsolePublicEnv } from "../platform/console/env";
import { takeFlash } from "../platform/console/flash";
import { Layout } from "../platform/console/layout";
import { consoleMessage } from "../platform/console/messages";
import { AppError } from "../platform/errors";
import { parseParams } from "../platform/params";
import { constantTimeEqual, randomId } from "../platform/random";
import { refusalOf } from "../surfaces/summer/envelope";
import { staffLogin, staffLoginParams } from "../surfaces/summer/login";
import { checkOperatorPassword, WRONG_PASSWORD } from "./operators";
import { type NewSession, SESSION_COOKIE, startSession } from "./sessions";

/** The sign-in form's own anti-forgery token (there is no session yet): a cookie matched by a hidden field. */
const LOGIN_COOKIE = "ce_login";

const KINDS = [
  ["operator", "运营人员账号"],
  ["summer", "暑期学校员工账号"],
] as const;

const signInSchema = v.object({
  kind: v.optional(v.picklist(["operator", "summer"], "请选择账号类型"), "operator"),
  username: v.pipe(v.string("请输入用户名"), v.trim(), v.nonEmpty("请输入用户名"), v.maxLength(64, "用户名过长")),
  password: v.pipe(v.string("请输入密码"), v.nonEmpty("请输入密码"), v.maxLength(128, "密码过长")),
  next: v.optional(v.string(), ""),
  _csrf: v.optional(v.string(), ""),
});

/** Only a console path is followed after sign-in. */
const safeNext = (next: string | undefined) =>
  next && /^\/console(\/[\w\-./?=&%]*)?$/.test(next) && !next.startsWith("//") ? next : "/console";

export function signInPage(
  c: Context<ConsolePublicEnv>,
  opts: { error?: string; username?: string; kind?: string; next?: string; status?: 200 | 400 | 401 } = {},
) {
  const token = randomId(18);
  setCookie(c, LOGIN_COOKIE, token, {
    path: "/console/login",
    httpOnly: true,
    sameSite: "Strict",
    secure: secureCookies(c.req.url),
    maxAge: 3600,
  });
  const kind = opts.kind ?? "operator";
  const flash = opts.error ? { kind: "error" as const, text: opts.error } : takeFlash(c);
  return c.html(
    <Layout title="登录" flash={flash}>
      <section class="card">
        <form method="post" action="/console/login" class="stack" aria-label="登录">
          <input type="hidden" name="_csrf" value={token} />
          <input type="hidden" name="next" value={safeNext(opts.next ?? c.req.query("next"))} />
          <fieldset>
            <legend>账号类型</legend>
            {KINDS.map(([value, label]) => (
              <label class="check">
                <input type="radio" name="kind" value={value} checked={kind === value} />
                {label}
              </label>
            ))}
          </fieldset>
          <label>
            用户名
            <input type="text" name="username" value={opts.username} required autocomplete="username" maxlength={64} />
          </label>
          <label>
            密码
            <input type="password" name="password" required autocomplete="current-password" maxlength={128} />
          </label>
          <button type="submit">登录</button>
        </form>
      </section>
    </Layout>,
    opts.status ?? 200,
  );
}

/**
 * A summer school staff member signs in with the summer school's own staff login (`staffLogin`, its parameters'
 * rules and its lockout included), which issues the ticket the console then acts with.
 */
async function summerSignIn(c: Context<ConsolePublicEnv>, username: string, password: string): Promise<NewSession | string> {
  const given = v.safeParse(staffLoginParams, { username, password });
  if (!given.success) return given.issues[0].message;
  try {
    const { user, ticket, sessionId } = await staffLogin(c.var.db, c.env, given.output);
    return { kind: "summer", username: user.username ?? username, userId: user.id, ticket, ticketSession: sessionId };
  } catch (err) {
    if (err instanceof AppError) return refusalOf(err).msg || WRONG_PASSWORD;
    throw err;
  }
}

/** After repeated failures each answer waits a little longer (up to 3 s), before the account locks. */
const slowDown = (failures: number) => new Promise((resolve) => setTimeout(resolve, Math.min(3000, Math.max(0, failures - 2) * 500)));

export async function signIn(c: Context<ConsolePublicEnv>) {
  let given: v.InferOutput<typeof signInSchema>;
  try {
    given = await parseParams(c, signInSchema);
  } catch (err) {
    if (err instanceof AppError) return signInPage(c, { error: consoleMessage(err), status: 400 });
    throw err;
  }
  const expected = getCookie(c, LOGIN_COOKIE) ?? "";
  if (!expected || !constantTimeEqual(given._csrf, expected)) {
    return signInPage(c, { error: "登录表单已失效，请重新登录", next: given.next, status: 400 });
  }
  const { kind, username, password, next } = given;
  const cfg = config(c.env);
  let who: NewSession | string;
  if (kind === "operator") {
    const policy = { maxFailures: cfg.CONSOLE_LOGIN_MAX_FAILURES, lockMs: cfg.CONSOLE_LOGIN_LOCK_SECONDS * 1000 };
    const result = await checkOperatorPassword(c.var.db, username, password, policy);
    if (result.ok) who = { kind: "operator", operatorId: result.operator.id, username: result.operator.username };
    else {
      await slowDown(result.failures);
      who = result.message;
    }
  } else {
    who = await summerSignIn(c, username, password);
  }
  if (typeof who === "string") return signInPage(c, { error: who, username, kind, next, status: 401 });
  const ttl = cfg.CONSOLE_SESSION_HOURS * 3600 * 1000;
  const token = await startSession(c.var.db, who, ttl);
  deleteCookie(c, LOGIN_COOKIE, { path: "/console/login", secure: secureCookies(c.req.url) });
  setCookie(c, SESSION_COOKIE, token, {
    path: "/console",
    httpOnly: true,
    sameSite: "Strict",
    secure: secureCookies(c.req.url),
    maxAge: Math.floor(ttl / 1000),
  });
  return c.redirect(safeNext(next), 303);
}
