import * as v from "valibot";
import { AppError } from "../../../platform/errors";
import { params } from "../../../platform/params";
import { bindLibrary, findUser, unbindLibrary, upsertUser } from "../accounts";
import { optionalPatron, requirePatron, requireSession } from "../auth";
import { endpoint, GET_POST, RETIRED_FORM_ID } from "../docs";
import { ok } from "../envelope";
import type { LibraryApp } from "../index";
import { addBookReminder } from "../reminders";
import * as s from "../schemas";
import { startSession } from "../sessions";
import { wechatOpenid } from "../wechat-login";

/** /user/...: WeChat login, sessions, binding the library card, the book reminder. */
export function userRoutes(app: LibraryApp) {
  app.on(
    GET_POST,
    "/user/login",
    endpoint(
      "Log in with a wx.login code and the WeChat profile",
      s.reply({ libBind: v.boolean() }),
      "Status 2 carries WeChat's errmsg in err_msg and its errcode.",
    ),
    params(s.loginParams),
    async (c) => {
      const { code, ...profile } = c.var.params;
      const openid = await wechatOpenid(c.env, code);
      const user = await upsertUser(c.var.db, openid, profile);
      c.set("user", await startSession(c.var.db, c.env, openid));
      return ok(c, { libBind: Boolean(user.libId) });
    },
  );

  app.on(
    GET_POST,
    "/user/update_session",
    endpoint("Get a fresh session with a new wx.login code", s.reply()),
    params(s.updateSessionParams),
    async (c) => {
      const openid = await wechatOpenid(c.env, c.var.params.code);
      if (!(await findUser(c.var.db, openid))) await upsertUser(c.var.db, openid, {});
      c.set("user", await startSession(c.var.db, c.env, openid));
      return ok(c);
    },
  );

  app.on(
    GET_POST,
    "/user/vertify_session",
    endpoint(
      "Whether the session is still valid: login true with its libBind, or status 1 LOGIN_FAILED (as the original answered an unknown session: the client then sends its user to log in)",
      s.reply({ login: v.boolean(), libBind: v.boolean() }),
    ),
    optionalPatron,
    params(s.verifySessionParams),
    async (c) => {
      if (!c.var.params.session?.trim()) throw new AppError("missing_param", "session is required", { field: "session" });
      const session = c.var.user;
      // The account comes with the session (one batch); without a user row it is read again to be sure.
      const user = session ? (session.account ?? (await findUser(c.var.db, session.openid))) : undefined;
      if (!user) throw new AppError("unauthenticated", "the session is not valid");
      return ok(c, { login: true, libBind: Boolean(user.libId) });
    },
  );

  app.on(
    GET_POST,
    "/user/bind_lib",
    endpoint("Bind a library card number (libuser/login also binds, with the password)", s.reply()),
    requireSession,
    params(s.bindParams),
    async (c) => {
      if (!(await bindLibrary(c.var.db, c.var.user.openid, c.var.params.libId))) throw new AppError("unauthenticated", "no such user");
      return ok(c);
    },
  );

  app.on(
    GET_POST,
    "/user/unbind_lib",
    endpoint("Unbind the library account and forget its password", s.reply()),
    requireSession,
    params(s.sessionOnly),
    async (c) => {
      await unbindLibrary(c.var.db, c.var.user.openid);
      return ok(c);
    },
  );

  app.on(
    GET_POST,
    "/user/game_check_session",
    endpoint(
      "Session check for the freshman game",
      s.reply({ libBind: v.boolean(), info: v.union([v.object({ libId: v.string(), openId: v.string() }), v.object({})]) }),
    ),
    requirePatron,
    params(s.sessionOnly),
    async (c) => {
      const { openid, account } = c.var.user;
      const libId = account?.libId;
      return ok(c, { libBind: Boolean(libId), info: libId ? { libId, openId: openid } : {} });
    },
  );

  app.on(
    GET_POST,
    "/user/add_book_reminder",
    endpoint("Remind the user of a book due within 7 days (09:00 the day before)", s.reply(), RETIRED_FORM_ID),
    requireSession,
    params(s.bookReminderParams),
    async (c) => {
      await addBookReminder(c.var.db, c.env, c.var.user.openid, c.var.params);
      return ok(c);
    },
  );
}
