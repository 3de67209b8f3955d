import * as v from "valibot";
import { Field, Select } from "../../../platform/console/ui";
import { campusTypes } from "../catalogue-kinds";
import { filled, kvText } from "./caller";
import { cataloguePages, formText } from "./catalogue-page";
import { enumOptions } from "./ui";

/** 暑校类型管理: the summer-school types (北美暑校, 澳洲暑校…). */
export const summerCampusTypes = cataloguePages({
  kind: campusTypes,
  here: "/console/summer/campus-types",
  noun: "暑校类型",
  columns: [
    { label: "名称", cell: (t) => t.title },
    { label: "地区", cell: (t) => kvText(t.campus_country) },
  ],
  idOf: (t) => t.id,
  nameOf: (t) => t.title,
  choices: { queries: () => [], read: () => null },
  Fields: ({ row }) => (
    <>
      <Field label="名称" name="title" required maxlength={30} value={row?.title} />
      <Select label="地区" name="campus_country" options={enumOptions("campus_country")} value={row?.campus_country.key} required />
    </>
  ),
  form: v.object({ title: formText, campus_country: formText }),
  input: (f) => filled(f),
});
