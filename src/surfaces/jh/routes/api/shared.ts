import { invalidParam } from "../../../../platform/errors";
import { params } from "../../../../platform/params";
import { doc, refuseGet } from "../../docs";
import { JSON_TYPE, ok, refuse } from "../../envelope";
import type { JhApp } from "../../index";
import { MSG } from "../../messages";
import * as s from "../../schemas";
import { checkSharedRate, findUsers, MAX_SHARED_QUERY, parseQuery, publicInfoReply, publicMd5 } from "../../shared";

/** /api/shared: other users' public information (no credit needed). */
export function sharedRoutes(app: JhApp) {
  refuseGet(app, "/api/shared");

  app.post(
    "/api/shared",
    doc(
      "Public information of users (type=user) or its MD5 (type=usermd5)",
      `query is a JSON array of usernames (at most 200 for user, 50 for usermd5); unknown ones are skipped. At most 60 requests a minute per client address: ${MSG.tooFrequent}. user: [{username, nickname, usertype, portrait}]; usermd5: [{username, md5}], md5 being the upper-case MD5 of the compact JSON of that user's object, to tell when to fetch again. ${MSG.gotShared}; none known: ${MSG.noSuchUser}.`,
      s.sharedReply,
    ),
    params(s.sharedParams, "POST"),
    async (c) => {
      const { type, query } = c.var.params;
      if (type !== "user" && type !== "usermd5") throw invalidParam("type", "type must be user or usermd5");
      await checkSharedRate(c.env, c.req.header("cf-connecting-ip"));
      const names = parseQuery(query, MAX_SHARED_QUERY[type]);
      if (!names) throw invalidParam("query", `query must be a JSON array of at most ${MAX_SHARED_QUERY[type]} usernames`);
      const users = await findUsers(c.var.db, names);
      if (users.length === 0) throw refuse(MSG.noSuchUser);
      if (type === "user") return c.body(publicInfoReply(c.env, users), 200, JSON_TYPE);
      // One at a time: an MD5 not cached yet reads the user's portrait, and fifty at once would hold them all.
      const data = [];
      for (const u of users) data.push({ username: u.username, md5: await publicMd5(c.var.db, c.env, u) });
      return ok(c, data, MSG.gotShared);
    },
  );
}
