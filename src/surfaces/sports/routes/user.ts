import { createMiddleware } from "hono/factory";
import * as v from "valibot";
import { callerAnd } from "../../../platform/caller";
import { invalidParam } from "../../../platform/errors";
import { type Page, pageByIndex } from "../../../platform/paging";
import { params } from "../../../platform/params";
import { requireUser, type StudentContext } from "../auth";
import { aliasDoc, COMMON, doc, METHODS, type RouteText } from "../docs";
import { accepted } from "../envelope";
import type { SportsApp } from "../index";
import * as s from "../schemas";
import { currentItemsQuery, historyQuery, login, presentCurrent, presentHistory, presentProfile, signup, updateProfile } from "../users";
import { latest, latestText, rent, rentText, revert, revertText } from "./device";

/** The history's page, from the path: checked before the session, as the other parameters are. */
const historyPage = createMiddleware<{ Variables: { page: Page } }>(async (c, next) => {
  const length = v.safeParse(s.pageLength, c.req.param("page_length"));
  const index = v.safeParse(s.pageId, c.req.param("page_id"));
  if (!length.success || !index.success) throw invalidParam("page", "page_length and page_id must be integers");
  c.set("page", pageByIndex(length.output, index.output, s.HISTORY_MAX_PAGE_LENGTH));
  await next();
});

const statusText: RouteText = {
  summary: "The items the user holds now (with their due time)",
  description: "The items are also under rented, the original server's name (its /user/status and /user/rented answered alike).",
  reply: s.rentedReply,
  errors: COMMON,
};

/** What the user holds, at /user/status and the original server's /user/rented: the items also as `rented`, its name. */
const status = async (c: StudentContext<v.InferOutput<typeof s.callerParams>>) => {
  const [, rows] = await callerAnd(c, currentItemsQuery(c.var.db, c.var.params.userid));
  const items = presentCurrent(rows);
  return accepted(c, { items, rented: items });
};

const signupText: RouteText = {
  summary: "Sign up with a wx.login code; region, phone and email are optional",
  reply: s.sessionReply,
  errors: ["invalid request", "already signed up", "invalid code", "weixin: <errmsg>"],
};

const signupRoute = async (c: StudentContext<v.InferOutput<typeof s.signupParams>>) =>
  accepted(c, await signup(c.var.db, c.env, c.var.params.code, c.var.params));

/** /user/...: signing up, logging in, the profile, what the student holds and held, and the original server's renting paths. */
export function userRoutes(app: SportsApp) {
  app.on(METHODS, "/user/signup", doc(signupText), params(s.signupParams, "GET"), signupRoute);

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
    doc({
      summary: "The user's profile",
      description:
        "A POST carrying region, phone or email also updates them first, as the original server's POST /user/profile did (as /user/profile/update does); a GET never changes anything.",
      reply: s.profileReply,
      errors: COMMON,
    }),
    params(s.updateParams, "GET"),
    requireUser,
    async (c) => {
      const { region, phone, email } = c.var.params;
      const [me] = await callerAnd(c);
      const changes = c.req.method !== "GET" && (region !== undefined || phone !== undefined || email !== undefined);
      return accepted(c, presentProfile(changes ? await updateProfile(c.var.db, me.id, { region, phone, email }) : me));
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

  app.on(METHODS, "/user/status", doc(statusText), params(s.callerParams, "GET"), requireUser, status);

  app.on(
    METHODS,
    "/user/history/page_length/:page_length/page_id/:page_id",
    doc({
      summary: "One page of the rental history, newest first (page_id from 0)",
      description: `page_length is capped at ${s.HISTORY_MAX_PAGE_LENGTH}; a page past the end has no items; time_end is null while the item is out.`,
      reply: s.historyReply,
      errors: COMMON,
    }),
    params(s.callerParams, "GET"),
    historyPage,
    requireUser,
    async (c) => {
      const [, items] = await callerAnd(c, historyQuery(c.var.db, c.var.params.userid, c.var.page));
      return accepted(c, { items: presentHistory(items) });
    },
  );

  // The original server's paths (wayhoww/inshare.ts at 34342d6), where the document stops: the same code as
  // the documented routes, taking its names `uuid` (for userid) and `type_id` (for type) too.
  const uuid = "Takes the original server's uuid in place of userid.";

  app.on(
    METHODS,
    "/user/try_to_rent",
    aliasDoc("/device/try_to_rent", rentText, `${uuid} Takes its type_id in place of type.`),
    params(s.originalRentParams, "GET"),
    requireUser,
    rent,
  );

  app.on(
    METHODS,
    "/user/try_to_revert",
    aliasDoc("/device/try_to_revert", revertText, `${uuid} Its rent_item_uuid is not needed: a person holds one item.`),
    params(s.originalRevertParams, "GET"),
    requireUser,
    revert,
  );

  const latestNames = `${uuid} The reply also carries the original's names: latest_renting_or_reverting_status (the operation again) and renting_or_reverting (whether it is pending).`;
  for (const path of ["/user/latest_renting_or_reverting_status", "/user/renting_or_reverting"]) {
    app.on(
      METHODS,
      path,
      aliasDoc("/device/latest_renting_or_reverting_status", { ...latestText, reply: s.originalLatestReply }, latestNames),
      params(s.callerParams, "GET"),
      requireUser,
      latest("original"),
    );
  }

  app.on(
    METHODS,
    "/user/rented",
    aliasDoc("/user/status", { ...statusText, reply: s.rentedReply }, `${uuid} The items are also under rented, the original's name.`),
    params(s.callerParams, "GET"),
    requireUser,
    status,
  );

  app.on(METHODS, "/user/weixin_signup", aliasDoc("/user/signup", signupText), params(s.signupParams, "GET"), signupRoute);

  app.on(
    METHODS,
    "/user/uuid",
    doc({ summary: "The caller's userid (the original server's path), also as uuid", reply: s.uuidReply, errors: COMMON }),
    params(s.callerParams, "GET"),
    requireUser,
    async (c) => {
      const [me] = await callerAnd(c);
      return accepted(c, { userid: me.id, uuid: me.id });
    },
  );

  app.on(
    METHODS,
    "/user/history",
    doc({
      summary: "The rental history by skip and limit (the original server's path), newest first",
      description: `The same rentals as /user/history/page_length/{n}/page_id/{k}, under items and the original's name history; limit is capped at ${s.HISTORY_MAX_PAGE_LENGTH}.`,
      reply: s.originalHistoryReply,
      errors: COMMON,
    }),
    params(s.originalHistoryParams, "GET"),
    requireUser,
    async (c) => {
      const { userid, skip, limit } = c.var.params;
      const page = { limit: Math.min(limit, s.HISTORY_MAX_PAGE_LENGTH), offset: skip };
      const [, rows] = await callerAnd(c, historyQuery(c.var.db, userid, page));
      const items = presentHistory(rows);
      return accepted(c, { items, history: items });
    },
  );
}
