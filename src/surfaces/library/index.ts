import { type Context, Hono, type MiddlewareHandler } from "hono";
import { describeRoute, generateSpecs } from "hono-openapi";
import * as v from "valibot";
import pkg from "../../../package.json";
import type { AppEnv } from "../../env";
import { config, secret } from "../../platform/config";
import { AppError, invalidParam } from "../../platform/errors";
import { describe } from "../../platform/openapi";
import { linkedPage, pageOf } from "../../platform/paging";
import { params } from "../../platform/params";
import { parseLocal } from "../../platform/time";
import { code2session, wechatAppOf } from "../../platform/wechat/client";
import { WechatError } from "../../platform/wechat/errors";
import { bindLibrary, credentialOf, findUser, storeCredential, unbindLibrary, upsertUser } from "./accounts";
import { AlephSystem } from "./aleph";
import { currentSession, libraryEnvelope, ok, refuse, STATUS } from "./envelope";
import {
  addAdvise,
  listActivities,
  listAdvises,
  listNotices,
  listTrainings,
  presentActivity,
  presentAdvise,
  presentNotice,
  presentTraining,
} from "./notices";
import { addBookReminder, addTrainingReminder, cancelTrainingReminder } from "./reminders";
import { decryptPkcs1v15, loadPrivateKey } from "./rsa";
import * as s from "./schemas";
import { optionalSession, requireSession, resolveSession, startSession } from "./session";
import { type LibraryCredential, LibraryError, type LibrarySystem, LibraryUnavailable } from "./system";

/**
 * Document 000, mounted at /library. The shipped client calls every endpoint
 * with GET and a trailing slash; each path also answers without the slash
 * and to POST (POST /advise/ creates a complaint).
 */
export const libraryApp = new Hono<AppEnv>();
type C = Context<AppEnv>;

libraryApp.use("*", async (c, next) => {
  c.set("envelope", libraryEnvelope);
  await next();
});

const tags = ["000 library"];
const hidden = describeRoute({ hide: true });
const offset = (c: C) => config(c.env).LOCAL_UTC_OFFSET;
const session = (c: C) => currentSession(c)!;
type H = MiddlewareHandler<any>;
const paramsOf = <S extends v.GenericSchema>(c: C) => c.get("params" as never) as v.InferOutput<S>;
const register = (methods: string[], path: string, handlers: H[]) =>
  (libraryApp.on as unknown as (m: string[], p: string, ...h: H[]) => void)(methods, path, ...handlers);

/** The library system behind this deployment. */
export const librarySystem = (c: C): LibrarySystem => new AlephSystem(c.env);

/** Runs a library call, turning its refusals into status 6 and its outages into status 3. */
async function library<T>(c: C, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof LibraryError) throw new AppError("conflict", err.op, { code: STATUS.library, detail: err.detail });
    if (err instanceof LibraryUnavailable) {
      c.var.log("warn", "library system unavailable", { error: err.message });
      throw new AppError("upstream", "library system unavailable", { code: STATUS.network });
    }
    throw err;
  }
}

interface EndpointDoc<S extends v.GenericSchema> {
  summary: string;
  description?: string;
  params: S;
  reply: v.GenericSchema;
  /** The endpoint needs a valid session (status 4 without one, 1 with a bad one). */
  session?: boolean;
}

/** Registers `path/` (documented) and `path` (alias) for GET and POST. */
function endpoint<S extends v.GenericSchema>(path: string, doc: EndpointDoc<S>, handler: (c: C, p: v.InferOutput<S>) => Promise<Response>) {
  const methods = ["GET", "POST"];
  const sessionMw: H[] = doc.session ? [requireSession] : [];
  const documented = describe({
    tags,
    summary: doc.summary,
    description: doc.description,
    responses: { 200: ["status 0 with the fields below, or an error status (HTTP 200)", v.union([doc.reply, s.errorReply])] },
  });
  const run = (c: C) => handler(c, paramsOf<S>(c));
  const chain = (first: H): H[] => [first, ...sessionMw, params(doc.params, "ANY") as H, run as H];
  register(methods, `${path}/`, chain(documented));
  register(methods, path, chain(hidden));
}

const none = v.object({});

// ---- Service ----

endpoint("/test", { summary: "Liveness of the library surface", params: none, reply: s.reply({ version: v.string() }) }, async (c) =>
  ok(c, { version: pkg.version }),
);

libraryApp.get(
  "/schema",
  describe({ tags, summary: "This surface's part of the OpenAPI document", responses: { 200: ["OpenAPI 3.1 document"] } }),
  async (c) => c.json(await surfaceSchema()),
);
libraryApp.get("/schema/", hidden, async (c) => c.json(await surfaceSchema()));

async function surfaceSchema() {
  const spec = (await generateSpecs(libraryApp, {
    documentation: {
      openapi: "3.1.0",
      info: { title: "Campus Edge: library (document 000)", version: pkg.version },
    },
    exclude: ["/schema", "/schema/"],
  })) as { paths?: Record<string, unknown> };
  spec.paths = Object.fromEntries(Object.entries(spec.paths ?? {}).map(([p, item]) => [`/library${p}`, item]));
  return spec;
}

// ---- Accounts ----

async function wechatOpenid(c: C, code: string): Promise<string> {
  try {
    return (await code2session(c.env, wechatAppOf(c.env, "LIBRARY"), code)).openid;
  } catch (err) {
    if (!(err instanceof WechatError)) throw err;
    if (err.network) throw new AppError("upstream", "weixin unreachable", { code: STATUS.network });
    throw new AppError("upstream", err.errmsg || `weixin error ${err.errcode}`, { code: STATUS.wechat, detail: String(err.errcode) });
  }
}

endpoint(
  "/user/login",
  {
    summary: "Log in with a wx.login code and the WeChat profile",
    description: "Status 2 carries WeChat's errmsg in err_msg and its errcode.",
    params: s.loginParams,
    reply: s.reply({ libBind: v.boolean() }),
  },
  async (c, p) => {
    const { code, ...profile } = p;
    const openid = await wechatOpenid(c, code);
    const user = await upsertUser(c.var.db, openid, profile);
    await startSession(c, openid);
    return ok(c, { libBind: Boolean(user.libId) });
  },
);

endpoint(
  "/user/update_session",
  { summary: "Get a fresh session with a new wx.login code", params: s.updateSessionParams, reply: s.reply() },
  async (c, p) => {
    const openid = await wechatOpenid(c, p.code);
    if (!(await findUser(c.var.db, openid))) await upsertUser(c.var.db, openid, {});
    await startSession(c, openid);
    return ok(c);
  },
);

endpoint(
  "/user/vertify_session",
  {
    summary: "Whether the session is still valid (login false means: call user/login)",
    params: s.verifySessionParams,
    reply: s.reply({ login: v.boolean(), libBind: v.boolean() }),
  },
  async (c, p) => {
    const token = p.session?.trim();
    if (!token) throw new AppError("missing_param", "session is required", { field: "session" });
    const found = await resolveSession(c, token);
    const user = found ? await findUser(c.var.db, found.openid) : undefined;
    return ok(c, { login: Boolean(found && user), libBind: Boolean(user?.libId) });
  },
);

endpoint(
  "/user/bind_lib",
  {
    summary: "Bind a library card number (libuser/login also binds, with the password)",
    params: s.bindParams,
    reply: s.reply(),
    session: true,
  },
  async (c, p) => {
    if (!(await bindLibrary(c.var.db, session(c).openid, p.libId))) throw new AppError("unauthenticated", "no such user");
    return ok(c);
  },
);

endpoint(
  "/user/unbind_lib",
  { summary: "Unbind the library account and forget its password", params: s.sessionOnly, reply: s.reply(), session: true },
  async (c) => {
    await unbindLibrary(c.var.db, session(c).openid);
    return ok(c);
  },
);

endpoint(
  "/user/game_check_session",
  {
    summary: "Session check for the freshman game",
    params: s.sessionOnly,
    reply: s.reply({ libBind: v.boolean(), info: v.union([v.object({ libId: v.string(), openId: v.string() }), v.object({})]) }),
    session: true,
  },
  async (c) => {
    const user = await findUser(c.var.db, session(c).openid);
    const libId = user?.libId;
    return ok(c, { libBind: Boolean(libId), info: libId ? { libId, openId: session(c).openid } : {} });
  },
);

endpoint(
  "/libuser/public_key",
  {
    summary: "The RSA public key (SPKI PEM) to encrypt libPsw with, as JSEncrypt's setPublicKey takes it",
    params: none,
    reply: s.reply({ public_key: v.string() }),
  },
  async (c) => ok(c, { public_key: (await loadPrivateKey(secret(c.env, "LIBRARY_RSA_PRIVATE_KEY"))).publicPem }),
);

endpoint(
  "/libuser/login",
  {
    summary: "Log in to the library account (libPsw RSA-encrypted) and bind it",
    description: "Any failure to decrypt libPsw answers status 5 RSA_KEY_ERROR; a wrong password is status 6 from bor-auth.",
    params: s.libLoginParams,
    reply: s.reply({ user: s.patron }),
    session: true,
  },
  async (c, p) => {
    const key = await loadPrivateKey(secret(c.env, "LIBRARY_RSA_PRIVATE_KEY"));
    const password = decryptPkcs1v15(key, p.libPsw);
    if (password === null || password === "") throw new AppError("invalid_param", "RSA_KEY_ERROR", { code: STATUS.rsa });
    const cred = { borId: p.libId, verification: password };
    const user = await library(c, () => librarySystem(c).authenticate(cred));
    await storeCredential(c.var.db, c.env, session(c).openid, cred);
    return ok(c, { user });
  },
);

// ---- The library account ----

/** An endpoint acting as the user's library account. */

function libuser<S extends v.GenericSchema>(
  path: string,
  doc: Omit<EndpointDoc<S>, "session">,
  fn: (c: C, p: v.InferOutput<S>, system: LibrarySystem, cred: LibraryCredential) => Promise<Record<string, unknown>>,
) {
  endpoint(path, { ...doc, session: true }, async (c, p) => {
    const cred = await credentialOf(c.var.db, c.env, session(c).openid);
    return ok(c, await library(c, () => fn(c, p, librarySystem(c), cred)));
  });
}

/** The patron's own records, read as they are: one library call each. */
const reads = [
  ["bor_info", "The patron's record", s.patronInfo, (sys, cred) => sys.patronInfo(cred)],
  ["borrow_info", "Current loans", v.array(s.loan), (sys, cred) => sys.loans(cred)],
  ["hold_info", "Hold requests", v.array(s.hold), (sys, cred) => sys.holds(cred)],
  ["loan_history", "Returned loans", v.array(s.loan), (sys, cred) => sys.loanHistory(cred)],
  ["fine_info", "Fines and the balance", s.fines, (sys, cred) => sys.fines(cred)],
  ["visit_info", "Gate entries of the last 30 days", v.array(s.visit), (sys, cred) => sys.visits(cred)],
] as const satisfies ReadonlyArray<
  readonly [string, string, v.GenericSchema, (sys: LibrarySystem, cred: LibraryCredential) => Promise<unknown>]
>;

for (const [name, summary, result, read] of reads) {
  libuser(`/libuser/${name}`, { summary, params: s.sessionOnly, reply: s.reply({ result }) }, async (_c, _p, sys, cred) => ({
    result: await read(sys, cred),
  }));
}

libuser(
  "/libuser/update_email",
  { summary: "Change the patron's email", params: s.emailParams, reply: s.reply() },
  async (_c, p, sys, cred) => {
    await sys.updateContact(cred, { email: p.email });
    return {};
  },
);

libuser(
  "/libuser/update_telephone",
  { summary: "Change the patron's telephone", params: s.telParams, reply: s.reply() },
  async (_c, p, sys, cred) => {
    await sys.updateContact(cred, { telephone: p.tel });
    return {};
  },
);

endpoint(
  "/libuser/find",
  {
    summary: "Search the catalogue; returns a set to read with present",
    params: s.findParams,
    reply: s.reply({ result: s.searchSet }),
    session: true,
  },
  async (c, p) => ok(c, { result: await library(c, () => librarySystem(c).find(p.code, p.keyword)) }),
);

endpoint(
  "/libuser/present",
  {
    summary: "Ten records of a search set from `entry` on",
    params: s.presentParams,
    reply: s.reply({ result: v.array(s.book) }),
    session: true,
  },
  async (c, p) => ok(c, { result: await library(c, () => librarySystem(c).present(p.set_num, p.entry, 10)) }),
);

endpoint(
  "/libuser/book_detail",
  { summary: "A record with its copies", params: s.detailParams, reply: s.reply({ result: s.bookDetail }), session: true },
  async (c, p) => ok(c, { result: await library(c, () => librarySystem(c).bookDetail(p.doc_num.padStart(9, "0"))) }),
);

endpoint(
  "/libuser/bor_rank",
  { summary: "Most borrowed books (top 20)", params: s.rankParams, reply: s.reply({ result: v.array(s.rank) }), session: true },
  async (c, p) => ok(c, { result: await library(c, () => librarySystem(c).ranking({ lang: p.lang, category: p.category, time: p.time })) }),
);

const renewed = v.object({ due_date: v.string() });
libuser(
  "/libuser/renew",
  {
    summary: "Renew one of the patron's loans",
    description: "Refusals (renewal limit reached, requested by another patron, not on loan to you) are status 6.",
    params: s.renewParams,
    reply: s.reply({ result: renewed, reuslt: v.pipe(renewed, v.description("The same as result, under the document's spelling")) }),
  },
  async (_c, p, sys, cred) => {
    const result = await sys.renew(cred, p.bar_code);
    return { result, reuslt: result };
  },
);

libuser(
  "/libuser/hold_req",
  { summary: "Request a copy, to be picked up at WL, XX, GX or YX", params: s.holdParams, reply: s.reply({ result: s.hold }) },
  async (_c, p, sys, cred) => {
    const hold = await sys.placeHold(cred, p.bar_code, p.pickup);
    return { result: { ...hold, bar_code: hold.bar_code || p.bar_code } };
  },
);

libuser(
  "/libuser/hold_req_cancel",
  { summary: "Cancel one of the patron's hold requests", params: s.holdCancelParams, reply: s.reply() },
  async (_c, p, sys, cred) => {
    const target = {
      docNumber: p.doc_number.padStart(9, "0"),
      itemSequence: p.item_sequence.padStart(6, "0"),
      sequence: p.sequence.padStart(4, "0"),
    };
    const mine = await sys.holds(cred);
    const owned = mine.some(
      (h) => h.doc_number === target.docNumber && h.item_sequence === target.itemSequence && h.sequence === target.sequence,
    );
    if (!owned) throw refuse("hold-req-cancel", "预约记录不存在");
    await sys.cancelHold(cred, target);
    return {};
  },
);

// ---- Notices ----

const listDoc = (summary: string, item: v.GenericSchema) =>
  describe({ tags, summary, responses: { 200: ["a page of 10 (limit/offset)", s.paged(item)] } });

function list<S extends v.GenericSchema>(
  path: string,
  summary: string,
  item: v.GenericSchema,
  schema: S,
  sessionMw: H[],
  fn: (c: C, p: v.InferOutput<S>) => Promise<Response>,
) {
  const run = (c: C) => fn(c, paramsOf<S>(c));
  register(["GET"], `${path}/`, [listDoc(summary, item), ...sessionMw, params(schema, "GET") as H, run as H]);
  register(["GET"], path, [hidden, ...sessionMw, params(schema, "GET") as H, run as H]);
}

const withSession = (c: C, body: Record<string, unknown>) => {
  const current = currentSession(c);
  return current ? { ...body, session: current.token } : body;
};

list("/notice", "Notices, newest first, by type", s.notice, s.noticeListParams, [], async (c, p) => {
  const page = pageOf(p.limit, p.offset);
  const { total, rows } = await listNotices(c.var.db, page, p.type);
  return c.json(
    linkedPage(
      c.req.url,
      page,
      total,
      rows.map((n) => presentNotice(n, offset(c))),
    ),
  );
});

list(
  "/training",
  "Trainings by type; with a session, only the user's sign-ups",
  s.training,
  s.trainingListParams,
  [optionalSession],
  async (c, p) => {
    const page = pageOf(p.limit, p.offset);
    const openid = currentSession(c)?.openid;
    const { total, rows, remind } = await listTrainings(c.var.db, page, p.type, openid);
    const results = rows.map((t) => ({ ...presentTraining(t, offset(c)), ...(openid ? { remindText: remind.get(t.id) ?? "" } : {}) }));
    return c.json(withSession(c, linkedPage(c.req.url, page, total, results)));
  },
);

list("/activity", "Activities, latest first", s.activity, s.pageParams, [], async (c, p) => {
  const page = pageOf(p.limit, p.offset);
  const { total, rows } = await listActivities(c.var.db, page);
  return c.json(
    linkedPage(
      c.req.url,
      page,
      total,
      rows.map((a) => presentActivity(a, offset(c))),
    ),
  );
});

list("/advise", "Complaints, newest first (phone numbers masked)", s.advise, s.pageParams, [], async (c, p) => {
  const page = pageOf(p.limit, p.offset);
  const { total, rows } = await listAdvises(c.var.db, page);
  return c.json(
    linkedPage(
      c.req.url,
      page,
      total,
      rows.map((a) => presentAdvise(a, offset(c))),
    ),
  );
});

const postAdvise = async (c: C) => {
  const p = paramsOf<typeof s.adviseParams>(c);
  const publishTime = p.publishTime ? parseLocal(p.publishTime, offset(c)) : Date.now();
  if (publishTime === null) throw invalidParam("publishTime", "publishTime must be YYYY-MM-DD HH:mm:ss");
  const row = await addAdvise(c.var.db, { openid: currentSession(c)?.openid ?? null, tel: p.tel, contents: p.contents, publishTime });
  return ok(c, presentAdvise(row, offset(c), false));
};
const adviseDoc = describe({
  tags,
  summary: "Submit a complaint (JSON body)",
  responses: { 200: ["the stored complaint", v.union([s.reply(s.advise.entries), s.errorReply])] },
});
register(["POST"], "/advise/", [adviseDoc, optionalSession, params(s.adviseParams, "POST") as H, postAdvise as H]);
register(["POST"], "/advise", [hidden, optionalSession, params(s.adviseParams, "POST") as H, postAdvise as H]);

// ---- Reminders ----

endpoint(
  "/training/add_training_reminder",
  {
    summary: "Sign up for a training starting within 7 days; a subscribe message reminds the user an hour before",
    description: "formId is accepted but template messages are retired: the reminder is a subscribe message.",
    params: s.trainingReminderParams,
    reply: s.reply(),
    session: true,
  },
  async (c, p) => {
    await addTrainingReminder(c.var.db, c.env, session(c).openid, p);
    return ok(c);
  },
);

endpoint(
  "/training/cancel_training_reminder",
  { summary: "Withdraw the user's sign-up and its reminder", params: s.cancelTrainingParams, reply: s.reply(), session: true },
  async (c, p) => {
    await cancelTrainingReminder(c.var.db, session(c).openid, p.trainId);
    return ok(c);
  },
);

endpoint(
  "/user/add_book_reminder",
  {
    summary: "Remind the user of a book due within 7 days (09:00 the day before)",
    description: "formId is accepted but template messages are retired: the reminder is a subscribe message.",
    params: s.bookReminderParams,
    reply: s.reply(),
    session: true,
  },
  async (c, p) => {
    await addBookReminder(c.var.db, c.env, session(c).openid, p);
    return ok(c);
  },
);
