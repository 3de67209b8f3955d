import * as v from "valibot";
import { describe } from "../../platform/openapi";
import { kvDoc } from "./enums";

/** /openapi.json schemas of the replies (the document's fields). */
const n = v.number();
const s = v.string();
const ns = v.nullable(v.string());

export const envelopeOf = (data: v.GenericSchema) =>
  v.object({ code: v.pipe(n, v.description("0 success; 400, 401, 403, 404 or 100")), msg: s, data, field_name: s });

export const pageOf = (item: v.GenericSchema) => v.object({ count: n, next: ns, previous: ns, results: v.array(item) });

export const emptyDoc = v.object({});
export const campusTypeDoc = v.object({ id: n, title: s, create_time: s, campus_country: kvDoc });
export const campusBriefDoc = v.object({ id: n, name: s, info: s, create_time: s });
export const countryDoc = v.object({
  id: n,
  name: s,
  campus_type: campusTypeDoc,
  create_time: s,
  campus_set: v.optional(v.array(campusBriefDoc)),
});
export const campusDoc = v.object({
  id: n,
  name: s,
  info: s,
  create_time: s,
  campus_type: campusTypeDoc,
  campus_country: v.array(countryDoc),
});
export const feeDoc = v.object({ id: n, course_number: n, course_fee: n, course_info: s });
export const projectDoc = v.object({
  id: n,
  campus: campusDoc,
  campus_country: v.nullable(countryDoc),
  name: s,
  start_date: s,
  end_date: s,
  address: s,
  max_num: v.nullable(n),
  info: s,
  create_time: s,
  apply_fee: n,
  course_num: n,
  project_course_fee: v.array(feeDoc),
});
export const courseDoc = v.object({
  id: n,
  project: n,
  course_code: s,
  name: s,
  max_num: n,
  credit: n,
  professor: s,
  start_time: s,
  end_time: s,
  create_time: s,
  address: s,
  syllabus: v.pipe(ns, v.description("URL of the syllabus file")),
  current_course_num: n,
});
export const salesManDoc = v.object({ id: n, name: s, email: s, qr_code: ns, wechat: s });
export const accountDoc = v.object({
  id: n,
  account_number: s,
  account_name: s,
  opening_bank: ns,
  payment: kvDoc,
  currency: kvDoc,
  swift_code: ns,
});
export const payedDoc = v.object({
  id: n,
  order: n,
  account_number: s,
  account_name: s,
  opening_bank: ns,
  pay_date: s,
  img: ns,
  amount: n,
});
export const orderDoc = v.object({
  id: n,
  user: n,
  project: projectDoc,
  currency: kvDoc,
  payment: kvDoc,
  create_time: s,
  status: kvDoc,
  course_num: n,
  standard_fee: n,
  pay_fee: n,
  remark: ns,
  coupon_list: v.array(n),
  payment_info: v.nullable(accountDoc),
  order_payed_info: v.nullable(payedDoc),
  user_course: v.array(v.object({ id: n, name: s, course_code: s })),
});

const tags = ["001 summer school"];

export interface DocOptions {
  /** Who may call: "anyone", "a ticket", "a student", "staff: <area>" ... */
  who: string;
  description?: string;
  errors?: string[];
}

/** The route's OpenAPI description: who may call it, its documented errors, its reply. */
export function doc(summary: string, data: v.GenericSchema, o: DocOptions) {
  const description = [
    `Who: ${o.who}.`,
    o.description ?? "",
    o.errors?.length ? `Errors: ${o.errors.join("; ")}.` : "",
    'The ticket travels as the `ticket` cookie, `?ticket=` or `Authorization: Bearer`; without a live one: `{"code":401,"msg":"未登陆"}`.',
  ]
    .filter(Boolean)
    .join("\n\n");
  return describe({ tags, summary, description, responses: { 200: ["HTTP 200 always; see `code`", envelopeOf(data)] } });
}
