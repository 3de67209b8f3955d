/**
 * What the library surface needs from the library system. The Aleph
 * X-Server adapter (aleph.ts) is the one implementation; Koha's REST API
 * would be a second. Dates are `YYYY-MM-DD` and times `HH:mm` (a copy's
 * due date excepted), money is a decimal string.
 */
export interface LibraryCredential {
  borId: string;
  verification: string;
}

export interface Patron {
  id: string;
  name: string;
  email: string;
  telephone: string;
  status: string;
  expiry: string;
  /** The patron's department (Aleph z304-address-1). */
  department: string;
  /** The patron's major (z304-address-2). */
  major: string;
  /** The patron type, e.g. 本科生 (z305-bor-type). */
  type: string;
  gender: string;
  birthday: string;
}

export interface PatronInfo extends Patron {
  loans: number;
  holds: number;
  balance: string;
}

/** A catalogue record as a search lists it (MARC21 or UNIMARC read alike). */
export interface BookSummary {
  doc_number: string;
  title: string;
  author: string;
  publisher: string;
  year: string;
  edition: string;
  pages: string;
  summary: string;
  audience: string;
  subject: string;
  isbn: string;
  call_no: string;
  language: string;
}

/** A copy of a title as the circulation desk sees it (Aleph circ-status). */
export interface Copy {
  bar_code: string;
  sub_library: string;
  /** The shelf mark (call number). */
  location: string;
  /** The item's loan policy, e.g. 外借书 (lendable) or 阅览 (reading room only). */
  loan_status: string;
  /** `On Shelf`, `Reshelving`, or the due date of a copy out on loan, as the library writes it. */
  due_date: string;
  due_hour: string;
}

/** The short bibliographic record that comes with a loan, hold or fine (Aleph z13). */
export interface BookRef {
  doc_number: string;
  title: string;
  author: string;
  imprint: string;
  year: string;
  call_no: string;
  isbn: string;
}

export interface SearchSet {
  set_number: string;
  no_records: number;
  no_entries: number;
}

export interface Loan {
  bar_code: string;
  doc_number: string;
  item_sequence: string;
  material: string;
  sub_library: string;
  loan_date: string;
  loan_hour: string;
  due_date: string;
  due_hour: string;
  returned_date?: string;
  book: BookRef;
}

export interface Hold {
  doc_number: string;
  item_sequence: string;
  sequence: string;
  bar_code: string;
  pickup: string;
  request_date: string;
  end_date: string;
  /** As the library words it; `In process` while the request can still be cancelled. */
  status: string;
  book: BookRef;
}

export interface Fine {
  id: string;
  sequence: string;
  date: string;
  amount: string;
  description: string;
  /** `Paid` once settled. */
  status: string;
  bar_code: string;
  book: BookRef | null;
}

export interface Visit {
  date: string;
  time: string;
  gate: string;
  /** The library the gate belongs to. */
  branch: string;
}

export interface RankEntry {
  rank: number;
  doc_number: string;
  title: string;
  author: string;
  call_no: string;
  loans: number;
}

export type SearchCode = "wrd" | "wti" | "WAU" | "CAN" | "ISS" | "ISB";
/** Which catalogue a search reads: the Chinese records or the foreign-language ones (the client's 中文库 / 英文库). */
export type Catalogue = "chinese" | "foreign";
export type Pickup = "WL" | "XX" | "GX" | "YX";
export interface RankQuery {
  lang: "01" | "09" | "ALL";
  category: string;
  time: "y" | "s" | "w" | "m";
}

export interface LibrarySystem {
  authenticate(cred: LibraryCredential): Promise<Patron>;
  patronInfo(cred: LibraryCredential): Promise<PatronInfo>;
  updateContact(cred: LibraryCredential, change: { email?: string; telephone?: string }): Promise<void>;
  find(code: SearchCode, keyword: string, catalogue: Catalogue): Promise<SearchSet>;
  present(setNumber: string, entry: number, count: number, catalogue: Catalogue): Promise<BookSummary[]>;
  /** The copies of a record; without a catalogue, the Chinese one's record, else the foreign one's. */
  copies(docNumber: string, catalogue?: Catalogue): Promise<Copy[]>;
  ranking(query: RankQuery): Promise<RankEntry[]>;
  loans(cred: LibraryCredential): Promise<Loan[]>;
  loanHistory(cred: LibraryCredential): Promise<Loan[]>;
  holds(cred: LibraryCredential): Promise<Hold[]>;
  fines(cred: LibraryCredential): Promise<{ balance: string; fines: Fine[] }>;
  visits(cred: LibraryCredential): Promise<Visit[]>;
  renew(cred: LibraryCredential, barCode: string): Promise<{ due_date: string }>;
  placeHold(cred: LibraryCredential, barCode: string, pickup: Pickup): Promise<Hold>;
  cancelHold(cred: LibraryCredential, hold: { docNumber: string; itemSequence: string; sequence: string }): Promise<void>;
}

/** The library system answered with an error of its own (document status 6). */
export class LibraryError extends Error {
  constructor(
    readonly op: string,
    readonly detail: string,
  ) {
    super(`${op}: ${detail}`);
    this.name = "LibraryError";
  }
}

/** The library system could not be reached, timed out or answered garbage (document status 3). */
export class LibraryUnavailable extends Error {
  constructor(
    readonly op: string,
    reason: string,
  ) {
    super(`${op}: ${reason}`);
    this.name = "LibraryUnavailable";
  }
}
