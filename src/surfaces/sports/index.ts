import { createMiddleware } from "hono/factory";
import * as v from "valibot";
import { invalidParam } from "../../platform/errors";
import { describe } from "../../platform/openapi";
import { type Page, pageByIndex } from "../../platform/paging";
import { params } from "../../platform/params";
import { createSurface } from "../../platform/surface";
import { requireUser, type SportsCaller } from "./auth";
import { cabinet } from "./cabinet";
import { listDevices } from "./devices";
import { accepted, sportsEnvelope } from "./envelope";
import { PREFIX } from "./name";
import { latestOperation, tryRent, tryRevert } from "./renting";
import * as s from "./schemas";
import { currentItems, history, login, presentProfile, profileOf, signup, updateProfile } from "./users";

/**
 * Document 003 (sports equipment sharing) with CONTRACT section 4, mounted
 * at /sports. Every student endpoint answers GET as documented and POST
 * (JSON or form) too; a trailing slash is accepted.
 */
export const sports = createSurface<SportsCaller>({ prefix: PREFIX, envelope: sportsEnvelope });
const app = sports.app;

app.route("/cabinet", cabinet.app);

const tags = ["003 sports equipment sharing"];
const COMMON = ["invalid request", "invalid userid", "invalid session_id"];
const METHODS = ["GET", "POST"];

/** The route's OpenAPI entry, its errors listed in the document's words. */
function doc(d: { summary: string; description?: string; reply: v.GenericSchema; errors: string[] }) {
  const description = [
    d.description,
    d.errors.length ? `Errors (\`status\`): ${d.errors.map((e) => `"error: ${e}"`).join(", ")}.` : "",
    "Parameters may also be POSTed as JSON or form fields; a trailing slash is accepted.",
  ]
    .filter(Boolean)
    .join("\n\n");
  return describe({ tags, summary: d.summary, description, responses: { 200: ['"accepted" or an error', d.reply] } });
}

/** The history's page, from the path: checked before the session, as the other parameters are. */
const historyPage = createMiddleware<{ Variables: { page: Page } }>(async (c, next) => {
  const length = v.safeParse(s.pageLength, c.req.param("page_length"));
  const index = v.safeParse(s.pageId, c.req.param("page_id"));
  if (!length.success || !index.success) throw invalidParam("page", "page_length and page_id must be integers");
  c.set("page", pageByIndex(length.output, index.output, s.HISTORY_MAX_PAGE_LENGTH));
  await next();
});

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
  async (c) => accepted(c, presentProfile(await profileOf(c.var.db, c.var.user.id))),
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
    return accepted(c, presentProfile(await updateProfile(c.var.db, c.var.user.id, { region, phone, email })));
  },
);

app.on(
  METHODS,
  "/user/status",
  doc({ summary: "The items the user holds now (with their due time)", reply: s.statusItemsReply, errors: COMMON }),
  params(s.authParams, "GET"),
  requireUser,
  async (c) => accepted(c, { items: await currentItems(c.var.db, c.var.user.id) }),
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
  async (c) => accepted(c, { items: await history(c.var.db, c.var.user.id, c.var.page) }),
);

app.on(
  METHODS,
  "/device/list",
  doc({
    summary: "Cabinets with online state, the codes they show and items available per type (no session needed)",
    reply: s.deviceListReply,
    errors: [],
  }),
  params(v.object({}), "GET"),
  async (c) => accepted(c, { devices: await listDevices(c.var.db) }),
);

app.on(
  METHODS,
  "/device/try_to_rent",
  doc({
    summary: "Ask a cabinet to open a door on an item of a type",
    description:
      "Accepted once the door-open command is queued; follow it with latest_renting_or_reverting_status. One item per person across all cabinets; an overdue renter cannot rent until the item is back. operation unconfirmed: the person's last rent timed out and its cabinet has not yet shown whether the item left.",
    reply: s.operationReply,
    errors: [
      ...COMMON,
      "invalid device_id",
      "phone required",
      "already renting",
      "operation unconfirmed",
      "invalid verification code",
      "device offline",
      "no item available",
    ],
  }),
  params(s.rentParams, "GET"),
  requireUser,
  async (c) => accepted(c, { operation_id: await tryRent(c.var.db, c.env, c.var.user, c.var.params) }),
);

app.on(
  METHODS,
  "/device/try_to_revert",
  doc({
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
  }),
  params(s.revertParams, "GET"),
  requireUser,
  async (c) => accepted(c, { operation_id: await tryRevert(c.var.db, c.env, c.var.user, c.var.params) }),
);

app.on(
  METHODS,
  "/device/latest_renting_or_reverting_status",
  doc({
    summary: "The user's latest rent or revert and its outcome (operation null when none)",
    description:
      "state pending until the cabinet reports; failed with reason not taken, wrong item, door jammed or timeout (30 s). A late report still wins.",
    reply: s.latestReply,
    errors: COMMON,
  }),
  params(s.authParams, "GET"),
  requireUser,
  async (c) => accepted(c, { operation: await latestOperation(c.var.db, c.var.user.id) }),
);
