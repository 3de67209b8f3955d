import { type Context, Hono, type MiddlewareHandler } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../../env";
import { invalidParam } from "../../platform/errors";
import { describe } from "../../platform/openapi";
import { pageByIndex } from "../../platform/paging";
import { params } from "../../platform/params";
import { cabinetApp } from "./cabinet";
import { listDevices } from "./devices";
import { accepted, sportsEnvelope } from "./envelope";
import { latestOperation, tryRent, tryRevert } from "./renting";
import * as s from "./schemas";
import { authenticate, currentItems, history, login, presentProfile, signup, updateProfile } from "./users";

/** Document 003 (sports equipment sharing) with CONTRACT section 4, mounted at /sports. */
export const sportsApp = new Hono<AppEnv>();

sportsApp.use("*", async (c, next) => {
  c.set("envelope", sportsEnvelope);
  await next();
});

sportsApp.route("/cabinet", cabinetApp);

const tags = ["003 sports equipment sharing"];
const COMMON = ["invalid request", "invalid userid", "invalid session_id"];

interface Doc {
  summary: string;
  description?: string;
  reply: v.GenericSchema;
  errors: string[];
}

/**
 * A student endpoint: GET as documented, POST (JSON or form) too, with and
 * without a trailing slash. Only the GET form is listed in /openapi.json.
 */
function endpoint<S extends v.GenericSchema>(
  path: string,
  doc: Doc,
  schema: S,
  handler: (c: Context<AppEnv>, p: v.InferOutput<S>) => Promise<Response>,
) {
  const validate = params(schema, "GET") as unknown as MiddlewareHandler<AppEnv>;
  const plain: MiddlewareHandler<AppEnv> = (c, next) => validate(c, next);
  const run = (c: Context<AppEnv>) => handler(c, c.get("params" as never));
  const description = [
    doc.description,
    doc.errors.length ? `Errors (\`status\`): ${doc.errors.map((e) => `"error: ${e}"`).join(", ")}.` : "",
    "Parameters may also be POSTed as JSON or form fields; a trailing slash is accepted.",
  ]
    .filter(Boolean)
    .join("\n\n");
  sportsApp.get(
    path,
    describe({ tags, summary: doc.summary, description, responses: { 200: ['"accepted" or an error', doc.reply] } }),
    validate,
    run,
  );
  sportsApp.post(path, plain, run);
  sportsApp.on(["GET", "POST"], `${path}/`, plain, run);
}

endpoint(
  "/user/signup",
  {
    summary: "Sign up with a wx.login code; region, phone and email are optional",
    reply: s.sessionReply,
    errors: ["invalid request", "already signed up", "invalid code", "weixin: <errmsg>"],
  },
  s.signupParams,
  async (c, p) => accepted(c, await signup(c.var.db, c.env, p.code, p)),
);

endpoint(
  "/user/login",
  {
    summary: "Log in with a wx.login code",
    description: "client_session_id expires after SPORTS_SESSION_TTL_SECONDS (default 7200 s).",
    reply: s.sessionReply,
    errors: ["invalid request", "user not exists", "invalid code", "weixin: <errmsg>"],
  },
  s.loginParams,
  async (c, p) => accepted(c, await login(c.var.db, c.env, p.code)),
);

endpoint("/user/profile", { summary: "The user's profile", reply: s.profileReply, errors: COMMON }, s.authParams, async (c, p) =>
  accepted(c, presentProfile(await authenticate(c.var.db, c.env, p.userid, p.client_session_id))),
);

endpoint(
  "/user/profile/update",
  {
    summary: "Update region, phone and/or email; returns the updated profile",
    description: "Send only the fields to change; an empty string clears one. A phone number is required before renting.",
    reply: s.profileReply,
    errors: COMMON,
  },
  s.updateParams,
  async (c, p) => {
    const user = await authenticate(c.var.db, c.env, p.userid, p.client_session_id);
    const { region, phone, email } = p;
    if (region === undefined && phone === undefined && email === undefined) throw invalidParam("profile", "nothing to update");
    return accepted(c, presentProfile(await updateProfile(c.var.db, user.id, { region, phone, email })));
  },
);

endpoint(
  "/user/status",
  { summary: "The items the user holds now (with their due time)", reply: s.statusItemsReply, errors: COMMON },
  s.authParams,
  async (c, p) => {
    const user = await authenticate(c.var.db, c.env, p.userid, p.client_session_id);
    return accepted(c, { items: await currentItems(c.var.db, user.id) });
  },
);

endpoint(
  "/user/history/page_length/:page_length/page_id/:page_id",
  {
    summary: "One page of the rental history, newest first (page_id from 0)",
    description: `page_length is capped at ${s.HISTORY_MAX_PAGE_LENGTH}; a page past the end has no items; time_end is null while the item is out.`,
    reply: s.historyReply,
    errors: COMMON,
  },
  s.authParams,
  async (c, p) => {
    const length = v.safeParse(s.pageLength, c.req.param("page_length"));
    const index = v.safeParse(s.pageId, c.req.param("page_id"));
    if (!length.success || !index.success) throw invalidParam("page", "page_length and page_id must be integers");
    const user = await authenticate(c.var.db, c.env, p.userid, p.client_session_id);
    const page = pageByIndex(length.output, index.output, s.HISTORY_MAX_PAGE_LENGTH);
    return accepted(c, { items: await history(c.var.db, user.id, page) });
  },
);

endpoint(
  "/device/list",
  {
    summary: "Cabinets with online state, the codes they show and items available per type (no session needed)",
    reply: s.deviceListReply,
    errors: [],
  },
  v.object({}),
  async (c) => accepted(c, { devices: await listDevices(c.var.db) }),
);

endpoint(
  "/device/try_to_rent",
  {
    summary: "Ask a cabinet to open a door on an item of a type",
    description:
      "Accepted once the door-open command is queued; follow it with latest_renting_or_reverting_status. One item per person across all cabinets; an overdue renter cannot rent until the item is back.",
    reply: s.operationReply,
    errors: [
      ...COMMON,
      "invalid device_id",
      "phone required",
      "already renting",
      "invalid verification code",
      "device offline",
      "no item available",
    ],
  },
  s.rentParams,
  async (c, p) => {
    const user = await authenticate(c.var.db, c.env, p.userid, p.client_session_id);
    return accepted(c, { operation_id: await tryRent(c.var.db, c.env, user, p) });
  },
);

endpoint(
  "/device/try_to_revert",
  {
    summary: "Ask a cabinet to open an empty slot to put the rented item back",
    reply: s.operationReply,
    errors: [
      ...COMMON,
      "invalid device_id",
      "not renting",
      "invalid verification code",
      "device offline",
      "no empty slot",
      "operation pending",
    ],
  },
  s.revertParams,
  async (c, p) => {
    const user = await authenticate(c.var.db, c.env, p.userid, p.client_session_id);
    return accepted(c, { operation_id: await tryRevert(c.var.db, c.env, user, p) });
  },
);

endpoint(
  "/device/latest_renting_or_reverting_status",
  {
    summary: "The user's latest rent or revert and its outcome (operation null when none)",
    description:
      "state pending until the cabinet reports; failed with reason not taken, wrong item, door jammed or timeout (30 s). A late report still wins.",
    reply: s.latestReply,
    errors: COMMON,
  },
  s.authParams,
  async (c, p) => {
    const user = await authenticate(c.var.db, c.env, p.userid, p.client_session_id);
    return accepted(c, { operation: await latestOperation(c.var.db, user.id) });
  },
);
