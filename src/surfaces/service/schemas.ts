import * as v from "valibot";
import { digits, text } from "../../platform/params";

const textOrDigits = v.union([v.string(), digits]);
export const phone = v.pipe(textOrDigits, v.trim(), v.regex(/^\+?[\d\s-]{5,20}$/, "must be a phone number"));
const qq = v.pipe(textOrDigits, v.trim(), v.nonEmpty(), v.maxLength(64));
const cardno = v.pipe(textOrDigits, v.trim(), v.regex(/^[\w-]{1,32}$/, "must be a student number"));
const wxid = v.pipe(textOrDigits, v.trim(), v.maxLength(64));

/** The credential: a signed handle from getOpenid/login (or a raw openid where allowed). */
export const openid = v.pipe(text(2048), v.description("Handle returned by getOpenid or login"));

export const loginParams = v.strictObject({ openid, phone, qq, cardno, wxid: v.optional(wxid) });
export const openidParams = v.strictObject({ openid });
export const getOpenidParams = v.strictObject({ js_code: text(256) });
/** `update` is documented as a JSON string; JSON clients may send the object itself. */
export const updateParams = v.strictObject({
  openid,
  update: v.union([v.pipe(v.string(), v.maxLength(4096)), v.record(v.string(), v.unknown())]),
});
export const addHistoryParams = v.strictObject({ openid, hist: text(100) });

/** Fields `update` may change, with the same rules as login. */
export const updatableFields = v.strictObject({
  phone: v.optional(phone),
  qq: v.optional(qq),
  cardno: v.optional(cardno),
  wxid: v.optional(wxid),
});

const envelope = <T extends v.GenericSchema>(data: T) =>
  v.object({ code: v.pipe(v.number(), v.description("0 success; negative codes as documented")), msg: v.string(), data });

export const user = v.object({
  id: v.number(),
  openid: v.pipe(v.string(), v.description("Signed handle to store and send back")),
  phone: v.string(),
  qq: v.string(),
  cardno: v.string(),
  wxid: v.nullable(v.string()),
  created_at: v.pipe(v.string(), v.description("YYYY-MM-DD HH:mm:ss")),
  modified_at: v.pipe(v.string(), v.description("YYYY-MM-DD HH:mm:ss")),
});

export const userReply = envelope(user);
export const openidReply = envelope(v.object({ openid: v.string() }));
export const historyReply = envelope(v.array(v.string()));
export const emptyReply = envelope(v.array(v.never()));
export const errorReply = envelope(v.array(v.never()));
