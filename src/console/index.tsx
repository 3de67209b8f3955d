import { Hono } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { secureHeaders } from "hono/secure-headers";
import { CONSOLE_CSS, CONSOLE_JS } from "../platform/console/assets";
import { secureCookies } from "../platform/console/cookies";
import type { ConsoleEnv, ConsolePublicEnv } from "../platform/console/env";
import { consoleEnvelope } from "../platform/console/envelope";
import { redirectWith } from "../platform/console/flash";
import { AppError } from "../platform/errors";
import { readParams } from "../platform/params";
import { constantTimeEqual } from "../platform/random";
import { remindersConsole } from "../reminders/console";
import { jhConsole } from "../surfaces/jh/console";
import { libraryConsole } from "../surfaces/library/console";
import { serviceConsole } from "../surfaces/service/console";
import { sportsConsole } from "../surfaces/sports/console";
import { summerConsole } from "../surfaces/summer/console";
import { ticketEnded } from "../surfaces/summer/tickets";
import { homePage } from "./home";
import { navOf } from "./nav";
import { operatorsConsole } from "./operators-page";
import { endSession, SESSION_COOKIE, viewerOf } from "./sessions";
import { signIn, signInPage } from "./sign-in";

/** Uploads through the console (QR codes, images) may be this large. */
const CONSOLE_MAX_BODY = 8 * 1024 * 1024;

/** Every console answer: same-origin scripts, styles and forms only, never framed. */
const consoleHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    // Images may come from https too: a library activity's poster is an outside URL, previewed as the mini-program shows it.
    imgSrc: ["'self'", "data:", "blob:", "https:"],
    styleSrc: ["'self'"],
    scriptSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
  },
  xFrameOptions: "DENY",
  referrerPolicy: "same-origin",
});

/**
 * The operators' console at /console: server-rendered pages (Hono JSX) over the same domain functions as the
 * operators' API and the surfaces' routes (the summer school's with the staff member's ticket as the caller).
 */
export function createConsole() {
  const app = new Hono<ConsolePublicEnv>({ strict: false });

  app.use(consoleHeaders);
  app.use(async (c, next) => {
    c.set("envelope", (_root, err) => consoleEnvelope(c, err));
    await next();
    if (!c.res.headers.has("cache-control")) c.header("cache-control", "no-store");
  });

  app.get("/assets/console.css", (c) =>
    c.body(CONSOLE_CSS, 200, { "content-type": "text/css; charset=UTF-8", "cache-control": "public, max-age=3600" }),
  );
  app.get("/assets/console.js", (c) =>
    c.body(CONSOLE_JS, 200, { "content-type": "text/javascript; charset=UTF-8", "cache-control": "public, max-age=3600" }),
  );
  app.get("/login", (c) => signInPage(c));
  app.post("/login", (c) => signIn(c));

  const pages = new Hono<ConsoleEnv>({ strict: false });
  pages.use(
    createMiddleware<ConsoleEnv>(async (c, next) => {
      const viewer = await viewerOf(c.var.db, getCookie(c, SESSION_COOKIE) ?? "");
      if (!viewer) throw new AppError("unauthenticated", "请先登录");
      c.set("viewer", viewer);
      if (c.req.method !== "GET" && c.req.method !== "HEAD") {
        // Same-origin forms only: the browser's Origin (when sent) and the session's token in the form.
        const origin = c.req.header("origin");
        if (origin && origin !== new URL(c.req.url).origin) throw new AppError("forbidden", "跨站请求已被拒绝");
        const raw = await readParams(c, { files: true, lists: true, maxBodyBytes: CONSOLE_MAX_BODY });
        const token = typeof raw._csrf === "string" ? raw._csrf : (c.req.header("x-csrf-token") ?? "");
        if (!constantTimeEqual(token, viewer.csrf)) throw new AppError("forbidden", "页面已过期，请刷新后重试");
      }
      c.set("nav", c.req.method === "GET" ? navOf(viewer) : []);
      await next();
    }),
  );

  pages.post("/logout", async (c) => {
    const viewer = c.var.viewer;
    const db = c.var.db;
    // A summer staff member's ticket ends with the session, as the summer school's logout ends it.
    await db.batch([endSession(db, viewer.sessionId), ...(viewer.kind === "summer" ? [ticketEnded(db, viewer.ticketSession)] : [])]);
    deleteCookie(c, SESSION_COOKIE, { path: "/console", secure: secureCookies(c.req.url) });
    return redirectWith(c, "/console/login", "已退出登录");
  });
  pages.get("/", (c) => homePage(c));
  pages.route("/operators", operatorsConsole);
  pages.route("/service", serviceConsole);
  pages.route("/sports", sportsConsole);
  pages.route("/library", libraryConsole);
  pages.route("/reminders", remindersConsole);
  pages.route("/jh", jhConsole);
  pages.route("/summer", summerConsole);

  app.route("/", pages);
  return app;
}
