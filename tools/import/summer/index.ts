import { type ImportPlan, PlanBuilder } from "../plan";
import { readMysqlDump } from "../sources/mysqldump";
import { planCatalogue } from "./catalogue";
import { Dump } from "./dump";
import { SOURCE } from "./keys";
import { type Media, MediaFiles } from "./media";
import { planOrders } from "./orders";
import { planPeople } from "./people";

/** The tables read (the others, such as Django's own and StuSystem's tickets and menus, are listed as not read). */
const READ = new Set([
  "campus_type",
  "campus_country",
  "campus",
  "campus_country_relation",
  "project",
  "project_course_fee",
  "course",
  "payment_account_info",
  "sales_man",
  "market_channel",
  "user",
  "student_info",
  "user_info_remark",
  "student_score_detail",
  "sales_man_user",
  "coupon",
  "user_coupon",
  "order",
  "order_payment",
  "order_coupon",
  "user_course",
  "project_result",
]);

/**
 * The summer school (document 001) from a `mysqldump` of StuSystem's MySQL database, in the layout
 * of the version document 001 describes, with its uploaded files from Django's MEDIA_ROOT when
 * `media` finds them.
 */
export function planSummer(file: string, text: string, media: Media, now = Date.now()): ImportPlan {
  const dump = new Dump(file, readMysqlDump(file, text));
  const plan = new PlanBuilder(SOURCE);
  const files = new MediaFiles(plan, media, now);
  const catalogue = planCatalogue(dump, plan, files, now);
  const people = planPeople(dump, plan, files, now);
  planOrders(dump, plan, files, people, catalogue, now);
  const unread = dump.unread(READ);
  if (unread.length) plan.note(`tables not read: ${unread.join(", ")} (sessions, menus and Django's own tables)`);
  if (files.missing.length) {
    plan.note(
      `uploaded files not at hand (recorded, served once copied: run again with --media <MEDIA_ROOT>): ${files.missing.join(", ")}`,
    );
  }
  return plan.build();
}
