import { Hono } from "hono";
import * as v from "valibot";
import { REMINDER_STATES } from "../db/schema/reminders";
import type { AppEnv } from "../env";
import { describe } from "../platform/openapi";
import { pageOf } from "../platform/paging";
import { int, params, text } from "../platform/params";
import { cancelReminder, listReminders, retryReminder } from "./operators";

/** Operators' routes for the reminder pipeline, mounted at /admin/reminders behind the operator token (src/admin). */
export const remindersAdmin = new Hono<AppEnv>();
const tags = ["operators"];
const security = [{ operatorToken: [] }];

const reminder = v.object({
  id: v.number(),
  surface: v.string(),
  appid: v.string(),
  openid: v.string(),
  template_id: v.string(),
  page: v.nullable(v.string()),
  data: v.record(v.string(), v.object({ value: v.string() })),
  send_at: v.string(),
  state: v.picklist(REMINDER_STATES),
  attempts: v.number(),
  last_error: v.nullable(v.string()),
  dedupe_key: v.nullable(v.string()),
  sent_at: v.nullable(v.string()),
  created_at: v.string(),
  updated_at: v.string(),
});
const idParam = v.object({ id: int(1) });

remindersAdmin.get(
  "/",
  describe({
    tags,
    security,
    summary: "List reminders, latest send time first, optionally by state and surface",
    responses: { 200: ["reminders", v.object({ total: v.number(), reminders: v.array(reminder) })] },
  }),
  params(
    v.object({
      state: v.optional(v.picklist(REMINDER_STATES)),
      surface: v.optional(text(32)),
      limit: v.optional(int(1, 100)),
      offset: v.optional(int(0)),
    }),
    "GET",
  ),
  async (c) => {
    const { state, surface, limit, offset } = c.var.params;
    return c.json(await listReminders(c.var.db, { state, surface }, pageOf(limit, offset, { defaultLimit: 20, maxLimit: 100 })));
  },
);

remindersAdmin.post(
  "/retry",
  describe({
    tags,
    security,
    summary: "Send a failed or rejected reminder again (at the next cron run, with a fresh attempt budget)",
    responses: { 200: ["the reminder, pending again", reminder], 404: ["no such reminder"], 409: ["not failed or rejected"] },
  }),
  params(idParam, "POST"),
  async (c) => c.json(await retryReminder(c.var.db, c.var.params.id)),
);

remindersAdmin.post(
  "/cancel",
  describe({
    tags,
    security,
    summary: "Cancel a reminder that is pending or queued (not yet being sent)",
    responses: { 200: ["the reminder, cancelled", reminder], 404: ["no such reminder"], 409: ["already being sent or finished"] },
  }),
  params(idParam, "POST"),
  async (c) => c.json(await cancelReminder(c.var.db, c.var.params.id)),
);
