import * as v from "valibot";
import { callerAnd } from "../../../platform/caller";
import { config } from "../../../platform/config";
import { AppError } from "../../../platform/errors";
import { describe } from "../../../platform/openapi";
import { params } from "../../../platform/params";
import { code2session, wechatAppOf } from "../../../platform/wechat/client";
import { WechatError } from "../../../platform/wechat/errors";
import { requireCaller, type ServiceCaller } from "../auth";
import { handOut } from "../credential";
import { ok } from "../envelope";
import type { ServiceApp } from "../index";
import * as s from "../schemas";
import { addHistory, cleanHistory, historyOf, present, registerOrRefresh, updateProfile } from "../users";

const tags = ["002 user service"];
const doc = (summary: string, reply: v.GenericSchema, codes: string) =>
  describe({ tags, summary, description: `Error codes: ${codes}`, responses: { 200: [`code 0, or ${codes}`, reply] } });

/** The caller's own record; `missingCode` is the endpoint's documented "no such user" code. */
function registered(caller: ServiceCaller, missingCode: number, message: string) {
  if (!caller.record) throw new AppError("not_found", message, { code: missingCode });
  return caller.record;
}

/** /service/user/...: the user's record, its handle and its search history. */
export function userRoutes(app: ServiceApp) {
  app.post(
    "/login",
    doc(
      "Register (or refresh) the user; returns the record with a handle in `openid`",
      s.userReply,
      "-1 invalid parameters, -2 other error",
    ),
    params(s.loginParams, "POST"),
    requireCaller,
    async (c) => {
      const { openid: _handle, ...profile } = c.var.params;
      const [{ cred }] = await callerAnd(c);
      const user = await registerOrRefresh(c.var.db, cred.openid, profile);
      const handle = cred.raw ? await handOut(c.var.db, c.env, cred.openid) : cred.handle;
      return ok(c, present(user, handle, config(c.env).LOCAL_UTC_OFFSET));
    },
  );

  app.post(
    "/getOpenid",
    doc(
      "Exchange a wx.login code for the handle that stands for the user's openid",
      s.openidReply,
      "-1 invalid parameters, -2 WeChat refused the code",
    ),
    params(s.getOpenidParams, "POST"),
    async (c) => {
      let openid: string;
      try {
        ({ openid } = await code2session(c.env, wechatAppOf(c.env, "SERVICE"), c.var.params.js_code));
      } catch (err) {
        if (err instanceof WechatError) throw new AppError("upstream", err.message, { code: -2 });
        throw err;
      }
      return ok(c, { openid: await handOut(c.var.db, c.env, openid) });
    },
  );

  app.post(
    "/loginByOpenid",
    doc("Log in with the handle; -2 means not registered yet (call login)", s.userReply, "-1 invalid parameters, -2 no such user"),
    params(s.openidParams, "POST"),
    requireCaller,
    async (c) => {
      const [me] = await callerAnd(c);
      return ok(c, present(registered(me, -2, "user not found, call login"), me.cred.handle, config(c.env).LOCAL_UTC_OFFSET));
    },
  );

  app.post(
    "/get",
    doc("The user's record", s.userReply, "-1 invalid parameters, -3 other error, -4 no such user"),
    params(s.openidParams, "POST"),
    requireCaller,
    async (c) => {
      const [me] = await callerAnd(c);
      return ok(c, present(registered(me, -4, "user not found"), me.cred.handle, config(c.env).LOCAL_UTC_OFFSET));
    },
  );

  app.post(
    "/update",
    doc(
      'Update phone, qq, cardno or wxid; `update` is a JSON string such as {"phone":"13333333333"}',
      s.emptyReply,
      "-1 invalid parameters, -2 other error (no such user), -3 update is not valid JSON, -4 update holds unknown fields or invalid values",
    ),
    params(s.updateParams, "POST"),
    requireCaller,
    async (c) => {
      let parsed: unknown = c.var.params.update;
      if (typeof parsed === "string") {
        try {
          parsed = JSON.parse(parsed);
        } catch {
          throw new AppError("invalid_param", "update is not valid JSON", { field: "update", code: -3 });
        }
      }
      const changes = v.safeParse(s.updatableFields, parsed);
      if (!changes.success || Object.keys(changes.output).length === 0) {
        const why = changes.success ? "update holds no field" : `update: ${changes.issues[0].message}`;
        throw new AppError("invalid_param", why, { field: "update", code: -4 });
      }
      const [me] = await callerAnd(c);
      if (!(await updateProfile(c.var.db, me.cred.openid, changes.output))) {
        throw new AppError("not_found", "user not found", { code: -2 });
      }
      return ok(c, []);
    },
  );

  app.post(
    "/addHistory",
    doc("Add a search to the history (newest first, at most 6, no duplicates)", s.historyReply, "-1 invalid parameters, -2 no such user"),
    params(s.addHistoryParams, "POST"),
    requireCaller,
    async (c) => {
      const [me] = await callerAnd(c);
      return ok(c, await addHistory(c.var.db, me.cred.openid, c.var.params.hist));
    },
  );

  app.post(
    "/getHistory",
    doc("The search history, newest first", s.historyReply, "-1 invalid parameters, -2 no such user"),
    params(s.openidParams, "POST"),
    requireCaller,
    async (c) => {
      const [me] = await callerAnd(c);
      return ok(c, historyOf(me.record));
    },
  );

  app.post(
    "/cleanHistory",
    doc("Clear the search history", s.emptyReply, "-1 invalid parameters, -2 no such user"),
    params(s.openidParams, "POST"),
    requireCaller,
    async (c) => {
      const [me] = await callerAnd(c);
      await cleanHistory(c.var.db, me.cred.openid);
      return ok(c, []);
    },
  );
}
