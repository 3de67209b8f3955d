import { and, eq, ne, type SQL, sql } from "drizzle-orm";
import { JH_DEVICES, type JhDevice, jhSequences, jhUsers } from "../../db/schema/jh";
import type { Bindings, Db } from "../../env";
import { config } from "../../platform/config";
import { hashPassword, verifyPassword } from "../../platform/password";
import { creditHash, dropCredit, endCredits, findCredit, isExpired, type JhUser, newCredit, rotateCredit, storeCredit } from "./credits";
import { refuse } from "./envelope";
import { isMd5 } from "./hashing";
import { type Attempt, attemptOf, clearAttempts, countAttempt, isLocked, lockedMessage, policyOf } from "./lockout";
import { MSG } from "./messages";

/** What a method answers: the document's message and its data (null when none). */
export interface Outcome {
  msg: string;
  data: unknown;
}

/** register2 hands out numeric usernames from this one upward. */
export const FIRST_NUMERIC_USERNAME = 10086;
const ALLOCATION_TRIES = 20;
const isDevice = (s: string): s is JhDevice => (JH_DEVICES as readonly string[]).includes(s);

const length = (s: string) => [...s].length;
/**
 * Control and format characters (Unicode Cc, Cf): zero-width spaces and joiners, bidirectional overrides such
 * as U+202E, soft hyphens. They make a name look like another one, or reorder what is shown after it.
 */
const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}]/u;
/** English special characters (ASCII punctuation) and spaces. */
const SPECIAL = /[!-/:-@[-`{-~\s]/;

/**
 * Names are kept in NFKC, so a full-width `Ｋelvin` or the Kelvin sign is the `Kelvin` it looks like; the rules
 * below are checked on the normalised name, which is the one stored.
 */
export const normalName = (name: string) => name.normalize("NFKC");

/** Rules of a normalised username and nickname. */
export const validUsername = (u: string) =>
  length(u) >= 2 && length(u) <= 10 && !SPECIAL.test(u) && !CONTROL_OR_FORMAT.test(u) && !/^\d+$/.test(u);
export const validNickname = (n: string) => length(n) >= 2 && length(n) <= 15 && !CONTROL_OR_FORMAT.test(n);
export const usernameKey = (u: string) => normalName(u).toLowerCase();
/** The stored secret is a PBKDF2 of the client's MD5 in upper case. */
export const hashMd5 = (md5: string) => hashPassword(md5.toUpperCase());
const checkMd5 = (md5: string, stored: string) => (isMd5(md5) ? verifyPassword(md5.toUpperCase(), stored) : Promise.resolve(false));

export function findByUsername(db: Db, username: string) {
  return db.query.jhUsers.findFirst({ where: eq(jhUsers.usernameKey, usernameKey(username)) });
}

export async function register(db: Db, p: { username: string; password: string; nickname: string }): Promise<Outcome> {
  if (!p.username || !p.password || !p.nickname) throw refuse(MSG.registerEmpty);
  const [username, nickname] = [normalName(p.username), normalName(p.nickname)];
  if (!validUsername(username)) throw refuse(MSG.usernameRule);
  if (!isMd5(p.password)) throw refuse(MSG.passwordLength);
  if (!validNickname(nickname)) throw refuse(MSG.nicknameRule);
  const rows = await db
    .insert(jhUsers)
    .values({
      username,
      usernameKey: usernameKey(username),
      nickname,
      passwordHash: await hashMd5(p.password),
      createdAt: Date.now(),
    })
    .onConflictDoNothing()
    .returning({ id: jhUsers.id });
  if (rows.length === 0) throw refuse(MSG.usernameTaken);
  return { msg: MSG.registered, data: null };
}

/**
 * register2: the next numeric username. The counter is advanced and the user
 * inserted under its value in one atomic batch, so concurrent calls never
 * share a name; a name already taken (an imported user) moves on to the next.
 */
export async function register2(db: Db, p: { password: string; nickname: string }): Promise<Outcome> {
  if (!p.password || !p.nickname) throw refuse(MSG.register2Empty);
  if (!isMd5(p.password)) throw refuse(MSG.passwordNotHashed);
  const nickname = normalName(p.nickname);
  if (!validNickname(nickname)) throw refuse(MSG.nicknameLength);
  const passwordHash = await hashMd5(p.password);
  const assigned = sql`(SELECT CAST(${jhSequences.value} AS TEXT) FROM ${jhSequences} WHERE ${jhSequences.name} = 'username')`;
  for (let i = 0; i < ALLOCATION_TRIES; i++) {
    const [, inserted] = await db.batch([
      db
        .insert(jhSequences)
        .values({ name: "username", value: FIRST_NUMERIC_USERNAME })
        .onConflictDoUpdate({ target: jhSequences.name, set: { value: sql`${jhSequences.value} + 1` } }),
      db
        .insert(jhUsers)
        .values({ username: assigned, usernameKey: assigned, nickname, passwordHash, createdAt: Date.now() })
        .onConflictDoNothing()
        .returning({ username: jhUsers.username, nickname: jhUsers.nickname, usertype: jhUsers.usertype }),
    ]);
    if (inserted.length === 1) return { msg: MSG.registered2, data: inserted[0] };
  }
  throw new Error("register2: no free numeric username after several tries");
}

/** The account a username names, read with one attempt counted on it when `counts` holds of it (see lockout.ts). */
async function accountCounted(db: Db, env: Bindings, username: string, counts: SQL | undefined, now: number) {
  const account = eq(jhUsers.usernameKey, usernameKey(username));
  const [[user], counted] = await db.batch([
    db.select().from(jhUsers).where(account).limit(1),
    countAttempt(db, and(account, counts) ?? account, policyOf(env), now),
  ]);
  return { user, attempt: attemptOf(counted) };
}

/** Checks a password whose attempt was counted: the lockout message when locked, `wrongMessage` when wrong. */
async function checkPassword(env: Bindings, user: JhUser, attempt: Attempt, md5: string, wrongMessage: string, now: number) {
  const policy = policyOf(env);
  if (isLocked(user, now)) throw refuse(lockedMessage(user.lockedUntil, policy, now));
  if (!attempt.allowed) throw refuse(lockedMessage(null, policy, now));
  if (!(await checkMd5(md5, user.passwordHash))) {
    throw refuse(attempt.lockedUntil ? lockedMessage(attempt.lockedUntil, policy, now) : wrongMessage);
  }
}

export async function login(
  db: Db,
  env: Bindings,
  p: { username: string; password: string; devicetype: string },
  now = Date.now(),
): Promise<Outcome> {
  // `web` is in the document's list but "暂不开放".
  const device = p.devicetype;
  if (!isDevice(device)) throw refuse(MSG.deviceType);
  if (!p.username || !p.password) throw refuse(MSG.loginEmpty);
  const { user, attempt } = await accountCounted(db, env, p.username, undefined, now);
  if (!user) throw refuse(MSG.noUser);
  await checkPassword(env, user, attempt, p.password, MSG.loginWrongPassword, now);
  const credit = newCredit();
  await db.batch([clearAttempts(db, user.id), storeCredit(db, user.id, device, await creditHash(credit), now)]);
  return { msg: MSG.loggedIn, data: { username: user.username, nickname: user.nickname, credit, usertype: user.usertype } };
}

/** The old credit stops working at once; of two racing autologins with it, one succeeds and the other gets 402. */
export async function autologin(db: Db, env: Bindings, p: { credit: string }, now = Date.now()): Promise<Outcome> {
  if (!p.credit) throw refuse(MSG.creditEmpty);
  const found = await findCredit(db, p.credit);
  if (!found) throw refuse(MSG.creditInvalid);
  if (isExpired(found.credit, config(env).JH_CREDIT_TTL_DAYS, now)) {
    await dropCredit(db, found.credit);
    throw refuse(MSG.creditInvalid);
  }
  const credit = await rotateCredit(db, found.credit, now);
  if (!credit) throw refuse(MSG.autologinFailed, 402);
  const { user } = found;
  return {
    msg: MSG.autologgedIn,
    data: { username: user.username, nickname: user.nickname, usertype: user.usertype, credit, devicetype: found.credit.deviceType },
  };
}

/** changepw (and the document's spelling changpw): every credit of the user ends. */
export async function changePassword(
  db: Db,
  env: Bindings,
  p: { username: string; password: string; newpassword: string },
  now = Date.now(),
): Promise<Outcome> {
  if (!p.username || !p.password || !p.newpassword) throw refuse(MSG.changepwEmpty);
  // An attempt is counted only when the password is what decides: not for a WEJH account, nor a new password not hashed.
  const decides = isMd5(p.newpassword) ? ne(jhUsers.usertype, "WEJH") : sql`0`;
  const { user, attempt } = await accountCounted(db, env, p.username, decides, now);
  if (!user) throw refuse(MSG.noUser);
  if (user.usertype === "WEJH") throw refuse(MSG.wejhCannotChange);
  if (!isMd5(p.newpassword)) throw refuse(MSG.passwordNotHashed);
  await checkPassword(env, user, attempt, p.password, MSG.wrongPassword, now);
  const passwordHash = await hashMd5(p.newpassword);
  await db.batch([
    db.update(jhUsers).set({ passwordHash }).where(eq(jhUsers.id, user.id)),
    clearAttempts(db, user.id),
    endCredits(db, user.id),
  ]);
  return { msg: MSG.passwordChanged, data: null };
}

export async function changeNickname(db: Db, user: JhUser, nickname: string): Promise<Outcome> {
  await db.update(jhUsers).set({ nickname, publicMd5: null }).where(eq(jhUsers.id, user.id));
  return { msg: MSG.nicknameChanged, data: null };
}
