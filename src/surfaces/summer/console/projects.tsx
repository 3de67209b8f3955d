import * as v from "valibot";
import { Field, Select, TextArea } from "../../../platform/console/ui";
import { AppError } from "../../../platform/errors";
import { campusChoicesQuery, countryChoicesQuery } from "../catalogue";
import { projects } from "../catalogue-kinds";
import { filled } from "./caller";
import { cataloguePages, choicesOf, formText } from "./catalogue-page";

/** The typed fee lines as the fee table; a line that is not `n=fee` is refused here with the line shown. */
function fees(raw: string | undefined) {
  if (!raw) return undefined;
  return raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^(\d{1,2})\s*[=＝:：]\s*(\d+(?:\.\d+)?)$/.exec(line);
      if (!m) throw new AppError("invalid_param", `课程费用“${line}”格式不对，应为“课程数=费用”`);
      return { course_number: Number(m[1]), course_fee: Number(m[2]) };
    });
}

const form = v.object({
  name: formText,
  campus: formText,
  campus_country: formText,
  start_date: formText,
  end_date: formText,
  address: formText,
  info: formText,
  apply_fee: formText,
  course_num: formText,
  max_num: formText,
  project_fees: formText,
});

/** 项目管理: projects with their dates, fees per number of courses, and place. */
export const summerProjects = cataloguePages({
  kind: projects,
  here: "/console/summer/projects",
  noun: "项目",
  columns: [
    { label: "项目", cell: (p) => p.name },
    { label: "校区", cell: (p) => p.campus?.name ?? "—" },
    { label: "日期", cell: (p) => `${p.start_date} 至 ${p.end_date}` },
    { label: "课程数", cell: (p) => p.course_num },
    { label: "费用", cell: (p) => p.project_course_fee.map((f) => `${f.course_number}门 ${f.course_fee}`).join("；") },
  ],
  idOf: (p) => p.id,
  nameOf: (p) => p.name,
  choices: {
    queries: (db) => [campusChoicesQuery(db), countryChoicesQuery(db)],
    read: ([campuses, countries]) => ({ campuses: choicesOf(campuses), countries: choicesOf(countries) }),
  },
  Fields: ({ row: p, choices }) => (
    <>
      <Field label="项目名称" name="name" required maxlength={30} value={p?.name} />
      <Select label="校区" name="campus" options={choices.campuses} value={p?.campus ? String(p.campus.id) : undefined} required />
      <Select
        label="国家"
        name="campus_country"
        options={choices.countries}
        value={p?.campus_country ? String(p.campus_country.id) : undefined}
        required
      />
      <Field label="开始日期" name="start_date" type="date" required value={p?.start_date} />
      <Field label="结束日期" name="end_date" type="date" required value={p?.end_date} />
      <Field label="地址" name="address" required maxlength={30} value={p?.address} />
      <TextArea label="须知" name="info" required maxlength={255} value={p?.info} />
      <Field label="报名费" name="apply_fee" type="number" min={0} value={p?.apply_fee ?? 0} />
      <Field label="最多可选课程数" name="course_num" type="number" min={1} max={50} required value={p?.course_num} />
      <Field label="人数上限（可选）" name="max_num" type="number" min={1} value={p?.max_num ?? undefined} />
      <TextArea
        label="课程费用（每行“课程数=费用”，如 1=1200）"
        name="project_fees"
        required
        value={p?.project_course_fee.map((f) => `${f.course_number}=${f.course_fee}`).join("\n") ?? ""}
      />
    </>
  ),
  form,
  input: ({ project_fees, max_num, ...rest }) => ({ ...filled(rest), max_num: max_num ? max_num : null, project_fees: fees(project_fees) }),
});
