import * as v from "valibot";
import { int, text } from "../../platform/params";

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
export const findParams = v.object({
  session,
  keyword: text(200),
  code: v.pipe(
    v.picklist(["wrd", "wti", "WAU", "CAN", "ISS", "ISB"]),
    d("wrd any word, wti title, WAU author, CAN call number, ISS ISSN, ISB ISBN"),
  ),
});
export const presentParams = v.object({
  session,
  set_num: v.pipe(text(32), v.regex(/^\d+$/, "must be a set number")),
  entry: v.optional(v.pipe(int(1, 999_999_999), d("First entry (1-based); 10 records from there")), 1),
});
export const detailParams = v.object({ session, doc_num: v.pipe(text(9), v.regex(/^\d{1,9}$/, "must be a document number")) });
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
  tel: v.pipe(text(32), v.regex(/^\+?[\d-]{5,20}$/, "must be a phone number")),
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
export const patron = v.object({ id: str, name: str, email: str, telephone: str, status: str, expiry: str });
export const patronInfo = v.object({ ...patron.entries, loans: num, holds: num, balance: str });
export const book = v.object({
  doc_number: str,
  title: str,
  author: str,
  publisher: str,
  year: str,
  isbn: str,
  call_no: str,
  language: str,
});
export const copy = v.object({
  bar_code: str,
  item_sequence: str,
  sub_library: str,
  collection: str,
  call_no: str,
  status: v.pipe(str, d("在架, 借出 or 预约")),
  due_date: v.nullable(str),
});
export const bookDetail = v.object({ ...book.entries, subjects: v.array(str), summary: str, pages: str, items: v.array(copy) });
export const searchSet = v.object({ set_number: str, no_records: num, no_entries: num });
export const loan = v.object({
  bar_code: str,
  doc_number: str,
  title: str,
  author: str,
  call_no: str,
  sub_library: str,
  loan_date: str,
  due_date: str,
  returned_date: v.optional(str),
});
export const hold = v.object({
  doc_number: str,
  item_sequence: str,
  sequence: str,
  bar_code: str,
  title: str,
  author: str,
  pickup: str,
  request_date: str,
  end_date: str,
  status: str,
});
export const fines = v.object({
  balance: str,
  fines: v.array(v.object({ sequence: str, date: str, amount: str, description: str, title: str })),
});
export const visit = v.object({ date: str, time: str, gate: str });
export const rank = v.object({ rank: num, doc_number: str, title: str, author: str, call_no: str, loans: num });

export const paged = (item: v.GenericSchema) =>
  v.object({ count: num, next: v.nullable(str), previous: v.nullable(str), results: v.array(item), session: v.optional(sessionOut) });
const time = v.pipe(str, d("YYYY-MM-DD HH:mm:ss, campus time"));
export const notice = v.object({ id: num, type: str, title: str, content: str, author: str, url: v.nullable(str), publishTime: time });
export const training = v.object({
  id: num,
  type: str,
  title: str,
  content: str,
  speaker: str,
  place: str,
  startTime: time,
  endTime: time,
  publishTime: time,
  remindText: v.optional(str),
});
export const activity = v.object({
  id: num,
  title: str,
  content: str,
  place: str,
  image: v.nullable(str),
  startTime: time,
  endTime: time,
  publishTime: time,
});
export const advise = v.object({ id: num, tel: str, contents: str, publishTime: time });
