import * as v from "valibot";
import type { Bindings } from "../../../env";
import { config } from "../../../platform/config";
import { invalidParam } from "../../../platform/errors";
import { describe } from "../../../platform/openapi";
import { linkedPage, pageOf } from "../../../platform/paging";
import { params } from "../../../platform/params";
import { parseLocal } from "../../../platform/time";
import { optionalSession } from "../auth";
import { listing, tags } from "../docs";
import { ok, withSession } from "../envelope";
import type { LibraryApp } from "../index";
import { cachedList } from "../list-cache";
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
} from "../notices";
import * as s from "../schemas";

const offset = (env: Bindings) => config(env).LOCAL_UTC_OFFSET;

/** Notices, trainings and activities (GET, paged, no envelope), and complaints (GET lists, POST submits). */
export function noticeRoutes(app: LibraryApp) {
  app.get("/notice", listing("Notices, newest first, by type", s.notice), params(s.noticeListParams, "GET"), (c) =>
    cachedList("notices", c.req.url, async () => {
      const p = c.var.params;
      const page = pageOf(p.limit, p.offset);
      const { total, rows } = await listNotices(c.var.db, page, p.type);
      const results = rows.map((n) => presentNotice(n, offset(c.env)));
      return c.json(linkedPage(c.req.url, page, total, results));
    }),
  );

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
          ...presentTraining(t, offset(c.env)),
          ...(openid ? { remindText: remind.get(t.id) ?? "" } : {}),
        }));
        return c.json(withSession(c.var.user, linkedPage(c.req.url, page, total, results)));
      };
      // A user's own sign-ups are never cached; a request that presented a session is answered fresh.
      return openid || c.req.query("session") ? build() : cachedList("trainings", c.req.url, build);
    },
  );

  app.get("/activity", listing("Activities, latest first", s.activity), params(s.pageParams, "GET"), (c) =>
    cachedList("activities", c.req.url, async () => {
      const page = pageOf(c.var.params.limit, c.var.params.offset);
      const { total, rows } = await listActivities(c.var.db, page);
      const results = rows.map((a) => presentActivity(a, offset(c.env)));
      return c.json(linkedPage(c.req.url, page, total, results));
    }),
  );

  app.get("/advise", listing("Complaints, newest first (phone numbers masked)", s.advise), params(s.pageParams, "GET"), async (c) => {
    const page = pageOf(c.var.params.limit, c.var.params.offset);
    const { total, rows } = await listAdvises(c.var.db, page);
    const results = rows.map((a) => presentAdvise(a, offset(c.env)));
    return c.json(linkedPage(c.req.url, page, total, results));
  });

  app.post(
    "/advise",
    describe({
      tags,
      summary: "Submit a complaint (JSON body)",
      responses: { 200: ["the stored complaint", v.union([s.reply(s.advise.entries), s.errorReply])] },
    }),
    optionalSession,
    params(s.adviseParams, "POST"),
    async (c) => {
      const p = c.var.params;
      const publishTime = p.publishTime ? parseLocal(p.publishTime, offset(c.env)) : Date.now();
      if (publishTime === null) throw invalidParam("publishTime", "publishTime must be YYYY-MM-DD HH:mm:ss");
      const row = await addAdvise(c.var.db, { openid: c.var.user?.openid ?? null, tel: p.tel, contents: p.contents, publishTime });
      return ok(c, presentAdvise(row, offset(c.env), false));
    },
  );
}
