import * as v from "valibot";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireLogin, requireStudent } from "../../auth";
import { presentScores, scoresQuery } from "../../course-selection";
import { courseDoc, doc } from "../../docs";
import { ok } from "../../envelope";
import type { SummerApp } from "../../surface";

const n = v.number();
const scoreDoc = v.object({ score: v.nullable(n), score_grade: v.nullable(v.string()), reporting_time: v.nullable(v.string()) });

/** /course/my_scores: the student's chosen courses with their scores. */
export function myScoresRoutes(app: SummerApp) {
  app.get(
    "/course/my_scores",
    doc("The caller's chosen courses with their scores", v.array(v.object({ id: n, course: courseDoc, ...scoreDoc.entries })), {
      who: "a student",
    }),
    requireLogin,
    params(v.object({}), "GET"),
    requireStudent,
    async (c) => {
      const [, rows] = await callerAnd(c, scoresQuery(c.var.db, c.var.ticket.userId));
      return ok(c, presentScores(rows, c.req.url));
    },
  );
}
