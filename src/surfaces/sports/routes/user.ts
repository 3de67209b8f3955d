import { createMiddleware } from "hono/factory";
import * as v from "valibot";
import { callerAnd } from "../../../platform/caller";
import { invalidParam } from "../../../platform/errors";
import { type Page, pageByIndex } from "../../../platform/paging";
import { params } from "../../../platform/params";
import { requireUser } from "../auth";
import { COMMON, doc, METHODS } from "../docs";
import { accepted } from "../envelope";
import type { SportsApp } from "../index";
import * as s from "../schemas";
import { currentItemsQuery, historyQuery, login, presentCurrent, presentHistory, presentProfile, signup, updateProfile } from "../users";

/** The history's page, from the path: checked before the session, as the other parameters are. */
const historyPage = createMiddleware<{ Variables: { page: Page } }>(async (c, next) => {
  const length = v.safeParse(s.pageLength, c.req.param("page_length"));
  const index = v.safeParse(s.pageId, c.req.param("page_id"));
  if (!length.success || !index.success) throw invalidParam("page", "page_length and page_id must be integers");
  c.set("page", pageByIndex(length.output, index.output, s.HISTORY_MAX_PAGE_LENGTH));
  await next();
});

/** /user/...: signing up, logging in, the profile, what the student holds and held. */
export function userRoutes(app: SportsApp) {
  app.on(
    METHODS,
    "/user/signup",
    doc({
      summary: "Sign up with a wx.login code; region, phone and email are optional",
      reply: s.sessionReply,
      errors: ["invalid request", "already signed up", "invalid code", "weixin: <errmsg>"],
    }),
    params(s.signupParams, "GET"),
    async (c) => accepted(c, await signup(c.var.db, c.env, c.var.params.code, c.var.params)),
  );

  app.on(
    METHODS,
    "/user/login",
    doc({
      summary: "Log in with a wx.login code",
      description: "client_session_id expires after SPORTS_SESSION_TTL_SECONDS (default 7200 s).",
      reply: s.sessionReply,
      errors: ["invalid request", "user not exists", "invalid code", "weixin: <errmsg>"],
    }),
    params(s.loginParams, "GET"),
    async (c) => accepted(c, await login(c.var.db, c.env, c.var.params.code)),
  );

  app.on(
    METHODS,
    "/user/profile",
    doc({ summary: "The user's profile", reply: s.profileReply, errors: COMMON }),
    params(s.authParams, "GET"),
    requireUser,
    async (c) => {
      const [me] = await callerAnd(c);
      return accepted(c, presentProfile(me));
    },
  );

  app.on(
    METHODS,
    "/user/profile/update",
    doc({
      summary: "Update region, phone and/or email; returns the updated profile",
      description: "Send only the fields to change; an empty string clears one. A phone number is required before renting.",
      reply: s.profileReply,
      errors: COMMON,
    }),
    params(s.updateParams, "GET"),
    requireUser,
    async (c) => {
      const { region, phone, email } = c.var.params;
      if (region === undefined && phone === undefined && email === undefined) throw invalidParam("profile", "nothing to update");
      const [me] = await callerAnd(c);
      return accepted(c, presentProfile(await updateProfile(c.var.db, me.id, { region, phone, email })));
    },
  );

  app.on(
    METHODS,
    "/user/status",
    doc({ summary: "The items the user holds now (with their due time)", reply: s.statusItemsReply, errors: COMMON }),
    params(s.authParams, "GET"),
    requireUser,
    async (c) => {
      const [, items] = await callerAnd(c, currentItemsQuery(c.var.db, c.var.params.userid));
      return accepted(c, { items: presentCurrent(items) });
    },
  );

  app.on(
    METHODS,
    "/user/history/page_length/:page_length/page_id/:page_id",
    doc({
      summary: "One page of the rental history, newest first (page_id from 0)",
      description: `page_length is capped at ${s.HISTORY_MAX_PAGE_LENGTH}; a page past the end has no items; time_end is null while the item is out.`,
      reply: s.historyReply,
      errors: COMMON,
    }),
    params(s.authParams, "GET"),
    historyPage,
    requireUser,
    async (c) => {
      const [, items] = await callerAnd(c, historyQuery(c.var.db, c.var.params.userid, c.var.page));
      return accepted(c, { items: presentHistory(items) });
    },
  );
}
