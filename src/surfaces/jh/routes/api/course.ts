import { callerAnd } from "../../../../platform/caller";
import { invalidParam } from "../../../../platform/errors";
import { params } from "../../../../platform/params";
import { requireCourseCredit } from "../../auth";
import { bindingsOf } from "../../bind";
import { COURSE_FRESH_MS, cachedCourses, timetable } from "../../courses";
import { touchCredit } from "../../credits";
import { doc, refuseGet } from "../../docs";
import { ok } from "../../envelope";
import { HttpJhUpstream } from "../../http-upstream";
import type { JhApp } from "../../index";
import { MSG } from "../../messages";
import * as s from "../../schemas";
import { cachedTerms } from "../../term-cache";
import { campusToday, zfTermOf } from "../../time";
import type { ZfTerm } from "../../upstream";
import { recordFailures } from "../../upstream-failures";

/** /api/course: the caller's 正方 timetable for a term. */
export function courseRoutes(app: JhApp) {
  refuseGet(app, "/api/course");

  app.post(
    "/api/course",
    doc(
      "The caller's timetable for a term, from 正方",
      [
        `Read from 正方 with the bound 正方 password and cached per student and term: a timetable read within ${COURSE_FRESH_MS / 3_600_000} hours is answered from the cache; when 正方 is unreachable or slow, the cached one is answered whatever its age.`,
        `Messages: ${[MSG.courseCreditInvalid, MSG.rebindJh, MSG.noZfBinding, MSG.rebindZf, MSG.upstreamTimeout("正方教务"), MSG.upstreamDown("正方教务"), MSG.gotCourses].join("; ")}.`,
      ].join(" "),
      s.courseReply,
    ),
    params(s.courseParams, "POST"),
    requireCourseCredit,
    async (c) => {
      const { db, params: p } = c.var;
      const now = Date.now();
      if ((p.year === undefined) !== (p.term === undefined))
        throw invalidParam(p.year === undefined ? "year" : "term", "year and term go together");
      const term: ZfTerm =
        p.year !== undefined && p.term !== undefined ? { year: p.year, term: p.term } : zfTermOf(await cachedTerms(db), campusToday(c.env));
      const [me, bindings, [cached]] = await callerAnd(c, bindingsOf(db, c.var.creditUser), cachedCourses(db, c.var.creditUser, term));
      await touchCredit(db, me.credit, now);
      const courses = await timetable(
        db,
        c.env,
        new HttpJhUpstream(c.env, recordFailures(db, c.executionCtx)),
        me.user,
        bindings,
        cached,
        term,
        now,
      );
      return ok(c, courses, MSG.gotCourses);
    },
  );
}
