import * as v from "valibot";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireArea, requireLogin } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import { doc } from "../../docs";
import { ok } from "../../envelope";
import { scoreDetailQuery } from "../../score-details";
import { studentExistsQuery } from "../../student-files";
import type { SummerApp } from "../../surface";
import { createEmptyMailingQuery, presentMailing, saveMailing } from "../../transcript-mailing";
import { notFound } from "../../writes";

const s = v.string();
const mailingDoc = v.object({ user: v.number(), department: s, phone: s, country: s, post_code: s, address: s });
const who = { who: "staff: scores (ADMIN, PRODUCT)" };

/** /admin/student/score_info/{user_id}: where a student's transcript is mailed (成绩单寄送地址), kept by staff. */
export function adminStudentRoutes(app: SummerApp) {
  app.get(
    "/admin/student/score_info/:user_id{[0-9]+}",
    doc("A student's transcript mailing details (成绩单寄送地址), created empty when missing", mailingDoc, {
      ...who,
      errors: ["404 no such student"],
    }),
    requireLogin,
    requireArea("scores"),
    callerBeforeParams,
    params(v.object({}), "GET"),
    async (c) => {
      const db = c.var.db;
      const userId = Number(c.req.param("user_id"));
      const [, [row], [student]] = await callerAnd(c, scoreDetailQuery(db, userId), studentExistsQuery(db, userId));
      if (row) return ok(c, presentMailing(userId, row));
      if (!student) throw notFound();
      const [, [created]] = await db.batch([createEmptyMailingQuery(db, userId), scoreDetailQuery(db, userId)]);
      if (!created) throw notFound();
      return ok(c, presentMailing(userId, created));
    },
  );

  app.on(
    ["PUT", "PATCH"],
    "/admin/student/score_info/:user_id{[0-9]+}",
    doc("Update a student's transcript mailing details (fields sent are changed); created when missing", mailingDoc, {
      ...who,
      errors: ["404 no such student", "400 a field too long or empty"],
    }),
    requireLogin,
    requireArea(saveMailing.area),
    callerBeforeParams,
    params(saveMailing.params, "POST"),
    async (c) => ok(c, await saveMailing.run(c, c.var.params, Number(c.req.param("user_id")))),
  );
}
