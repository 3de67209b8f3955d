import type { BookRef, BookSummary, Copy, Fine, Hold, Loan, Patron, PatronInfo, RankEntry, Visit } from "./system";

/**
 * The library system's records as the shipped mini-program reads them: the
 * names, nesting and formats of the original server's replies, which passed
 * Aleph's z13/z30/z31/z36/z37 blocks on nearly as the X-Server wrote them
 * (loan and fine dates YYYYMMDD, hold dates DD/MM/YYYY, hours HHMM).
 */

/** YYYY-MM-DD -> YYYYMMDD (anything else unchanged). */
export const compactDate = (iso: string) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso.replace(/-/g, "") : iso);
/** YYYY-MM-DD -> DD/MM/YYYY (anything else unchanged). */
export const slashDate = (iso: string) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso.split("-").reverse().join("/") : iso);
const compactHour = (hhmm: string) => hhmm.replace(":", "");

const noBook: BookRef = { doc_number: "", title: "", author: "", imprint: "", year: "", call_no: "", isbn: "" };

/** `book_info`: the short record (z13). */
export const bookInfo = (b: BookRef) => ({
  doc_number: b.doc_number,
  year: b.year,
  no_call: b.call_no,
  author: b.author,
  title: b.title,
  publish: b.imprint,
  isbn: b.isbn,
});

/** libuser/login's `user`; `bor_id` is the card number the patron typed. */
export const loginUser = (p: Patron, libId: string) => ({ name: p.name, bor_id: libId, department: p.department, reader_type: p.type });

/** libuser/bor_info's `result` (`prof` is the major). */
export const patronRecord = (p: PatronInfo) => ({
  name: p.name,
  birthday: compactDate(p.birthday),
  gender: p.gender,
  department: p.department,
  prof: p.major,
  email: p.email,
  telephone: p.telephone,
  type: p.type,
  bor_id: p.id,
  expiry: compactDate(p.expiry),
  loans: p.loans,
  holds: p.holds,
  balance: p.balance,
});

export const loanRecord = (l: Loan) => ({
  loan_info: {
    doc_number: l.doc_number,
    item_sequence: l.item_sequence,
    material: l.material,
    sub_library: l.sub_library,
    loan_date: compactDate(l.loan_date),
    loan_hour: compactHour(l.loan_hour),
    due_date: compactDate(l.due_date),
    due_hour: compactHour(l.due_hour),
  },
  book_info: bookInfo(l.book),
  bar_code: l.bar_code,
});

/** A hold; `hold_info.status` is `In process` while it can be cancelled. */
export const holdRecord = (h: Hold) => ({
  hold_info: {
    doc_number: h.doc_number,
    item_sequence: h.item_sequence,
    sequence: h.sequence,
    request_date: slashDate(h.request_date),
    end_date: slashDate(h.end_date),
    pickup_loc: h.pickup,
    status: h.status,
  },
  book_info: bookInfo(h.book),
  bar_code: h.bar_code,
});

export const fineRecord = (f: Fine) => ({
  fine_info: { status: f.status, sum: f.amount, description: f.description, date: compactDate(f.date), sequence: f.sequence, id: f.id },
  book_info: bookInfo(f.book ?? noBook),
  bar_code: f.bar_code,
});

/** libuser/fine_info's `result`: the balance owed and every fine. */
export const fineRecords = (fines: { balance: string; fines: Fine[] }) => ({ balance: fines.balance, detail: fines.fines.map(fineRecord) });

/** A returned loan as the campus loan-history service listed it. */
export const historyRecord = (l: Loan) => ({
  booktitle: l.book.title,
  author: l.book.author,
  loandate: compactDate(l.loan_date),
  returndate: compactDate(l.returned_date ?? ""),
});

/**
 * libuser/visit_info's `result`, the gate statistics under the campus
 * statistics service's names (`fist-visit-time` spelled as the client reads
 * it); counts are strings, times `YYYY-MM-DD HH:mm:ss`.
 */
export function visitStats(visits: Visit[]) {
  const stamp = (v: Visit) => `${v.date} ${v.time.length === 5 ? `${v.time}:00` : v.time}`;
  const ordered = [...visits].sort((a, b) => stamp(a).localeCompare(stamp(b)));
  const byBranch = new Map<string, number>();
  for (const v of ordered) byBranch.set(v.branch, (byBranch.get(v.branch) ?? 0) + 1);
  const [most, mostCount] = [...byBranch].reduce<[string, number]>((best, e) => (e[1] > best[1] ? e : best), ["", 0]);
  const first = ordered[0];
  const last = ordered.at(-1);
  return {
    "visit-count": String(ordered.length),
    "fist-visit-time": first ? stamp(first) : "",
    "last-visit-time": last ? stamp(last) : "",
    "last-visit-branch": last?.branch ?? "",
    "most-branch-name": most,
    "most-branch-count": String(mostCount),
  };
}

/** A record of a search set (libuser/present). */
export const bookRecord = (b: BookSummary) => ({
  doc_number: b.doc_number,
  title: b.title,
  version: b.edition,
  publish: b.publisher,
  year: b.year,
  page: b.pages,
  description: b.summary,
  reader: b.audience,
  author: b.author,
  theme: b.subject,
  no_call: b.call_no,
  isbn: b.isbn,
  language: b.language,
});

/**
 * A copy (libuser/book_detail). The client offers a hold on copies whose
 * `loan_status` is 外借书 and shows `due_date` `On Shelf` / `Reshelving` in words.
 * `rfid` is the shelf-finder page of the copy; this deployment has none, so it is empty.
 */
export const copyRecord = (c: Copy) => ({
  loan_status: c.loan_status,
  due_date: c.due_date,
  due_hour: c.due_hour,
  sub_library: c.sub_library,
  bar_code: c.bar_code,
  location: c.location,
  rfid: "",
});

export const rankRecord = (r: RankEntry) => ({ doc_number: r.doc_number, title: r.title, author: r.author, bor_num: r.loans });
