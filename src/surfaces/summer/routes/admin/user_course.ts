import * as v from "valibot";
import { params } from "../../../../platform/params";
import { requireArea, requireLogin } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import { decidePhoto, recordScore } from "../../chosen-courses";
import { doc } from "../../docs";
import { kvDoc } from "../../enums";
import { ok } from "../../envelope";
import { choiceUserInfoDoc } from "../../staff-present";
import type { SummerApp } from "../../surface";

const n = v.number();
const ns = v.nullable(v.string());
const userCourseDoc = v.object({
  id: n,
  order: n,
  course: v.object({ id: n, course_code: v.string(), name: v.string(), credit: n }),
  score: v.nullable(n),
  score_grade: ns,
  reporting_time: ns,
  confirm_photo: ns,
  status: kvDoc,
  user_info: choiceUserInfoDoc,
});

/** /admin/user_course/...: staff decide a chosen course's approval photo and record its score. */
export function adminUserCourseRoutes(app: SummerApp) {
  app.on(
    ["PUT", "PATCH"],
    "/admin/user_course/add_score",
    doc("Record a chosen course's score and grade (reporting_time is set now)", userCourseDoc, {
      who: "staff: scores (ADMIN, PRODUCT)",
      errors: ["404 no such choice", "400 score 0..100, score_grade at most 10 characters"],
    }),
    requireLogin,
    requireArea(recordScore.area),
    callerBeforeParams,
    params(recordScore.params, "POST"),
    async (c) => ok(c, await recordScore.run(c, c.var.params)),
  );

  app.on(
    ["PUT", "PATCH"],
    "/admin/user_course/confirm_course",
    doc("Pass or refuse a chosen course's approval photo (TO_CONFIRM -> PASS | NOPASS)", userCourseDoc, {
      who: "staff: courses (ADMIN, PRODUCT)",
      errors: ["404 no such choice", "400 该课程没有待审核的审课照片 (status)"],
    }),
    requireLogin,
    requireArea(decidePhoto.area),
    callerBeforeParams,
    params(decidePhoto.params, "POST"),
    async (c) => ok(c, await decidePhoto.run(c, c.var.params)),
  );
}
