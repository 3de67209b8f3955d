import { and, eq, ne, type SQL } from "drizzle-orm";
import { jhBindings } from "../../db/schema/jh";
import type { Bindings, Db } from "../../env";
import type { Outcome } from "./accounts";
import { clearPidAttempts } from "./bind-attempts";
import type { JhUser } from "./credits";
import { refuse } from "./envelope";
import { MSG } from "./messages";
import { type JhUpstream, UpstreamUnavailable, type ZfTerm } from "./upstream";
import { seal, unseal } from "./vault";

export type Binding = typeof jhBindings.$inferSelect;
export const STATE = { unbound: 0, invalid: 1, valid: 2 } as const;

const SYSTEM_NAME = { passport: "精弘用户中心", zf: "正方教务" } as const;

/** The 403 naming an upstream that is unreachable, slow or garbled. */
export function upstreamRefusal(err: UpstreamUnavailable) {
  const name = SYSTEM_NAME[err.system];
  return refuse(err.timedOut ? MSG.upstreamTimeout(name) : MSG.upstreamDown(name));
}

/** Runs an upstream call; an unreachable, slow or garbled upstream is a 403 saying so, and changes nothing. */
async function reach<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof UpstreamUnavailable) throw upstreamRefusal(err);
    throw err;
  }
}

export const bindingsOf = (db: Db, userId: number | SQL) => db.select().from(jhBindings).where(eq(jhBindings.userId, userId));

function upsertBinding(db: Db, row: Omit<Binding, "updatedAt">, now: number) {
  const { userId: _u, bindname: _b, ...rest } = row;
  return db
    .insert(jhBindings)
    .values({ ...row, updatedAt: now })
    .onConflictDoUpdate({ target: [jhBindings.userId, jhBindings.bindname], set: { ...rest, updatedAt: now } });
}

export const setState = (db: Db, userId: number, bindname: Binding["bindname"], state: number, now: number) =>
  db
    .update(jhBindings)
    .set({ state, updatedAt: now })
    .where(and(eq(jhBindings.userId, userId), eq(jhBindings.bindname, bindname)));

/**
 * Binds the 精弘 passport (the caller's attempt already counted, bind-attempts.ts). Success stores the sealed
 * password with state 2; binding another student number marks a 正方 binding made with the old one no longer
 * valid. A student number bound to another account moves to this one, which has just proved its password:
 * the other account's jh and 正方 bindings of it become state 1 and lose their sealed passwords, so it has to
 * bind again. A refusal (a wrong password and an unknown student number alike, so the answer tells a guesser
 * nothing) leaves every binding as it was.
 */
export async function bindJh(
  db: Db,
  env: Bindings,
  upstream: JhUpstream,
  user: JhUser,
  p: { pid: string; password: string },
  now = Date.now(),
): Promise<Outcome> {
  if (!p.pid || !p.password) throw refuse(MSG.bindJhEmpty);
  const result = await reach(() => upstream.passportLogin(p.pid, p.password));
  if (!result.ok) throw refuse(MSG.bindJhFailed);
  const pid = result.account.pid || p.pid;
  const sealedPassword = await seal(env, { userId: user.id, bindname: "jh", pid }, p.password);
  await db.batch([
    upsertBinding(db, { userId: user.id, bindname: "jh", pid, sealedPassword, state: STATE.valid }, now),
    db
      .update(jhBindings)
      .set({ state: STATE.invalid, updatedAt: now })
      .where(and(eq(jhBindings.userId, user.id), eq(jhBindings.bindname, "zfedu"), ne(jhBindings.pid, pid))),
    db
      .update(jhBindings)
      .set({ state: STATE.invalid, sealedPassword: "", updatedAt: now })
      .where(and(ne(jhBindings.userId, user.id), eq(jhBindings.pid, pid))),
    clearPidAttempts(db, pid),
    ...(pid === p.pid ? [] : [clearPidAttempts(db, p.pid)]),
  ]);
  return { msg: MSG.boundJh, data: { pid, email: result.account.email, type: result.account.type } };
}

/**
 * Binds 正方: needs a jh binding (among the user's `bindings`), re-checks it with the stored password (a
 * refusal makes it state 1: 请重新绑定精弘账号), then checks 正方 with the
 * student number. A failure leaves an existing 正方 binding as it was.
 */
export async function bindZf(
  db: Db,
  env: Bindings,
  upstream: JhUpstream,
  user: JhUser,
  bindings: Binding[],
  p: { password: string; term: ZfTerm },
  now = Date.now(),
): Promise<Outcome> {
  const jh = bindings.find((b) => b.bindname === "jh");
  if (!jh) throw refuse(MSG.noJhBinding);
  if (!p.password) throw refuse(MSG.passwordEmpty);
  const jhPassword = await unseal(env, { userId: user.id, bindname: "jh", pid: jh.pid }, jh.sealedPassword);
  const recheck = jhPassword === null ? null : await reach(() => upstream.passportLogin(jh.pid, jhPassword));
  if (!recheck?.ok) {
    await setState(db, user.id, "jh", STATE.invalid, now);
    throw refuse(MSG.rebindJh);
  }
  if (jh.state !== STATE.valid) await setState(db, user.id, "jh", STATE.valid, now);
  if (!(await reach(() => upstream.zfLogin(jh.pid, p.password, p.term)))) throw refuse(MSG.bindZfFailed);
  const sealedPassword = await seal(env, { userId: user.id, bindname: "zfedu", pid: jh.pid }, p.password);
  await upsertBinding(db, { userId: user.id, bindname: "zfedu", pid: jh.pid, sealedPassword, state: STATE.valid }, now);
  return { msg: MSG.boundZf, data: null };
}
