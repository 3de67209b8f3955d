import { and, eq } from "drizzle-orm";
import {
  type CampusCountry,
  summerCampusCountries,
  summerCampuses,
  summerCampusTypes,
  summerCountries,
  summerCourses,
  summerPaymentAccounts,
  summerProjectFees,
  summerProjects,
} from "../../../src/db/schema/summer";
import type { PlanBuilder } from "../plan";
import { importRow, insertLink } from "../rows";
import { type Dump, date, int, num, text, utc } from "./dump";
import { key, ref } from "./keys";
import type { MediaFiles } from "./media";

/** What later parts need of the catalogue: which rows were brought over. */
export interface Catalogue {
  projects: Set<number>;
  courses: Map<number, { projectId: number }>;
}

/**
 * Campus types, countries, campuses (with their countries), projects with their fee tables,
 * courses and the receiving accounts. StuSystem kept a campus's type only through its countries,
 * and a campus type without the region Campus Edge shows it under: 澳 in the title means Australia,
 * anything else North America (reported, for operators to check).
 */
export function planCatalogue(dump: Dump, plan: PlanBuilder, files: MediaFiles, now: number): Catalogue {
  const types = new Map<number, string>();
  for (const { values: r, line } of dump.rows("campus_type", ["id", "title", "create_time"])) {
    const id = int(r.id)!;
    const title = text(r.title)?.trim();
    if (!title) {
      plan.reject("campus_type", id, "no title", line);
      continue;
    }
    const region: CampusCountry = title.includes("澳") ? "AUSTRALIA" : "NORTH_AMERICA";
    types.set(id, title);
    plan.note(`campus type ${id} "${title}" is shown under ${region}`);
    const created = utc(r.create_time) ?? now;
    plan.add("campus_type", (db) =>
      importRow(
        db,
        {
          key: key("campus_type", id),
          table: summerCampusTypes,
          values: { title, campusCountry: region, createdAt: created, updatedAt: created },
          id: summerCampusTypes.id,
          natural: eq(summerCampusTypes.title, title),
        },
        now,
      ),
    );
  }

  const countryType = new Map<number, number>();
  for (const { values: r, line } of dump.rows("campus_country", ["id", "name", "campus_type_id", "create_time"])) {
    const id = int(r.id)!;
    const name = text(r.name)?.trim();
    const typeId = int(r.campus_type_id);
    if (!name) plan.reject("country", id, "no name", line);
    else if (typeId === null || !types.has(typeId)) plan.reject("country", id, `its campus type ${typeId} is not imported`, line);
    else {
      countryType.set(id, typeId);
      const created = utc(r.create_time) ?? now;
      plan.add("country", (db) =>
        importRow(
          db,
          {
            key: key("country", id),
            table: summerCountries,
            values: { name, campusTypeId: ref("campus_type", typeId), createdAt: created, updatedAt: created },
            id: summerCountries.id,
            natural: eq(summerCountries.name, name),
            requires: [key("campus_type", typeId)],
          },
          now,
        ),
      );
    }
  }

  const campusCountries = new Map<number, number[]>();
  for (const { values: r } of dump.rows("campus_country_relation", ["campus_id", "campus_country_id"])) {
    const campus = int(r.campus_id)!;
    const country = int(r.campus_country_id)!;
    if (countryType.has(country)) campusCountries.set(campus, [...(campusCountries.get(campus) ?? []), country]);
  }

  const campuses = new Set<number>();
  for (const { values: r, line } of dump.rows("campus", ["id", "name", "info", "create_time"])) {
    const id = int(r.id)!;
    const name = text(r.name)?.trim();
    const countries = campusCountries.get(id) ?? [];
    if (!name) {
      plan.reject("campus", id, "no name", line);
      continue;
    }
    if (countries.length === 0) {
      plan.reject("campus", id, "belongs to no imported country, so its campus type is unknown", line);
      continue;
    }
    campuses.add(id);
    const created = utc(r.create_time) ?? now;
    const typeId = countryType.get(countries[0])!;
    plan.add("campus", (db) => [
      ...importRow(
        db,
        {
          key: key("campus", id),
          table: summerCampuses,
          values: { name, info: text(r.info) ?? "", campusTypeId: ref("campus_type", typeId), createdAt: created, updatedAt: created },
          id: summerCampuses.id,
          natural: eq(summerCampuses.name, name),
          requires: [key("campus_type", typeId)],
        },
        now,
      ),
      ...countries.map((c) =>
        insertLink(db, summerCampusCountries, { campusId: ref("campus", id), countryId: ref("country", c) }, [
          key("campus", id),
          key("country", c),
        ]),
      ),
    ]);
  }

  const projects = new Set<number>();
  for (const { values: r, line } of dump.rows("project", [
    "id",
    "campus_id",
    "name",
    "start_date",
    "end_date",
    "address",
    "info",
    "create_time",
    "apply_fee",
    "course_num",
    "campus_country_id",
  ])) {
    const id = int(r.id)!;
    const campus = int(r.campus_id);
    const country = int(r.campus_country_id);
    const start = date(r.start_date);
    const end = date(r.end_date);
    if (campus === null || !campuses.has(campus)) plan.reject("project", id, `its campus ${campus} is not imported`, line);
    else if (!start || !end) plan.reject("project", id, "no start or end date", line);
    else {
      projects.add(id);
      const created = utc(r.create_time) ?? now;
      const withCountry = country !== null && countryType.has(country);
      plan.add("project", (db) =>
        importRow(
          db,
          {
            key: key("project", id),
            table: summerProjects,
            values: {
              campusId: ref("campus", campus),
              countryId: withCountry ? ref("country", country) : null,
              name: text(r.name) ?? "",
              startDate: start,
              endDate: end,
              address: text(r.address) ?? "",
              info: text(r.info) ?? "",
              applyFee: num(r.apply_fee) ?? 0,
              courseNum: int(r.course_num) ?? 0,
              createdAt: created,
              updatedAt: created,
            },
            id: summerProjects.id,
            requires: [key("campus", campus)],
          },
          now,
        ),
      );
    }
  }

  for (const { values: r, line } of dump.rows("project_course_fee", ["id", "project_id", "course_number", "course_fee"])) {
    const id = int(r.id)!;
    const project = int(r.project_id);
    const n = int(r.course_number);
    const fee = num(r.course_fee);
    if (project === null || !projects.has(project)) plan.reject("project_fee", id, `its project ${project} is not imported`, line);
    else if (n === null || fee === null) plan.reject("project_fee", id, "no course number or fee", line);
    else {
      plan.add("project_fee", (db) =>
        importRow(
          db,
          {
            key: key("project_fee", id),
            table: summerProjectFees,
            values: { projectId: ref("project", project), courseNumber: n, courseFee: fee },
            id: summerProjectFees.id,
            natural: and(eq(summerProjectFees.projectId, ref("project", project)), eq(summerProjectFees.courseNumber, n)),
            requires: [key("project", project)],
          },
          now,
        ),
      );
    }
  }

  const courses = new Map<number, { projectId: number }>();
  for (const { values: r, line } of dump.rows("course", [
    "id",
    "project_id",
    "course_code",
    "name",
    "max_num",
    "credit",
    "professor",
    "start_time",
    "end_time",
    "address",
    "create_time",
    "syllabus",
  ])) {
    const id = int(r.id)!;
    const project = int(r.project_id);
    const code = text(r.course_code)?.trim();
    // StuSystem kept class times as free text; Campus Edge reads them as UTC, as its own inputs.
    const start = utc(r.start_time);
    const end = utc(r.end_time);
    if (project === null || !projects.has(project)) plan.reject("course", id, `its project ${project} is not imported`, line);
    else if (!code) plan.reject("course", id, "no course code", line);
    else if (start === null || end === null) {
      plan.reject("course", id, `class times ${JSON.stringify(r.start_time)} to ${JSON.stringify(r.end_time)} are not times`, line);
    } else {
      courses.set(id, { projectId: project });
      const created = utc(r.create_time) ?? now;
      const syllabus = text(r.syllabus) ? files.add(text(r.syllabus)!, "syllabus", `course-${id}-syllabus`, {}) : null;
      plan.add("course", (db) =>
        importRow(
          db,
          {
            key: key("course", id),
            table: summerCourses,
            values: {
              projectId: ref("project", project),
              courseCode: code,
              name: text(r.name) ?? "",
              maxNum: int(r.max_num) ?? 0,
              credit: int(r.credit) ?? 0,
              professor: text(r.professor) ?? "",
              startTime: start,
              endTime: end,
              address: text(r.address) ?? "",
              syllabusFileId: syllabus,
              createdAt: created,
              updatedAt: created,
            },
            id: summerCourses.id,
            natural: and(eq(summerCourses.projectId, ref("project", project)), eq(summerCourses.courseCode, code)),
            requires: [key("project", project)],
          },
          now,
        ),
      );
    }
  }

  for (const { values: r, line } of dump.rows("payment_account_info", [
    "id",
    "currency",
    "account_number",
    "account_name",
    "opening_bank",
    "payment",
    "swift_code",
    "create_time",
  ])) {
    const id = int(r.id)!;
    const payment = text(r.payment);
    const currency = text(r.currency);
    if (payment !== "ALI_PAY" && payment !== "PAY_PAL" && payment !== "BANK")
      plan.reject("payment_account", id, `unknown payment ${payment}`, line);
    else if (currency !== "DOLLAR" && currency !== "RMB") plan.reject("payment_account", id, `unknown currency ${currency}`, line);
    else {
      const created = utc(r.create_time) ?? now;
      plan.add("payment_account", (db) =>
        importRow(
          db,
          {
            key: key("payment_account", id),
            table: summerPaymentAccounts,
            values: {
              payment,
              currency,
              accountNumber: text(r.account_number) ?? "",
              accountName: text(r.account_name) ?? "",
              openingBank: text(r.opening_bank),
              swiftCode: text(r.swift_code),
              createdAt: created,
              updatedAt: created,
            },
            id: summerPaymentAccounts.id,
            natural: and(eq(summerPaymentAccounts.payment, payment), eq(summerPaymentAccounts.currency, currency)),
          },
          now,
        ),
      );
    }
  }
  return { projects, courses };
}
