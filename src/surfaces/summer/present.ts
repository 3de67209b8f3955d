import type {
  summerCampuses,
  summerCampusTypes,
  summerCountries,
  summerCourses,
  summerProjectFees,
  summerProjects,
} from "../../db/schema/summer";
import { kv } from "./enums";
import { fileUrl } from "./files";

/** How the catalogue reads as the document shows it. Times are UTC ISO-8601 with Z (whole seconds). */
export const isoZ = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
export const isoZOrNull = (ms: number | null) => (ms === null ? null : isoZ(ms));

type CampusTypeRow = typeof summerCampusTypes.$inferSelect;
type CountryRow = typeof summerCountries.$inferSelect;
type CampusRow = typeof summerCampuses.$inferSelect;
type ProjectRow = typeof summerProjects.$inferSelect;
type FeeRow = typeof summerProjectFees.$inferSelect;
type CourseRow = typeof summerCourses.$inferSelect;

export const presentCampusType = (t: CampusTypeRow) => ({
  id: t.id,
  title: t.title,
  create_time: isoZ(t.createdAt),
  campus_country: kv("campus_country", t.campusCountry),
});

export const presentCampusBrief = (c: CampusRow) => ({ id: c.id, name: c.name, info: c.info, create_time: isoZ(c.createdAt) });

export type CountryTree = CountryRow & { campusType: CampusTypeRow | null; campusLinks?: { campus: CampusRow | null }[] };

export function presentCountry(c: CountryTree) {
  return {
    id: c.id,
    name: c.name,
    campus_type: c.campusType ? presentCampusType(c.campusType) : null,
    create_time: isoZ(c.createdAt),
    ...(c.campusLinks
      ? { campus_set: c.campusLinks.flatMap((l) => (l.campus ? [presentCampusBrief(l.campus)] : [])).sort((a, b) => a.id - b.id) }
      : {}),
  };
}

export type CampusTree = CampusRow & { campusType: CampusTypeRow | null; countryLinks: { country: CountryTree | null }[] };

export function presentCampus(c: CampusTree) {
  return {
    ...presentCampusBrief(c),
    campus_type: c.campusType ? presentCampusType(c.campusType) : null,
    campus_country: c.countryLinks.flatMap((l) => (l.country ? [presentCountry(l.country)] : [])).sort((a, b) => a.id - b.id),
  };
}

export const presentFee = (f: FeeRow) => ({
  id: f.id,
  course_number: f.courseNumber,
  course_fee: f.courseFee,
  course_info: `${f.courseNumber}门`,
});

export type ProjectTree = ProjectRow & { campus: CampusTree | null; country: CountryTree | null; fees: FeeRow[] };

export function presentProject(p: ProjectTree) {
  return {
    id: p.id,
    campus: p.campus ? presentCampus(p.campus) : null,
    campus_country: p.country ? presentCountry(p.country) : null,
    name: p.name,
    start_date: p.startDate,
    end_date: p.endDate,
    address: p.address,
    max_num: p.maxNum,
    info: p.info,
    create_time: isoZ(p.createdAt),
    apply_fee: p.applyFee,
    course_num: p.courseNum,
    project_course_fee: [...p.fees].sort((a, b) => a.courseNumber - b.courseNumber).map(presentFee),
  };
}

export type CourseTree = CourseRow & { currentCourseNum: number };

export function presentCourse(c: CourseTree, requestUrl: string) {
  return {
    id: c.id,
    project: c.projectId,
    course_code: c.courseCode,
    name: c.name,
    max_num: c.maxNum,
    credit: c.credit,
    professor: c.professor,
    start_time: isoZ(c.startTime),
    end_time: isoZ(c.endTime),
    create_time: isoZ(c.createdAt),
    address: c.address,
    syllabus: fileUrl(requestUrl, c.syllabusFileId),
    current_course_num: c.currentCourseNum,
  };
}
