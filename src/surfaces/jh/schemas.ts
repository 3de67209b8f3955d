import * as v from "valibot";
import { MSG } from "./messages";

/** A text parameter; JSON clients may send digits (a username, a student number) as a number. */
const text = (description: string, max = 256) =>
  v.pipe(v.union([v.string(), v.number()]), v.transform(String), v.trim(), v.maxLength(max), v.description(description));
/** A password for an upstream, kept exactly as typed. */
const typed = (description: string) =>
  v.pipe(v.union([v.string(), v.number()]), v.transform(String), v.maxLength(256), v.description(description));

const md5 = (what: string) => text(`${what}: the hex MD5 of the UTF-8 password (clients send it upper case)`, 64);
const credit = text("Credit from login or autologin: 32 lowercase hex characters", 64);
const nickname = text("2 to 15 characters", 64);
const username = text("2 to 10 characters, no English special characters, not all digits", 64);

const method = <M extends v.GenericSchema, F extends v.ObjectEntries>(name: string, m: M, summary: string, messages: string[], fields: F) =>
  v.pipe(v.object({ method: m, ...fields }), v.title(name), v.description(`${summary} Messages: ${messages.join("; ")}.`));

const retired = [MSG.retired];

/** `/api/user`: one operation per `method`. */
export const userParams = v.variant("method", [
  method(
    "register",
    v.literal("register"),
    "Register with a chosen username (usertype COMMON); data null.",
    [MSG.registerEmpty, MSG.usernameRule, MSG.passwordLength, MSG.nicknameRule, MSG.usernameTaken, MSG.registered],
    { username, password: md5("Password"), nickname },
  ),
  method(
    "register2",
    v.literal("register2"),
    "Register with the next numeric username from 10086 upward; data {username, nickname, usertype}.",
    [MSG.register2Empty, MSG.passwordNotHashed, MSG.nicknameLength, MSG.registered2],
    { password: md5("Password"), nickname },
  ),
  method(
    "login",
    v.literal("login"),
    "Log in on a device (mobile or pc; web is not open yet), replacing that device's credit; data {username, nickname, credit, usertype}. Five wrong passwords within 15 minutes lock the username's logins for 15 minutes.",
    [MSG.deviceType, MSG.loginEmpty, MSG.noUser, MSG.loginWrongPassword, MSG.locked(15), MSG.loggedIn],
    { username, password: md5("Password"), devicetype: text("mobile or pc", 16) },
  ),
  method(
    "autologin",
    v.literal("autologin"),
    "Trade a credit for a new one (the old one stops working at once; of two racing, one gets 402); data {username, nickname, usertype, credit, devicetype}.",
    [MSG.creditEmpty, MSG.creditInvalid, `402 ${MSG.autologinFailed}`, MSG.autologgedIn],
    { credit },
  ),
  method(
    "changepw",
    v.picklist(["changepw", "changpw"]),
    "Change the password (changpw is the document's spelling); every credit of the user ends.",
    [MSG.changepwEmpty, MSG.noUser, MSG.wejhCannotChange, MSG.passwordNotHashed, MSG.wrongPassword, MSG.locked(15), MSG.passwordChanged],
    { username, password: md5("Old password"), newpassword: md5("New password") },
  ),
  method(
    "changenickname",
    v.literal("changenickname"),
    "Change the nickname.",
    [MSG.changenicknameEmpty, MSG.nicknameLength, MSG.creditInvalid, MSG.nicknameChanged],
    { credit, nickname },
  ),
  method("wejhlogin", v.literal("wejhlogin"), "Retired (微精弘 quick login): always refused.", retired, {}),
]);

export const bindParams = v.object({
  credit,
  bindname: text("jh (精弘 passport), zfedu (正方, needs jh); lib, card, ycedu are not open yet", 16),
  pid: v.optional(text("Student number (jh only)", 64)),
  password: v.optional(typed("The 精弘 passport password (jh) or the 正方 password (zfedu), as typed")),
});

export const getinfoParams = v.object({ credit, type: text("bind or base", 16) });

export const sharedParams = v.object({
  type: text("user or usermd5", 16),
  query: v.pipe(
    v.union([v.string(), v.array(v.union([v.string(), v.number()]))]),
    v.description(`A JSON array of usernames, e.g. ["10086","10087"] (['10086'] accepted too); at most 200 for user, 50 for usermd5`),
  ),
});

export const setinfoParams = v.object({
  credit,
  email: v.optional(text("Email; empty clears it", 256)),
  portrait: v.optional(
    v.pipe(v.string(), v.trim(), v.description("Hex of a JPEG or PNG of at most 256 KiB; empty or default::unset removes it")),
  ),
  phone: v.optional(text("Phone number; empty clears it", 32)),
});

export const noParams = v.object({});

// ---- Replies ----

const reply = <T extends v.GenericSchema>(data: T) =>
  v.object({
    code: v.pipe(
      v.number(),
      v.description("200 success; 400 无效的访问。; 402 or 403 with the document's message (HTTP status always 200)"),
    ),
    msg: v.string(),
    data,
  });

const usertype = v.picklist(["COMMON", "WEJH", "TEST"]);
export const nothing = reply(v.null());

export const userReply = v.union([
  reply(v.object({ username: v.string(), nickname: v.string(), usertype })),
  reply(
    v.object({
      username: v.string(),
      nickname: v.string(),
      usertype,
      credit: v.pipe(v.string(), v.description("32 lowercase hex")),
      devicetype: v.optional(v.picklist(["mobile", "pc"])),
    }),
  ),
  nothing,
]);

export const bindReply = v.union([reply(v.object({ pid: v.string(), email: v.string(), type: v.string() })), nothing]);

const bindState = v.pipe(v.picklist([0, 1, 2]), v.description("0 unbound, 1 bound but no longer valid, 2 valid"));
export const getinfoReply = v.union([
  reply(
    v.array(v.object({ bindname: v.picklist(["jh", "lib", "zfedu", "ycedu", "card"]), pid: v.nullable(v.string()), state: bindState })),
  ),
  reply(
    v.object({
      username: v.string(),
      nickname: v.string(),
      usertype,
      portrait: v.pipe(v.string(), v.description("Lowercase hex of the image, or default::unset")),
      email: v.string(),
      phone: v.string(),
      permission_msgboard: v.pipe(v.picklist([0, 1, 2]), v.description("0 user, 1 admin, 2 super admin")),
    }),
  ),
  nothing,
]);

export const sharedReply = v.union([
  reply(v.array(v.object({ username: v.string(), nickname: v.string(), usertype, portrait: v.string() }))),
  reply(v.array(v.object({ username: v.string(), md5: v.pipe(v.string(), v.description("Upper-case MD5 of the compact JSON of user")) }))),
  nothing,
]);

const effect = v.pipe(v.picklist([0, 1, 2]), v.description("2 changed, 1 refused, 0 not sent"));
export const setinfoReply = v.union([reply(v.object({ e_email: effect, e_portrait: effect, e_phone: effect })), nothing]);

export const timeReply = reply(
  v.nullable(
    v.object({
      year: v.pipe(v.number(), v.description("Academic year the term belongs to, e.g. 2018 for 2018-2019")),
      term: v.pipe(v.picklist([3, 12, 16]), v.description("3 first, 12 second, 16 short")),
      begin: v.string(),
      end: v.string(),
      dayofweek: v.pipe(v.number(), v.description("Sunday 0")),
      week: v.pipe(v.number(), v.description("Week of the term from 1; 0 before the next term begins")),
      weeklasting: v.number(),
    }),
  ),
);

export const refusedReply = v.object({ code: v.literal(405), msg: v.literal(MSG.getForbidden), data: v.null() });

/** A year or term as a form sends it (text) or a JSON client (a number): the same pattern for both. */
const termNumber = (description: string, pattern: RegExp) =>
  v.optional(
    v.pipe(
      v.union([v.pipe(v.number(), v.integer(), v.transform(String)), v.pipe(v.string(), v.trim())]),
      v.regex(pattern),
      v.transform(Number),
      v.description(description),
    ),
  );

export const courseParams = v.object({
  credit,
  year: termNumber("The academic year the term starts in, e.g. 2026 for 2026-2027 (with term; both left out: the current term)", /^\d{4}$/),
  term: termNumber("3 first, 12 second, 16 short term", /^(3|12|16)$/),
});

const course = v.object({
  name: v.string(),
  college: v.pipe(v.string(), v.description("The college teaching it")),
  type: v.pipe(v.string(), v.description("How it is assessed (考试, 考查)")),
  teacher: v.string(),
  campus: v.string(),
  location: v.string(),
  weekrange: v.pipe(v.string(), v.description("Weeks, e.g. 1-16")),
  dayofweek: v.pipe(v.string(), v.description("1 Monday .. 7 Sunday")),
  timerange: v.pipe(v.string(), v.description("Periods of the day, e.g. 1-2")),
  classscore: v.pipe(v.number(), v.description("Credits")),
  classhour: v.pipe(v.number(), v.description("Class hours")),
});
export const courseReply = v.union([reply(v.array(course)), nothing]);
