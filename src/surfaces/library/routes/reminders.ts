import { params } from "../../../platform/params";
import { requireSession } from "../auth";
import { endpoint, GET_POST, RETIRED_FORM_ID } from "../docs";
import { ok } from "../envelope";
import type { LibraryApp } from "../index";
import { addBookReminder, addTrainingReminder, cancelTrainingReminder } from "../reminders";
import * as s from "../schemas";

/** Training sign-ups and due-date reminders, sent as subscribe messages. */
export function reminderRoutes(app: LibraryApp) {
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
