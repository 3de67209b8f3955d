import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type * as v from "valibot";
import type { AppEnv, Bindings } from "../../env";
import { AppError, invalidParam, missingParam } from "../../platform/errors";
import { describe } from "../../platform/openapi";
import { params, readParams } from "../../platform/params";
import { createSurface, type SurfaceEnv } from "../../platform/surface";
import { autologin, changeNickname, changePassword, login, type Outcome, register, register2, validNickname } from "./accounts";
import { type JhCaller, requireCredit, resolveCredit } from "./auth";
import { bindingsOf, bindJh, bindZf } from "./bind";
import { jhEnvelope, ok, refuse } from "./envelope";
import { HttpJhUpstream } from "./http-upstream";
import { baseInfo, bindInfo } from "./info";
import { MSG } from "./messages";
import * as s from "./schemas";
import { setInfo } from "./setinfo";
import { findUsers, parseQuery, publicInfo, publicMd5 } from "./shared";
import { cachedTerms } from "./term-cache";
import { campusToday, termOn, zfTermOf } from "./time";
import type { JhUpstream } from "./upstream";

/**
 * Document 004, mounted at /jh. Clients POST form-encoded (JSON and query
 * parameters work too; names are read without regard to case, as the
 * original did). Every answer is HTTP 200 with {code, msg, data}.
 */
export const jh = createSurface<SurfaceEnv<JhCaller>>({ prefix: "/jh", envelope: jhEnvelope });
const app = jh.app;
const tags = ["004 精弘 accounts"];

const send = (c: Context, outcome: Outcome) => ok(c, outcome.msg, outcome.data);
/** The campus upstreams behind this deployment. */
const upstreamOf = (env: Bindings): JhUpstream => new HttpJhUpstream(env);
const doc = (summary: string, description: string, reply: v.GenericSchema) =>
  describe({ tags, summary, description, responses: { 200: ["HTTP 200 always; `code` and `msg` say what happened", reply] } });

/** Parameter names are read without regard to case, as the original server read them. */
const lowerCaseNames = createMiddleware<AppEnv>(async (c, next) => {
  const raw = await readParams(c);
  c.set("rawParams", Object.fromEntries(Object.entries(raw).map(([k, value]) => [k.toLowerCase(), value])));
  await next();
});
app.use(lowerCaseNames);

for (const path of ["/api/user", "/api/bind", "/api/getinfo", "/api/shared", "/api/setinfo"]) {
  app.get(
    path,
    describe({
      tags,
      summary: `GET ${path} is refused`,
      description: "The document forbids GET here: POST the parameters.",
      responses: { 200: ['{"code":405,"msg":"Get方法已禁止。","data":null}', s.refusedReply] },
    }),
    params(s.noParams, "GET"),
    () => {
      throw new AppError("method_not_allowed", "GET is forbidden");
    },
  );
}

app.post(
  "/api/user",
  doc(
    "Accounts, by `method`: register, register2, login, autologin, changepw (or changpw), changenickname, wejhlogin",
    "Each `method` takes its own fields (see the request schema: one alternative per method, with its messages). A missing field or an unknown method is 400 无效的访问。; a present but empty one gets the method's 403 message.",
    s.userReply,
  ),
  params(s.userParams, "POST"),
  async (c) => {
    const p = c.var.params;
    const db = c.var.db;
    switch (p.method) {
      case "register":
        return send(c, await register(db, p));
      case "register2":
        return send(c, await register2(db, p));
      case "login":
        return send(c, await login(db, c.env, p));
      case "autologin":
        return send(c, await autologin(db, c.env, p));
      case "changepw":
      case "changpw":
        return send(c, await changePassword(db, c.env, p));
      case "changenickname": {
        if (!p.credit || !p.nickname) throw refuse(MSG.changenicknameEmpty);
        if (!validNickname(p.nickname)) throw refuse(MSG.nicknameLength);
        const { user } = await resolveCredit(db, c.env, p.credit);
        return send(c, await changeNickname(db, user, p.nickname));
      }
      case "wejhlogin":
        throw refuse(MSG.retired);
    }
  },
);

app.post(
  "/api/bind",
  doc(
    "Bind the 精弘 passport (jh) or 正方 (zfedu)",
    [
      `jh: pid (student number) and password, checked with the 精弘 passport: ${[MSG.bindJhEmpty, MSG.unregistered, MSG.bindJhFailed, MSG.boundJh].join("; ")}.`,
      `zfedu: password; needs a jh binding, which is checked again first: ${[MSG.noJhBinding, MSG.passwordEmpty, MSG.rebindJh, MSG.bindZfFailed, MSG.boundZf].join("; ")}.`,
      `lib, card, ycedu: ${MSG.inDevelopment}. Other bindnames: 402 ${MSG.bindType}. A bad credit: ${MSG.creditInvalid}.`,
      `A slow or unreachable upstream: 403 ${MSG.upstreamTimeout("精弘用户中心")} / ${MSG.upstreamDown("正方教务")}; a failed attempt leaves an existing binding as it was.`,
    ].join(" "),
    s.bindReply,
  ),
  params(s.bindParams, "POST"),
  requireCredit,
  async (c) => {
    const p = c.var.params;
    const { user } = c.var.user;
    switch (p.bindname) {
      case "jh":
        if (p.pid === undefined) throw missingParam("pid");
        if (p.password === undefined) throw missingParam("password");
        return send(c, await bindJh(c.var.db, c.env, upstreamOf(c.env), user, { pid: p.pid, password: p.password }));
      case "zfedu": {
        if (p.password === undefined) throw missingParam("password");
        const term = zfTermOf(await cachedTerms(c.var.db), campusToday(c.env));
        return send(c, await bindZf(c.var.db, c.env, upstreamOf(c.env), user, { password: p.password, term }));
      }
      case "lib":
      case "card":
      case "ycedu":
        throw refuse(MSG.inDevelopment);
      default:
        throw refuse(MSG.bindType, 402);
    }
  },
);

app.post(
  "/api/getinfo",
  doc(
    "The caller's bindings (type=bind) or base information (type=base)",
    `bind: jh, lib, zfedu, ycedu, card in that order, {bindname, pid, state} (pid only for jh). base: username, nickname, usertype, portrait, email, phone, permission_msgboard. ${MSG.got}; another type: ${MSG.noSuchType}; a bad credit: ${MSG.creditInvalid}.`,
    s.getinfoReply,
  ),
  params(s.getinfoParams, "POST"),
  requireCredit,
  async (c) => {
    const { user } = c.var.user;
    if (c.var.params.type === "bind") return ok(c, MSG.got, bindInfo(await bindingsOf(c.var.db, user.id)));
    if (c.var.params.type === "base") return ok(c, MSG.got, await baseInfo(c.env, user));
    throw refuse(MSG.noSuchType);
  },
);

app.post(
  "/api/shared",
  doc(
    "Public information of users (type=user) or its MD5 (type=usermd5)",
    `query is a JSON array of usernames; unknown ones are skipped. user: [{username, nickname, usertype, portrait}]; usermd5: [{username, md5}], md5 being the upper-case MD5 of the compact JSON of that user's object, to tell when to fetch again. ${MSG.gotShared}; none known: ${MSG.noSuchUser}.`,
    s.sharedReply,
  ),
  params(s.sharedParams, "POST"),
  async (c) => {
    const { type, query } = c.var.params;
    if (type !== "user" && type !== "usermd5") throw invalidParam("type", "type must be user or usermd5");
    const names = parseQuery(query);
    if (!names) throw invalidParam("query", "query must be a JSON array of at most 50 usernames");
    const users = await findUsers(c.var.db, names);
    if (users.length === 0) throw refuse(MSG.noSuchUser);
    const data =
      type === "user"
        ? await Promise.all(users.map((u) => publicInfo(c.env, u)))
        : await Promise.all(users.map(async (u) => ({ username: u.username, md5: await publicMd5(c.var.db, c.env, u) })));
    return ok(c, MSG.gotShared, data);
  },
);

app.post(
  "/api/setinfo",
  doc(
    "Set email, portrait and phone (any of them)",
    `Every field sent is handled: e_email, e_portrait, e_phone are 2 changed, 1 refused (a malformed email or phone; a portrait that is not hex of a JPEG or PNG, or over 256 KiB), 0 not sent. ${MSG.infoSet}; a bad credit: ${MSG.creditInvalid}.`,
    s.setinfoReply,
  ),
  params(s.setinfoParams, "POST"),
  requireCredit,
  async (c) => {
    const { email, portrait, phone } = c.var.params;
    return ok(c, MSG.infoSet, await setInfo(c.var.db, c.env, c.var.user.user, { email, portrait, phone }));
  },
);

app.get(
  "/api/time",
  doc(
    "The current term, its week and weekday (campus time)",
    "From the term calendar operators manage: term 3 first, 12 second, 16 short; week 1 starts on `begin`; dayofweek Sunday 0. Between two terms: the next one with week 0. Before the first term or after the last: data null.",
    s.timeReply,
  ),
  params(s.noParams, "GET"),
  async (c) => ok(c, MSG.gotTime, termOn(await cachedTerms(c.var.db), campusToday(c.env))),
);
