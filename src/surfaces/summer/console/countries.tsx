import * as v from "valibot";
import { Field, Select } from "../../../platform/console/ui";
import { typeChoicesQuery } from "../catalogue";
import { countries } from "../catalogue-kinds";
import { filled } from "./caller";
import { cataloguePages, choicesOf, formText } from "./catalogue-page";

/** 暑校国家管理: the countries of each summer-school type. */
export const summerCountries = cataloguePages({
  kind: countries,
  here: "/console/summer/countries",
  noun: "暑校国家",
  columns: [
    { label: "国家", cell: (ct) => ct.name },
    { label: "暑校类型", cell: (ct) => ct.campus_type?.title ?? "—" },
  ],
  idOf: (ct) => ct.id,
  nameOf: (ct) => ct.name,
  choices: { queries: (db) => [typeChoicesQuery(db)], read: ([types]) => choicesOf(types) },
  Fields: ({ row, choices }) => (
    <>
      <Field label="国家名称" name="name" required maxlength={30} value={row?.name} />
      <Select
        label="暑校类型"
        name="campus_type"
        options={choices}
        value={row?.campus_type ? String(row.campus_type.id) : undefined}
        required
      />
    </>
  ),
  form: v.object({ name: formText, campus_type: formText }),
  input: (f) => filled(f),
});
