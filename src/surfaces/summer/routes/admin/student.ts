import * as v from "valibot";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireArea, requireLogin } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import { doc } from "../../docs";
import { ok } from "../../envelope";
import { str } from "../../inputs";
import { type ScoreDetailFields, scoreDetailQuery } from "../../score-details";
import { studentExistsQuery } from "../../student-files";
import type { SummerApp } from "../../surface";
import { createEmptyMailingQuery, EMPTY_MAILING, presentMailing, saveMailingQuery } from "../../transcript-mailing";
import { audit, defined, notFound } from "../../writes";

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
    requireArea("scores"),
    callerBeforeParams,
    params(
      v.object({
        department: v.optional(str(30)),
        phone: v.optional(str(30)),
        country: v.optional(str(30)),
        post_code: v.optional(str(30)),
        address: v.optional(str(60)),
      }),
      "POST",
    ),
    async (c) => {
      const db = c.var.db;
      const userId = Number(c.req.param("user_id"));
      const p = c.var.params;
      const [me, [row], [student]] = await callerAnd(c, scoreDetailQuery(db, userId), studentExistsQuery(db, userId));
      if (!row && !student) throw notFound();
      const before = presentMailing(userId, row ?? EMPTY_MAILING);
      const changes: Partial<ScoreDetailFields> & { updatedAt: number } = {
        ...(p.department !== undefined ? { department: p.department } : {}),
        ...(p.phone !== undefined ? { phone: p.phone } : {}),
        ...(p.country !== undefined ? { country: p.country } : {}),
        ...(p.post_code !== undefined ? { postCode: p.post_code } : {}),
        ...(p.address !== undefined ? { address: p.address } : {}),
        updatedAt: Date.now(),
      };
      const [[saved]] = await db.batch([
        saveMailingQuery(db, userId, changes),
        audit(db, me.id, "update", "score_info", userId, before, { ...before, ...defined(p) }),
      ]);
      return ok(c, presentMailing(userId, saved));
    },
  );
}
