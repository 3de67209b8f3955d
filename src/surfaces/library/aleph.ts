import type { Bindings } from "../../env";
import { config } from "../../platform/config";
import { replyText, UpstreamError, upstreamCall } from "../../platform/upstream";
import type {
  BookRef,
  BookSummary,
  Catalogue,
  Copy,
  Fine,
  Hold,
  LibraryCredential,
  LibrarySystem,
  Loan,
  Patron,
  PatronInfo,
  Pickup,
  RankEntry,
  RankQuery,
  SearchCode,
  SearchSet,
  Visit,
} from "./system";
import { LibraryError, LibraryUnavailable } from "./system";
import { child, childrenOf, parseXml, textOf, type XmlElement, XmlError } from "./xml";

/** YYYYMMDD -> YYYY-MM-DD; DD/MM/YYYY -> YYYY-MM-DD; anything else unchanged. */
export function alephDate(s: string): string {
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
  if (m) return `${m[3]}-${m[2]}-${m[1]}`;
  return s;
}

const pad9 = (n: number) => String(n).padStart(9, "0");

function subfield(marc: XmlElement | undefined, id: string, label: string): string {
  for (const field of childrenOf(marc, "varfield")) {
    if (field.attrs.id !== id) continue;
    const sub = field.children.find((s) => s.name === "subfield" && s.attrs.label === label);
    if (sub) return sub.text.trim();
  }
  return "";
}

/** UNIMARC (CNMARC) records carry their title in 200; MARC21 ones in 245. */
const isUnimarc = (marc: XmlElement | undefined) => childrenOf(marc, "varfield").some((f) => f.attrs.id === "200");

function summaryOf(docNumber: string, marc: XmlElement | undefined): BookSummary {
  const fixed008 = childrenOf(marc, "fixfield").find((f) => f.attrs.id === "008")?.text ?? "";
  const first = (...fields: Array<[string, string]>) => fields.map(([id, label]) => subfield(marc, id, label)).find(Boolean) ?? "";
  if (isUnimarc(marc)) {
    return {
      doc_number: docNumber,
      title: subfield(marc, "200", "a"),
      author: first(["701", "a"], ["700", "a"], ["702", "a"], ["200", "f"]),
      publisher: subfield(marc, "210", "c"),
      year: subfield(marc, "210", "d"),
      edition: subfield(marc, "205", "a"),
      pages: subfield(marc, "215", "a"),
      summary: subfield(marc, "330", "a"),
      audience: subfield(marc, "333", "a"),
      subject: subfield(marc, "606", "a"),
      isbn: first(["010", "a"], ["011", "a"]),
      call_no: first(["905", "d"], ["690", "a"]),
      language: subfield(marc, "101", "a"),
    };
  }
  return {
    doc_number: docNumber,
    title: subfield(marc, "245", "a").replace(/\s*[/:]$/, ""),
    author: first(["100", "a"], ["110", "a"], ["245", "c"]),
    publisher: first(["260", "b"], ["264", "b"]),
    year: first(["260", "c"], ["264", "c"]),
    edition: subfield(marc, "250", "a"),
    pages: subfield(marc, "300", "a"),
    summary: first(["520", "a"], ["505", "a"]),
    audience: subfield(marc, "521", "a"),
    subject: subfield(marc, "650", "a"),
    isbn: first(["020", "a"], ["022", "a"]),
    call_no: first(["090", "a"], ["905", "d"]),
    language: subfield(marc, "041", "a") || fixed008.slice(35, 38).trim(),
  };
}

const marcOf = (record: XmlElement | undefined) => child(child(record, "metadata"), "oai_marc");

/** HHMM -> HH:mm (Aleph's hours; 2400 is the end of the day). */
const alephHour = (s: string) => (/^\d{4}$/.test(s) ? `${s.slice(0, 2)}:${s.slice(2)}` : s);

function bookRefOf(z13: XmlElement | undefined): BookRef {
  return {
    doc_number: textOf(z13, "z13-doc-number"),
    title: textOf(z13, "z13-title"),
    author: textOf(z13, "z13-author"),
    imprint: textOf(z13, "z13-imprint"),
    year: textOf(z13, "z13-year"),
    call_no: textOf(z13, "z13-call-no"),
    isbn: textOf(z13, "z13-isbn-issn"),
  };
}

function loanOf(item: XmlElement): Loan {
  const z36 = child(item, "z36");
  const z30 = child(item, "z30");
  const z13 = child(item, "z13");
  const returned = textOf(z36, "z36-returned-date");
  return {
    bar_code: textOf(z30, "z30-barcode"),
    doc_number: textOf(z36, "z36-doc-number") || textOf(z13, "z13-doc-number"),
    item_sequence: textOf(z36, "z36-item-sequence") || textOf(z30, "z30-item-sequence"),
    material: textOf(z36, "z36-material") || textOf(z30, "z30-material"),
    sub_library: textOf(z36, "z36-sub-library") || textOf(z30, "z30-sub-library"),
    loan_date: alephDate(textOf(z36, "z36-loan-date")),
    loan_hour: alephHour(textOf(z36, "z36-loan-hour")),
    due_date: alephDate(textOf(z36, "z36-due-date") || textOf(item, "due-date")),
    due_hour: alephHour(textOf(z36, "z36-due-hour")),
    ...(returned ? { returned_date: alephDate(returned) } : {}),
    book: bookRefOf(z13),
  };
}

function holdOf(item: XmlElement): Hold {
  const z37 = child(item, "z37");
  const z30 = child(item, "z30");
  return {
    doc_number: textOf(z37, "z37-doc-number"),
    item_sequence: textOf(z37, "z37-item-sequence"),
    sequence: textOf(z37, "z37-sequence"),
    bar_code: textOf(z30, "z30-barcode"),
    pickup: textOf(z37, "z37-pickup-location"),
    request_date: alephDate(textOf(z37, "z37-request-date")),
    end_date: alephDate(textOf(z37, "z37-end-request-date")),
    status: textOf(z37, "z37-status"),
    book: bookRefOf(child(item, "z13")),
  };
}

function fineOf(fine: XmlElement): Fine {
  const z31 = child(fine, "z31");
  const z13 = child(fine, "z13");
  return {
    id: textOf(z31, "z31-id"),
    sequence: textOf(z31, "z31-sequence"),
    date: alephDate(textOf(z31, "z31-date")),
    amount: (textOf(z31, "z31-net-sum") || textOf(z31, "z31-sum")).replace(/[()]/g, ""),
    description: textOf(z31, "z31-description"),
    status: textOf(z31, "z31-status"),
    bar_code: textOf(child(fine, "z30"), "z30-barcode"),
    book: z13 ? bookRefOf(z13) : null,
  };
}

function patronOf(reply: XmlElement): Patron {
  const z303 = child(reply, "z303");
  const z304 = child(reply, "z304");
  const z305 = child(reply, "z305");
  return {
    id: textOf(z303, "z303-id"),
    name: textOf(z303, "z303-name"),
    email: textOf(z304, "z304-email-address"),
    telephone: textOf(z304, "z304-telephone"),
    status: textOf(z305, "z305-bor-status"),
    expiry: alephDate(textOf(z305, "z305-expiry-date")),
    department: textOf(z304, "z304-address-1"),
    major: textOf(z304, "z304-address-2"),
    type: textOf(z305, "z305-bor-type"),
    gender: textOf(z303, "z303-gender"),
    birthday: alephDate(textOf(z303, "z303-birth-date")),
  };
}

/**
 * The Aleph X-Server adapter: `GET {LIBRARY_API_BASE}?op=...`; ops carrying
 * the patron's bor_id and verification are POSTed form-encoded instead. Besides the stock ops
 * (find, present, circ-status, bor-auth, bor-info, update-bor,
 * renew, hold-req, hold-req-cancel) it uses the campus's bor-history,
 * bor-visit and bor-rank.
 */
/** The largest X-Server reply read (a page of records or a long loan history is a few hundred KB). */
const REPLY_LIMIT = 4 * 1024 * 1024;
/** What present answers for an entry beyond the set: no more records. */
const PAST_THE_END = "There is no entry number in the set";

export class AlephSystem implements LibrarySystem {
  private readonly url: string;
  /** The bibliographic base of each catalogue (LIBRARY_ALEPH_BASE, LIBRARY_ALEPH_FOREIGN_BASE). */
  private readonly bases: Record<Catalogue, string>;
  private readonly library: string;
  /**
   * When the calls made through this instance (one request's) must be done: LIBRARY_API_TIMEOUT_MS covers
   * them all, so a request of two calls (hold_req_cancel) still answers before the client's own 10 s timeout.
   */
  private readonly deadline: number;

  constructor(env: Bindings) {
    this.url = config(env).LIBRARY_API_BASE;
    this.bases = { chinese: config(env).LIBRARY_ALEPH_BASE, foreign: config(env).LIBRARY_ALEPH_FOREIGN_BASE };
    this.library = config(env).LIBRARY_ALEPH_LIBRARY;
    this.deadline = Date.now() + config(env).LIBRARY_API_TIMEOUT_MS;
  }

  /** One X-Server call; `<error>` and `<error-text-1>` become LibraryError, anything unreadable LibraryUnavailable. */
  private async call(op: string, query: Record<string, string>, tolerate: string[] = []): Promise<XmlElement> {
    const form = new URLSearchParams({ op, ...query });
    // Calls carrying the patron's password go as a form body, so it never appears in a URL or access log.
    const init: RequestInit =
      "verification" in query
        ? { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString() }
        : { method: "GET" };
    const url = init.method === "GET" ? `${this.url}${this.url.includes("?") ? "&" : "?"}${form}` : this.url;
    const timeoutMs = this.deadline - Date.now();
    if (timeoutMs <= 0) throw new LibraryUnavailable(op, "timed out");
    let body: string;
    try {
      const res = await upstreamCall(url, init, { timeoutMs, maxBytes: REPLY_LIMIT });
      body = replyText(res);
      if (!res.ok) throw new LibraryUnavailable(op, `HTTP ${res.status}`);
    } catch (err) {
      if (err instanceof UpstreamError) throw new LibraryUnavailable(op, err.timedOut ? "timed out" : err.message);
      throw err;
    }
    let root: XmlElement;
    try {
      root = parseXml(body);
    } catch (err) {
      if (err instanceof XmlError) throw new LibraryUnavailable(op, "malformed reply");
      throw err;
    }
    if (root.name !== op) throw new LibraryUnavailable(op, `unexpected reply <${root.name}>`);
    const error = textOf(root, "error");
    if (error && !tolerate.includes(error)) throw new LibraryError(op, error);
    const text1 = textOf(root, "error-text-1");
    if (text1) throw new LibraryError(op, [text1, textOf(root, "error-text-2")].filter(Boolean).join(" "));
    return root;
  }

  private patronQuery(cred: LibraryCredential, extra: Record<string, string> = {}) {
    return { library: this.library, bor_id: cred.borId, verification: cred.verification, ...extra };
  }

  async authenticate(cred: LibraryCredential): Promise<Patron> {
    return patronOf(await this.call("bor-auth", this.patronQuery(cred)));
  }

  async patronInfo(cred: LibraryCredential): Promise<PatronInfo> {
    const reply = await this.call("bor-info", this.patronQuery(cred, { loans: "Y", hold: "Y", cash: "N" }));
    return {
      ...patronOf(reply),
      loans: childrenOf(reply, "item-l").length,
      holds: childrenOf(reply, "item-h").length,
      balance: textOf(reply, "balance") || "0.00",
    };
  }

  async updateContact(cred: LibraryCredential, change: { email?: string; telephone?: string }): Promise<void> {
    const query: Record<string, string> = {};
    if (change.email !== undefined) query.email = change.email;
    if (change.telephone !== undefined) query.telephone = change.telephone;
    await this.call("update-bor", this.patronQuery(cred, query));
  }

  async find(code: SearchCode, keyword: string, catalogue: Catalogue): Promise<SearchSet> {
    const reply = await this.call("find", { base: this.bases[catalogue], code, request: keyword }, ["empty set"]);
    if (textOf(reply, "error")) return { set_number: "", no_records: 0, no_entries: 0 };
    return {
      set_number: textOf(reply, "set_number"),
      no_records: Number(textOf(reply, "no_records")) || 0,
      no_entries: Number(textOf(reply, "no_entries")) || 0,
    };
  }

  async present(setNumber: string, entry: number, count: number, catalogue: Catalogue): Promise<BookSummary[]> {
    const setEntry = `${pad9(entry)}-${pad9(entry + count - 1)}`;
    const reply = await this.call("present", { set_number: setNumber, set_entry: setEntry, base: this.bases[catalogue] }, [PAST_THE_END]);
    if (textOf(reply, "error")) return [];
    return childrenOf(reply, "record").map((r) => summaryOf(textOf(r, "doc_number"), marcOf(r)));
  }

  /**
   * Without a catalogue (the client's book_detail names none) the Chinese base is asked first, as the original
   * server always did; a record it refuses is looked up in the foreign base, so a foreign record's copies are found
   * wherever the two bases number their records apart.
   */
  async copies(docNumber: string, catalogue?: Catalogue): Promise<Copy[]> {
    if (catalogue) return this.circStatus(docNumber, catalogue);
    try {
      return await this.circStatus(docNumber, "chinese");
    } catch (err) {
      if (!(err instanceof LibraryError)) throw err;
      try {
        return await this.circStatus(docNumber, "foreign");
      } catch (foreignErr) {
        if (foreignErr instanceof LibraryError) throw err;
        throw foreignErr;
      }
    }
  }

  private async circStatus(docNumber: string, catalogue: Catalogue): Promise<Copy[]> {
    const reply = await this.call("circ-status", { library: this.bases[catalogue], sys_no: docNumber });
    return childrenOf(reply, "item-data").map((i) => ({
      bar_code: textOf(i, "barcode"),
      sub_library: textOf(i, "sub-library"),
      location: textOf(i, "location"),
      loan_status: textOf(i, "loan-status"),
      due_date: textOf(i, "due-date"),
      due_hour: textOf(i, "due-hour"),
    }));
  }

  async ranking(query: RankQuery): Promise<RankEntry[]> {
    const reply = await this.call("bor-rank", { library: this.library, lang: query.lang, category: query.category, time: query.time });
    return childrenOf(reply, "rank").map((r) => {
      const z13 = child(r, "z13");
      return {
        rank: Number(textOf(r, "no")),
        doc_number: textOf(z13, "z13-doc-number"),
        title: textOf(z13, "z13-title"),
        author: textOf(z13, "z13-author"),
        call_no: textOf(z13, "z13-call-no"),
        loans: Number(textOf(r, "loans")) || 0,
      };
    });
  }

  async loans(cred: LibraryCredential): Promise<Loan[]> {
    const reply = await this.call("bor-info", this.patronQuery(cred, { loans: "Y", hold: "N", cash: "N" }));
    return childrenOf(reply, "item-l").map(loanOf);
  }

  async loanHistory(cred: LibraryCredential): Promise<Loan[]> {
    return childrenOf(await this.call("bor-history", this.patronQuery(cred)), "item-l").map(loanOf);
  }

  async holds(cred: LibraryCredential): Promise<Hold[]> {
    const reply = await this.call("bor-info", this.patronQuery(cred, { loans: "N", hold: "Y", cash: "N" }));
    return childrenOf(reply, "item-h").map(holdOf);
  }

  async fines(cred: LibraryCredential): Promise<{ balance: string; fines: Fine[] }> {
    const reply = await this.call("bor-info", this.patronQuery(cred, { loans: "N", hold: "N", cash: "Y" }));
    return { balance: textOf(reply, "balance") || "0.00", fines: childrenOf(reply, "fine").map(fineOf) };
  }

  async visits(cred: LibraryCredential): Promise<Visit[]> {
    return childrenOf(await this.call("bor-visit", this.patronQuery(cred)), "visit").map((v) => ({
      date: alephDate(textOf(v, "date")),
      time: alephHour(textOf(v, "time")),
      gate: textOf(v, "gate"),
      branch: textOf(v, "sub-library") || textOf(v, "gate"),
    }));
  }

  async renew(cred: LibraryCredential, barCode: string): Promise<{ due_date: string }> {
    const reply = await this.call("renew", this.patronQuery(cred, { item_barcode: barCode }));
    return { due_date: alephDate(textOf(reply, "due-date")) };
  }

  async placeHold(cred: LibraryCredential, barCode: string, pickup: Pickup): Promise<Hold> {
    const reply = await this.call("hold-req", this.patronQuery(cred, { item_barcode: barCode, pickup_location: pickup }));
    return holdOf(reply);
  }

  async cancelHold(cred: LibraryCredential, hold: { docNumber: string; itemSequence: string; sequence: string }): Promise<void> {
    await this.call(
      "hold-req-cancel",
      this.patronQuery(cred, { doc_number: hold.docNumber, item_sequence: hold.itemSequence, sequence: hold.sequence }),
    );
  }
}
