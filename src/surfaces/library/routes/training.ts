import { config } from "../../../platform/config";
import { linkedPage, pageOf } from "../../../platform/paging";
import { params } from "../../../platform/params";
import { optionalSession, requireSession } from "../auth";
import { endpoint, GET_POST, listing, RETIRED_FORM_ID } from "../docs";
import { ok, withSession } from "../envelope";
import type { LibraryApp } from "../index";
import { cachedList } from "../list-cache";
import { listTrainings, trainingReply } from "../notices";
import { addTrainingReminder, cancelTrainingReminder } from "../reminders";
import * as s from "../schemas";

/** /training...: the trainings (GET, a page, no envelope; with a session the user's sign-ups), signing up and withdrawing. */
export function trainingRoutes(app: LibraryApp) {
  app.get(
    "/training",
    listing("Trainings by type; with a session, only the user's sign-ups", s.training),
    optionalSession,
    params(s.trainingListParams, "GET"),
    async (c) => {
      const p = c.var.params;
      const page = pageOf(p.limit, p.offset);
      const openid = c.var.user?.openid;
      const build = async () => {
        const { total, rows, remind } = await listTrainings(c.var.db, page, p.type, openid);
        const results = rows.map((t) => ({
          ...trainingReply(t, config(c.env).LOCAL_UTC_OFFSET),
          ...(openid ? { remindText: remind.get(t.id) ?? "" } : {}),
        }));
        return c.json(withSession(c.var.user, linkedPage(c.req.url, page, total, results)));
      };
      // A user's own sign-ups are never cached; a request that presented a session is answered fresh.
      return openid || c.req.query("session") ? build() : cachedList("trainings", c.req.url, build);
    },
  );

  app.on(
    GET_POST,
    "/training/add_training_reminder",
    endpoint(
      "Sign up for a training starting within 7 days; a subscribe message reminds the user an hour before",
      s.reply(),
      RETIRED_FORM_ID,
    ),
    requireSession,
    params(s.trainingReminderParams),
    async (c) => {
      await addTrainingReminder(c.var.db, c.env, c.var.user.openid, c.var.params);
      return ok(c);
    },
  );

  app.on(
    GET_POST,
    "/training/cancel_training_reminder",
    endpoint("Withdraw the user's sign-up and its reminder", s.reply()),
    requireSession,
    params(s.cancelTrainingParams),
    async (c) => {
      await cancelTrainingReminder(c.var.db, c.var.user.openid, c.var.params.trainId);
      return ok(c);
    },
  );
}
