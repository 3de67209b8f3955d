import { eq, inArray, type SQL, sql } from "drizzle-orm";
import * as v from "valibot";
import { summerAdvisorLinks, summerCampuses, summerCountries, summerSalesMen, summerStudents } from "../../db/schema/summer";
import type { Db } from "../../env";
import { params } from "../../platform/params";
import { presentSalesMan } from "./advisors";
import { doc, salesManDoc } from "./docs";
import { enumIn, kv, kvDoc } from "./enums";
import { ok } from "./envelope";
import { idList, optText, str } from "./inputs";
import { checkRefs } from "./refs";
import { requireSelf, requireStudent } from "./roles";
import { requireLogin } from "./session";
import type { SummerApp } from "./surface";
import { defined, notFound, unique } from "./writes";

/** The student's own profile (user info) and personal file (档案), at /auth/user/info/{user_id}/. */
type StudentRow = typeof summerStudents.$inferSelect;

const n = v.number();
const ns = v.nullable(v.string());
const infoDoc = v.object({
  id: n,
  name: ns,
  email: ns,
  wechat: ns,
  wcountry: v.pipe(v.array(v.string()), v.description("names of the countries")),
  wcampus: v.pipe(v.array(v.string()), v.description("names of the campuses")),
  wcountry_ids: v.array(n),
  wcampus_ids: v.array(n),
  cschool: ns,
  headimgurl: ns,
  valid_sales_man: v.boolean(),
  sales_man: v.nullable(salesManDoc),
});
const fileDoc = v.object({
  id: n,
  name: ns,
  email: ns,
  wechat: ns,
  cschool: ns,
  first_name: ns,
  last_name: ns,
  gender: v.nullable(kvDoc),
  id_number: ns,
  major: ns,
  graduate_year: ns,
  gpa: v.nullable(n),
});

const email = v.pipe(str(30), v.email("请输入合法的邮件地址。"));
const infoParams = v.object({
  name: v.optional(str(30)),
  email: v.optional(email),
  wechat: v.optional(str(30)),
  wcountry: v.optional(idList),
  wcampus: v.optional(idList),
  cschool: v.optional(str(30)),
  /** The document spells it so in one place. */
  cshool: v.optional(str(30)),
});
const gpa = v.pipe(
  v.union([v.number(), v.pipe(v.string(), v.trim(), v.regex(/^\d+(\.\d+)?$/, "请填写合法的数字。"))], "请填写合法的数字。"),
  v.transform(Number),
  v.minValue(0, "请确保该值大于或者等于 0。"),
  v.maxValue(100, "请确保该值小于或者等于 100。"),
  v.transform((x) => Math.round(x * 100) / 100),
);
const fileParams = v.object({
  first_name: optText(30),
  last_name: optText(30),
  gender: v.optional(v.nullable(enumIn("user_info_gender"))),
  id_number: optText(30),
  major: optText(30),
  graduate_year: optText(30),
  gpa: v.optional(v.nullable(gpa)),
});

/** Names of ids held in a JSON column of the student's row, in one statement. */
const namesOf = (db: Db, table: typeof summerCountries | typeof summerCampuses, list: SQL) =>
  db
    .select({ id: table.id, name: table.name })
    .from(table)
    .where(inArray(table.id, sql`(SELECT value FROM json_each(${list}))`));

async function loadInfo(db: Db, userId: number) {
  const column = (col: typeof summerStudents.wcountry | typeof summerStudents.wcampus) =>
    sql`(SELECT ${col} FROM ${summerStudents} WHERE ${summerStudents.userId} = ${userId})`;
  const [[student], countries, campuses, [advisor]] = await db.batch([
    db.select().from(summerStudents).where(eq(summerStudents.userId, userId)).limit(1),
    namesOf(db, summerCountries, column(summerStudents.wcountry)),
    namesOf(db, summerCampuses, column(summerStudents.wcampus)),
    db
      .select({ salesMan: summerSalesMen })
      .from(summerAdvisorLinks)
      .innerJoin(summerSalesMen, eq(summerSalesMen.id, summerAdvisorLinks.salesManId))
      .where(eq(summerAdvisorLinks.userId, userId))
      .limit(1),
  ]);
  if (!student) throw notFound();
  return { student, countries, campuses, salesMan: advisor?.salesMan ?? null };
}

const inOrder = (ids: number[], rows: { id: number; name: string }[]) =>
  ids.flatMap((id) => {
    const row = rows.find((r) => r.id === id);
    return row ? [row.name] : [];
  });

function presentInfo(info: Awaited<ReturnType<typeof loadInfo>>, requestUrl: string) {
  const s = info.student;
  return {
    id: s.userId,
    name: s.name,
    email: s.email,
    wechat: s.wechat,
    wcountry: inOrder(s.wcountry, info.countries),
    wcampus: inOrder(s.wcampus, info.campuses),
    wcountry_ids: s.wcountry,
    wcampus_ids: s.wcampus,
    cschool: s.cschool,
    headimgurl: s.headimgurl,
    valid_sales_man: s.validSalesMan,
    sales_man: info.salesMan ? presentSalesMan(info.salesMan, requestUrl) : null,
  };
}

const presentFile = (s: StudentRow) => ({
  id: s.userId,
  name: s.name,
  email: s.email,
  wechat: s.wechat,
  cschool: s.cschool,
  first_name: s.firstName,
  last_name: s.lastName,
  gender: kv("user_info_gender", s.gender),
  id_number: s.idNumber,
  major: s.major,
  graduate_year: s.graduateYear,
  gpa: s.gpa,
});

export function profileRoutes(app: SummerApp) {
  const info = "/auth/user/info/:user_id{[0-9]+}";
  const who = "the student whose id is in the path (another id: 403)";

  app.get(
    info,
    doc("The student's information, with the sales advisor", infoDoc, { who }),
    requireLogin,
    params(v.object({}), "GET"),
    requireStudent,
    requireSelf,
    async (c) => ok(c, presentInfo(await loadInfo(c.var.db, c.var.user.id), c.req.url)),
  );

  app.on(
    ["PUT", "PATCH"],
    info,
    doc("Update the student's information (fields sent are changed; wcountry and wcampus are id lists)", infoDoc, {
      who,
      errors: ["400 the first invalid field", "400 a wcountry or wcampus id that does not exist"],
    }),
    requireLogin,
    requireStudent,
    requireSelf,
    params(infoParams, "POST"),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
      await checkRefs(db, [
        { field: "wcountry", table: summerCountries, ids: p.wcountry ?? [] },
        { field: "wcampus", table: summerCampuses, ids: p.wcampus ?? [] },
      ]);
      const changes = defined({
        name: p.name,
        email: p.email,
        wechat: p.wechat,
        wcountry: p.wcountry,
        wcampus: p.wcampus,
        cschool: p.cschool ?? p.cshool,
      });
      await db
        .update(summerStudents)
        .set({ ...changes, updatedAt: Date.now() })
        .where(eq(summerStudents.userId, c.var.user.id));
      return ok(c, presentInfo(await loadInfo(db, c.var.user.id), c.req.url));
    },
  );

  app.get(
    `${info}/personal_file`,
    doc("The student's personal file (档案)", fileDoc, { who }),
    requireLogin,
    params(v.object({}), "GET"),
    requireStudent,
    requireSelf,
    async (c) => {
      const [row] = await c.var.db.select().from(summerStudents).where(eq(summerStudents.userId, c.var.user.id));
      if (!row) throw notFound();
      return ok(c, presentFile(row));
    },
  );

  app.on(
    ["PUT", "PATCH"],
    `${info}/personal_file`,
    doc("Update the personal file (fields sent are changed; gender MALE or FEMALE; gpa to two decimals)", fileDoc, {
      who,
      errors: ["400 the first invalid field", "400 该身份证号／护照号已被使用。 (id_number)"],
    }),
    requireLogin,
    requireStudent,
    requireSelf,
    params(fileParams, "POST"),
    async (c) => {
      const p = c.var.params;
      const changes = defined({
        firstName: p.first_name,
        lastName: p.last_name,
        gender: p.gender,
        idNumber: p.id_number,
        major: p.major,
        graduateYear: p.graduate_year,
        gpa: p.gpa,
      });
      const [row] = await unique("id_number", "该身份证号／护照号已被使用。", () =>
        c.var.db
          .update(summerStudents)
          .set({ ...changes, updatedAt: Date.now() })
          .where(eq(summerStudents.userId, c.var.user.id))
          .returning(),
      );
      if (!row) throw notFound();
      return ok(c, presentFile(row));
    },
  );
}
