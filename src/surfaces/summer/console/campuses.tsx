import * as v from "valibot";
import { Field, Select } from "../../../platform/console/ui";
import { countryChoicesQuery, typeChoicesQuery } from "../catalogue";
import { campuses } from "../catalogue-kinds";
import { filled } from "./caller";
import { cataloguePages, choicesOf, formText } from "./catalogue-page";

/** 校区管理: campuses with their type and the countries they serve. */
export const summerCampuses = cataloguePages({
  kind: campuses,
  here: "/console/summer/campuses",
  noun: "校区",
  columns: [
    { label: "校区", cell: (cp) => cp.name },
    { label: "暑校类型", cell: (cp) => cp.campus_type?.title ?? "—" },
    { label: "国家", cell: (cp) => cp.campus_country.map((ct) => ct.name).join("、") || "—" },
    { label: "简介", cell: (cp) => cp.info },
  ],
  idOf: (cp) => cp.id,
  nameOf: (cp) => cp.name,
  choices: {
    queries: (db) => [typeChoicesQuery(db), countryChoicesQuery(db)],
    read: ([types, countries]) => ({ types: choicesOf(types), countries: choicesOf(countries) }),
  },
  Fields: ({ row, choices }) => {
    const chosen = new Set(row?.campus_country.map((ct) => String(ct.id)) ?? []);
    return (
      <>
        <Field label="校区名称" name="name" required maxlength={30} value={row?.name} />
        <Select
          label="暑校类型"
          name="campus_type"
          options={choices.types}
          value={row?.campus_type ? String(row.campus_type.id) : undefined}
          required
        />
        <Field label="简介" name="info" maxlength={100} value={row?.info} />
        <fieldset>
          <legend>所属国家</legend>
          {choices.countries.map(([id, name]) => (
            <label class="check">
              <input type="checkbox" name="campus_country" value={id} checked={chosen.has(id)} />
              {name}
            </label>
          ))}
        </fieldset>
      </>
    );
  },
  form: v.object({
    name: formText,
    campus_type: formText,
    info: formText,
    campus_country: v.optional(v.union([v.string(), v.array(v.string())])),
  }),
  input: (f) => ({
    ...filled({ name: f.name, campus_type: f.campus_type, info: f.info }),
    campus_country: (f.campus_country === undefined ? [] : [f.campus_country].flat()).map(Number),
  }),
});
