import * as v from "valibot";
import { int, text } from "../../platform/params";
import type { Catalogue } from "./system";

const d = v.description;
export const session = v.pipe(text(2048), d("The session from user/login (replace it with the one in each reply)"));
const optionalText = (max: number) => v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max)));
const dateText = v.pipe(v.string(), v.trim(), v.regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD"));

export const sessionOnly = v.object({ session });
export const loginParams = v.object({
  code: v.pipe(text(256), d("wx.login code")),
  nickName: optionalText(100),
  avatarUrl: optionalText(1024),
  gender: v.optional(int(0, 2)),
  city: optionalText(100),
  province: optionalText(100),
  country: optionalText(100),
});
export const updateSessionParams = v.object({ code: v.pipe(text(256), d("wx.login code")), session: v.optional(v.string()) });
export const verifySessionParams = v.object({ session: v.optional(v.string()) });
const libId = v.pipe(text(64), v.regex(/^[\w-]+$/, "must be a library card number"), d("Library card number (bor_id)"));
export const bindParams = v.object({ session, libId });
export const libLoginParams = v.object({
  session,
  libId,
  libPsw: v.pipe(text(2048), d("The library password, RSA PKCS#1 v1.5 encrypted with /library/libuser/public_key/, base64 (JSEncrypt)")),
});
export const emailParams = v.object({ session, email: v.pipe(text(128), v.email()) });
export const telParams = v.object({ session, tel: v.pipe(text(32), v.regex(/^\+?[\d-]{5,20}$/, "must be a phone number")) });
/** `cn` is the Chinese catalogue; any other value the foreign one, as the original server read the switch. */
const catalogueOf = v.pipe(
  v.string(),
  v.maxLength(200),
  v.transform((s): Catalogue => (s === "cn" ? "chinese" : "foreign")),
);
const LANG_NOTE =
  "The client's 中文库 / 英文库 switch: cn searches the Chinese base (LIBRARY_ALEPH_BASE), any other value the foreign-language one (LIBRARY_ALEPH_FOREIGN_BASE)";
const lang = v.optional(v.pipe(catalogueOf, d(`${LANG_NOTE}; absent: cn`)), "cn");
export const findParams = v.object({
  session,
  keyword: text(200),
  code: v.pipe(
    v.picklist(["wrd", "wti", "WAU", "CAN", "ISS", "ISB"]),
    d("wrd any word, wti title, WAU author, CAN call number, ISS ISSN, ISB ISBN"),
  ),
  lang,
});
/** Records a present call answers at most, as the original server's pages. */
export const PRESENT_PAGE = 20;
export const presentParams = v.object({
  session,
  set_num: v.pipe(
    v.string(),
    v.trim(),
    v.maxLength(32),
    v.regex(/^\d*$/, "must be a set number"),
    d("find's set_number (empty: the empty set, no records)"),
  ),
  entry: v.optional(v.pipe(int(1, 999_999_999), d(`First entry (1-based); ${PRESENT_PAGE} records from there`)), 1),
  lang,
});
export const detailParams = v.object({
  session,
  doc_num: v.pipe(text(9), v.regex(/^\d{1,9}$/, "must be a document number")),
  lang: v.optional(
    v.pipe(catalogueOf, d(`${LANG_NOTE}. The client sends none: then the Chinese base's record, or else the foreign base's, is shown`)),
  ),
});
export const rankParams = v.object({
  session,
  lang: v.optional(v.pipe(v.picklist(["01", "09", "ALL"]), d("01 Chinese, 09 English, ALL")), "ALL"),
  category: v.optional(
    v.pipe(v.string(), v.trim(), v.toUpperCase(), v.regex(/^(ALL|[A-Z])$/, "must be ALL or A-Z"), d("ALL or a class letter")),
    "ALL",
  ),
  time: v.optional(v.pipe(v.picklist(["y", "s", "w", "m"]), d("y year, s season, m month, w week")), "y"),
});
const barCode = v.pipe(text(32), v.regex(/^[\w-]+$/, "must be a bar code"));
export const renewParams = v.object({ session, bar_code: barCode });
export const holdParams = v.object({
  session,
  bar_code: barCode,
  pickup: v.pipe(v.picklist(["WL", "XX", "GX", "YX"]), d("Pickup library")),
});
export const holdCancelParams = v.object({
  session,
  doc_number: v.pipe(text(9), v.regex(/^\d{1,9}$/, "must be a document number")),
  item_sequence: v.pipe(text(6), v.regex(/^\d{1,6}$/, "must be an item sequence")),
  sequence: v.pipe(text(4), v.regex(/^\d{1,4}$/, "must be a hold sequence")),
});

const page = { limit: v.optional(int(1, 100)), offset: v.optional(int(0)) };
export const noticeListParams = v.object({
  type: v.optional(v.pipe(v.picklist(["N", "Z", "P"]), d("N 通知, Z 资源动态, P 培训活动"))),
  ...page,
});
export const trainingListParams = v.object({
  type: v.optional(v.pipe(v.picklist(["B", "X", "S"]), d("B 毕业指导, X 学习助手, S 实用软件"))),
  session: v.optional(v.pipe(v.string(), d("Given: only the trainings this user signed up for"))),
  ...page,
});
export const pageParams = v.object(page);
export const adviseParams = v.object({
  tel: v.pipe(
    text(100),
    d(
      "Contact: the suggestion page asks for a phone or QQ number and sends what was typed (the client thanks the user whatever the reply)",
    ),
  ),
  contents: text(2000),
  publishTime: v.optional(v.pipe(v.string(), v.trim(), d("YYYY-MM-DD HH:mm[:ss], campus time; defaults to now"))),
  session: v.optional(v.string()),
});

export const trainingReminderParams = v.object({
  session,
  trainId: int(1),
  formId: v.optional(v.pipe(v.string(), d("Accepted and ignored: template messages were retired, a subscribe message is sent"))),
  page: optionalText(256),
  remindText: optionalText(200),
});
export const cancelTrainingParams = v.object({ session, trainId: int(1) });
export const bookReminderParams = v.object({
  session,
  formId: v.optional(v.pipe(v.string(), d("Accepted and ignored: a subscribe message is sent"))),
  page: optionalText(256),
  bookName: text(200),
  borrowTime: v.pipe(dateText, d("%Y-%m-%d")),
  expiredTime: v.pipe(dateText, d("%Y-%m-%d, at most 7 days ahead")),
});

// Replies.
const status = v.pipe(
  v.number(),
  d("0 ok, 1 LOGIN_FAILED, 2 WeChat error, 3 SERVER_NETWORK_ERROR, 4 PARAM_<name>_MISS, 5 RSA_KEY_ERROR, 6 library error"),
);
const sessionOut = v.pipe(v.string(), d("Store it: a fresh one replaces the presented session once that is older than 120 s"));
export const reply = (fields: v.ObjectEntries = {}) => v.object({ status, session: v.optional(sessionOut), ...fields });
export const errorReply = v.object({
  status,
  err_msg: v.pipe(
    v.string(),
    d(
      "LOGIN_FAILED, WeChat's errmsg, SERVER_NETWORK_ERROR, PARAM_<name>_MISS / PARAM_<name>_INVALID, RSA_KEY_ERROR, or (status 6) the library operation or refusal",
    ),
  ),
  err_detail: v.optional(v.string()),
  detail: v.optional(v.pipe(v.string(), d("Status 6: the text to show the user"))),
  session: v.optional(sessionOut),
});

const str = v.string();
const num = v.number();
const ymd = v.pipe(str, d("YYYYMMDD"));
const hhmm = v.pipe(str, d("HHMM"));
export const patron = v.object({
  name: str,
  bor_id: v.pipe(str, d("The card number as typed (libId)")),
  department: str,
  reader_type: v.pipe(str, d("e.g. 本科生")),
});
export const patronInfo = v.object({
  name: str,
  birthday: ymd,
  gender: str,
  department: str,
  prof: v.pipe(str, d("The major")),
  email: str,
  telephone: str,
  type: v.pipe(str, d("The patron type")),
  bor_id: str,
  expiry: ymd,
  loans: v.pipe(num, d("Loans now")),
  holds: v.pipe(num, d("Hold requests now")),
  balance: v.pipe(str, d("Owed, e.g. 1.50")),
});
export const bookInfo = v.object({
  doc_number: str,
  year: str,
  no_call: v.pipe(str, d("Call number")),
  author: str,
  title: str,
  publish: str,
  isbn: str,
});
export const book = v.object({
  doc_number: v.pipe(str, d("Nine digits; book_detail's doc_num")),
  title: str,
  version: v.pipe(str, d("Edition")),
  publish: v.pipe(str, d("Publisher")),
  year: str,
  page: str,
  description: str,
  reader: v.pipe(str, d("Intended audience")),
  author: str,
  theme: v.pipe(str, d("Subject")),
  no_call: v.pipe(str, d("Call number")),
  isbn: str,
  language: v.pipe(str, d("chi, eng, ...")),
});
export const copy = v.object({
  loan_status: v.pipe(str, d("外借书 lendable (a hold may be placed), 阅览 reading room only, ...")),
  due_date: v.pipe(str, d("On Shelf, Reshelving, or the due date (DD/MM/YYYY) of a copy on loan")),
  due_hour: str,
  sub_library: v.pipe(str, d("The library holding it (总馆, 工学分馆, 信息分馆, 医学分馆)")),
  bar_code: v.pipe(str, d("hold_req's bar_code")),
  location: v.pipe(str, d("Call number")),
  rfid: v.pipe(str, d("The copy's shelf-finder page; empty here")),
});
export const searchSet = v.object({
  set_number: v.pipe(str, d("present's set_num; empty when nothing was found")),
  no_records: num,
  no_entries: num,
});
export const loan = v.object({
  loan_info: v.object({
    doc_number: str,
    item_sequence: str,
    material: str,
    sub_library: str,
    loan_date: ymd,
    loan_hour: hhmm,
    due_date: ymd,
    due_hour: hhmm,
  }),
  book_info: bookInfo,
  bar_code: v.pipe(str, d("renew's bar_code")),
});
const dmyDate = v.pipe(str, d("DD/MM/YYYY"));
export const hold = v.object({
  hold_info: v.object({
    doc_number: v.pipe(str, d("hold_req_cancel's doc_number")),
    item_sequence: v.pipe(str, d("hold_req_cancel's item_sequence")),
    sequence: v.pipe(str, d("hold_req_cancel's sequence")),
    request_date: dmyDate,
    end_date: dmyDate,
    pickup_loc: v.pipe(str, d("WL, XX, GX or YX")),
    status: v.pipe(str, d("In process (can be cancelled), In transit, On hold shelf")),
  }),
  book_info: bookInfo,
  bar_code: str,
});
export const fines = v.object({
  balance: v.pipe(str, d("Owed in total, e.g. 1.50")),
  detail: v.array(
    v.object({
      fine_info: v.object({
        status: v.pipe(str, d("Paid once settled, otherwise Not paid")),
        sum: v.pipe(str, d("e.g. 0.50")),
        description: str,
        date: ymd,
        sequence: str,
        id: str,
      }),
      book_info: bookInfo,
      bar_code: str,
    }),
  ),
});
export const history = v.object({ booktitle: str, author: str, loandate: ymd, returndate: ymd });
const stamp = v.pipe(str, d("YYYY-MM-DD HH:mm:ss (empty when there is none)"));
export const visits = v.object({
  "visit-count": v.pipe(str, d("Gate entries in all, as a decimal string")),
  "fist-visit-time": v.pipe(stamp, d("The first entry (the name is spelled so)")),
  "last-visit-time": stamp,
  "last-visit-branch": str,
  "most-branch-name": v.pipe(str, d("The library entered most often")),
  "most-branch-count": v.pipe(str, d("Entries there, as a decimal string")),
});
export const rank = v.object({ doc_number: str, title: str, author: str, bor_num: v.pipe(num, d("Loans in the period")) });

export const paged = (item: v.GenericSchema) =>
  v.object({ count: num, next: v.nullable(str), previous: v.nullable(str), results: v.array(item), session: v.optional(sessionOut) });
const time = v.pipe(str, d("ISO 8601 with the campus offset, YYYY-MM-DDTHH:mm:ss+08:00"));
export const notice = v.object({
  id: num,
  url: v.nullable(str),
  urlEnable: v.pipe(v.boolean(), d("true: open url; false: show contents")),
  title: str,
  contents: str,
  type: v.pipe(str, d("N, Z or P")),
  publishTime: time,
  pub_user: str,
});
export const training = v.object({
  id: num,
  title: str,
  contents: str,
  type: v.pipe(str, d("B, X or S")),
  place: str,
  start_time: time,
  end_time: time,
  speaker: str,
  pub_user: str,
  remindText: v.optional(v.pipe(str, d("With a session: the user's own remind text"))),
});
export const activity = v.object({
  id: num,
  url: v.nullable(str),
  urlEnable: v.boolean(),
  title: str,
  contents: str,
  publishTime: time,
  pub_user: str,
  img_url: v.pipe(str, d("The banner image (absolute URL; empty when none)")),
  place: str,
  start_time: time,
  end_time: time,
});
export const advise = v.object({
  id: num,
  contents: str,
  tel: str,
  stats: v.pipe(v.boolean(), d("Whether it has been dealt with")),
  solveTime: v.nullable(time),
  result: v.nullable(str),
  publishTime: time,
  solve_user: v.nullable(str),
});
