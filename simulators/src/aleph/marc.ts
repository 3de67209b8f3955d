import { type SimItem, type SimRecord, SUB_LIBRARIES } from "./catalogue";
import { el, escapeXml, type Node } from "./xml";

const sub = (label: string, value: string) => el("subfield", { label }, escapeXml(value));
const varfield = (id: string, subs: Array<[string, string]>, i1 = " ", i2 = " ") =>
  el(
    "varfield",
    { id, i1, i2 },
    subs
      .filter(([, value]) => value !== "")
      .map(([l, value]) => sub(l, value))
      .join(""),
  );

/**
 * The record as `<oai_marc>`, the way Aleph's present/find-doc answer: Chinese records in UNIMARC (CNMARC, as
 * Chinese libraries catalogue them: 200 title, 210 imprint, 606 subject, 690 CLC class, 701 author, 905 holdings),
 * the others in MARC21.
 */
export function oaiMarc(r: SimRecord): string {
  return r.language === "chi" ? unimarc(r) : marc21(r);
}

function unimarc(r: SimRecord): string {
  const fields = [
    el("fixfield", { id: "LDR" }, escapeXml(r.issn ? "-----nas--22-----   450 " : "-----nam0 22-----   450 ")),
    el("fixfield", { id: "001" }, r.docNumber),
    r.isbn ? varfield("010", [["a", r.isbn]]) : "",
    r.issn ? varfield("011", [["a", r.issn]]) : "",
    varfield("101", [["a", r.language]], "0"),
    varfield(
      "200",
      [
        ["a", r.title],
        ["f", r.issn ? "" : r.statement],
      ],
      "1",
    ),
    varfield("210", [
      ["a", r.place],
      ["c", r.publisher],
      ["d", r.year],
    ]),
    varfield("215", [["a", r.pages]]),
    varfield("330", [["a", r.summary]]),
    varfield("606", [["a", r.subject]], "0"),
    varfield("690", [["a", r.callNo.split("/")[0]]]),
    r.issn ? "" : varfield("701", [["a", r.author]], " ", "0"),
    varfield("905", [
      ["b", r.items[0]?.barcode ?? ""],
      ["d", r.callNo],
    ]),
  ];
  return `<oai_marc>${fields.join("")}</oai_marc>`;
}

function marc21(r: SimRecord): string {
  const fixed008 = `${"".padEnd(7, " ")}s${r.year}    ${r.language === "chi" ? "cc " : "xxu"}${"".padEnd(17, " ")}${r.language} d`;
  const fields = [
    el("fixfield", { id: "LDR" }, escapeXml(r.issn ? "-----nas--22-----   450 " : "-----nam--22-----   450 ")),
    el("fixfield", { id: "001" }, r.docNumber),
    el("fixfield", { id: "008" }, escapeXml(fixed008)),
    r.isbn ? varfield("020", [["a", r.isbn]]) : "",
    r.issn ? varfield("022", [["a", r.issn]]) : "",
    varfield("041", [["a", r.language]]),
    varfield("090", [["a", r.callNo]]),
    r.issn ? "" : varfield("100", [["a", r.author]], "1"),
    varfield(
      "245",
      [
        ["a", r.title],
        ["c", r.issn ? "" : r.statement],
      ],
      "1",
      "0",
    ),
    varfield("260", [
      ["a", r.place],
      ["b", r.publisher],
      ["c", r.year],
    ]),
    varfield("300", [["a", r.pages]]),
    varfield("520", [["a", r.summary]]),
    varfield("650", [["a", r.subject]], " ", "0"),
  ];
  return `<oai_marc>${fields.join("")}</oai_marc>`;
}

export const z13 = (r: SimRecord): Node => ({
  "z13-doc-number": r.docNumber,
  "z13-title": r.title,
  "z13-author": r.issn ? "" : r.author,
  "z13-year": r.year,
  "z13-imprint": `${r.place} : ${r.publisher}, ${r.year}`,
  "z13-call-no": r.callNo,
  "z13-isbn-issn": r.isbn || r.issn,
});

export const z30 = (r: SimRecord, item: SimItem): Node => ({
  "z30-doc-number": r.docNumber,
  "z30-item-sequence": item.itemSequence,
  "z30-barcode": item.barcode,
  "z30-sub-library": SUB_LIBRARIES[item.subLibrary],
  "z30-collection": item.collection,
  "z30-call-no": item.callNo,
  "z30-item-status": "普通外借",
});
