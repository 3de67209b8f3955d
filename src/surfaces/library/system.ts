/**
 * What the library surface needs from the library system. The Aleph
 * X-Server adapter (aleph.ts) is the one implementation; Koha's REST API
 * would be a second. Dates are `YYYY-MM-DD`, money is a decimal string.
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
}

export interface PatronInfo extends Patron {
  loans: number;
  holds: number;
  balance: string;
}

export interface BookSummary {
  doc_number: string;
  title: string;
  author: string;
  publisher: string;
  year: string;
  isbn: string;
  call_no: string;
  language: string;
}

export interface Copy {
  bar_code: string;
  item_sequence: string;
  sub_library: string;
  collection: string;
  call_no: string;
  status: string;
  due_date: string | null;
}

export interface BookDetail extends BookSummary {
  subjects: string[];
  summary: string;
  pages: string;
  items: Copy[];
}

export interface SearchSet {
  set_number: string;
  no_records: number;
  no_entries: number;
}

export interface Loan {
  bar_code: string;
  doc_number: string;
  title: string;
  author: string;
  call_no: string;
  sub_library: string;
  loan_date: string;
  due_date: string;
  returned_date?: string;
}

export interface Hold {
  doc_number: string;
  item_sequence: string;
  sequence: string;
  bar_code: string;
  title: string;
  author: string;
  pickup: string;
  request_date: string;
  end_date: string;
  status: string;
}

export interface Fine {
  sequence: string;
  date: string;
  amount: string;
  description: string;
  title: string;
}

export interface Visit {
  date: string;
  time: string;
  gate: string;
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
  find(code: SearchCode, keyword: string): Promise<SearchSet>;
  present(setNumber: string, entry: number, count: number): Promise<BookSummary[]>;
  bookDetail(docNumber: string): Promise<BookDetail>;
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
