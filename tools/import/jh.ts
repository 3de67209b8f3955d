import { ecb } from "@noble/ciphers/aes.js";
import { md5 } from "@noble/hashes/legacy.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { and, eq, sql } from "drizzle-orm";
import { JH_USERTYPES, type JhBindname, jhBindings, jhSequences, jhUsers } from "../../src/db/schema/jh";
import { legacyIds } from "../../src/db/schema/legacy";
import type { Bindings, Db } from "../../src/env";
import { fromBase64 } from "../../src/platform/encoding";
import { hashPassword } from "../../src/platform/password";
import { normalName, usernameKey } from "../../src/surfaces/jh/accounts";
import { seal } from "../../src/surfaces/jh/vault";
import { type BoardSource, planBoard } from "./jh-board";
import { type ImportPlan, PlanBuilder } from "./plan";
import { importRow, type LegacyKey } from "./rows";
import { readMysqlDump } from "./sources/mysqldump";
import { Dump, int, text } from "./summer/dump";

export const SOURCE = "jh";

/**
 * tty.platform.aspserver kept every [SqlEncrypt] column AES-256-ECB (PKCS7, base64) under a key in its
 * source (Configs/Config.cs); a value that does not decrypt was kept as it is (Util/AesAddin.cs).
 */
const ORIGINAL_KEY = new TextEncoder().encode("LAVERALSTARDANDMDS7024200345IEVS");

export function decryptOriginal(value: string): string {
  if (!value) return "";
  const bytes = fromBase64(value);
  if (!bytes || bytes.length === 0 || bytes.length % 16 !== 0) return value;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(ecb(ORIGINAL_KEY).decrypt(bytes));
  } catch {
    return value;
  }
}

const isMd5 = (s: string) => /^[0-9a-f]{32}$/i.test(s);
const key = (entity: string, id: string): LegacyKey => ({ source: SOURCE, entity, legacyId: id });
const BINDINGS: JhBindname[] = ["jh", "zfedu"];

interface Binding {
  username: string;
  bindname: JhBindname;
  pid: string;
  password: string;
  state: number;
  line: number;
}

/**
 * 精弘 accounts (document 004) from a `mysqldump` of tty.platform.aspserver's MySQL database
 * (`usercredit`, `userinfo`, `msgboard`). Each stored password (the client's MD5, or from before
 * 2019-01-08 the password itself) is decrypted once here and kept only as Campus Edge's hash; old
 * credits are not carried (users log in once). Bindings (jh, zfedu) keep their password sealed as
 * Campus Edge seals it, which names the Campus Edge user: they are planned once the users are
 * written (`next`). The message board's posts and comments follow their authors (jh-board.ts).
 */
export async function planJh(file: string, textOfDump: string, now = Date.now(), board: BoardSource = {}): Promise<ImportPlan> {
  const dump = new Dump(file, readMysqlDump(file, textOfDump));
  const plan = new PlanBuilder(SOURCE);
  const credits = dump.rows("usercredit", ["username", "nickname", "password", "usertype"], true);
  const infos = new Map(
    dump
      .rows("userinfo", [
        "username",
        "jhpid",
        "pwbind_jh",
        "state_jh",
        "pwbind_zfedu",
        "state_zfedu",
        "email",
        "phone",
        "permission_msgboard",
      ])
      .map((r) => [text(r.values.username) ?? "", r]),
  );

  const keys = new Set<string>();
  const users: { username: string; line: number; values: Record<string, unknown> }[] = [];
  /** The imported users by their username in the dump (what the board names them by). */
  const imported = new Map<string, string>();
  let rawPasswords = 0;
  let lastNumeric = 0;
  for (const { values: r, line } of credits) {
    const username = normalName(text(r.username)?.trim() ?? "");
    const usertype = JH_USERTYPES.find((t) => t === text(r.usertype));
    let password = decryptOriginal(text(r.password) ?? "");
    if (!username) {
      plan.reject("user", `line ${line}`, "no username", line);
      continue;
    }
    if (keys.has(usernameKey(username))) {
      plan.reject(
        "user",
        username,
        "the same username as an earlier one but for case: Campus Edge tells names apart without regard to case",
        line,
      );
      continue;
    }
    if (!usertype) {
      plan.reject("user", username, `unknown usertype ${text(r.usertype)}`, line);
      continue;
    }
    if (!password) {
      plan.reject("user", username, "no password", line);
      continue;
    }
    if (!isMd5(password)) {
      // Stored before clients sent the MD5: today's clients send MD5(password), so that is what is kept.
      password = bytesToHex(md5(utf8ToBytes(password)));
      rawPasswords++;
    }
    keys.add(usernameKey(username));
    imported.set(text(r.username) ?? "", username);
    if (/^\d+$/.test(username)) lastNumeric = Math.max(lastNumeric, Number(username));
    const info = infos.get(text(r.username) ?? "")?.values;
    users.push({
      username,
      line,
      values: {
        username,
        usernameKey: usernameKey(username),
        nickname: decryptOriginal(text(r.nickname) ?? "") || username,
        password: password.toUpperCase(),
        usertype,
        permissionMsgboard: int(info?.permission_msgboard ?? null) ?? 0,
        email: decryptOriginal(text(info?.email ?? null) ?? ""),
        phone: decryptOriginal(text(info?.phone ?? null) ?? ""),
        createdAt: now,
      },
    });
  }
  // PBKDF2 is slow on purpose: a few at a time, the units kept in the dump's order (resuming relies on it).
  const hashes: string[] = [];
  for (let i = 0; i < users.length; i += 8) {
    hashes.push(...(await Promise.all(users.slice(i, i + 8).map((u) => hashPassword(String(u.values.password))))));
  }
  users.forEach((u, i) => {
    const { password: _password, ...values } = u.values;
    plan.add("user", (db) =>
      importRow(
        db,
        {
          key: key("user", u.username),
          table: jhUsers,
          values: { ...values, passwordHash: hashes[i] },
          id: jhUsers.id,
          natural: eq(jhUsers.usernameKey, usernameKey(u.username)),
        },
        now,
      ),
    );
  });
  if (rawPasswords) plan.note(`${rawPasswords} passwords were stored before clients sent their MD5: kept as the MD5 today's clients send`);
  plan.note("old credits are not carried: every user logs in once (autologin answers 403 and the clients show their login)");
  if (lastNumeric) {
    // register2 hands out the numbers after the last one the original gave.
    plan.add(
      "username counter",
      (db) => [
        db
          .insert(jhSequences)
          .values({ name: "username", value: lastNumeric })
          .onConflictDoUpdate({ target: jhSequences.name, set: { value: sql`max(${jhSequences.value}, excluded.value)` } }),
      ],
      { recorded: false },
    );
  }

  const bindings: Binding[] = [];
  for (const [username, { values: r, line }] of infos) {
    const name = normalName(username.trim());
    if (!users.some((u) => u.username === name)) {
      if (BINDINGS.some((b) => Number(r[`state_${b}`]) > 0)) plan.reject("binding", username, `its user ${username} is not imported`, line);
      continue;
    }
    const pid = decryptOriginal(text(r.jhpid) ?? "");
    for (const bindname of BINDINGS) {
      const state = int(r[`state_${bindname}`]) ?? 0;
      if (state === 0) continue;
      const password = decryptOriginal(text(r[`pwbind_${bindname}`]) ?? "");
      if (!pid || !password) plan.reject("binding", `${username}/${bindname}`, "bound without a student number or password", line);
      else bindings.push({ username: name, bindname, pid, password, state: state === 2 ? 2 : 1, line });
    }
  }
  if (bindings.length)
    plan.note(`${bindings.length} bindings (jh, zfedu) are written once their users are, sealed for the Campus Edge user`);

  planBoard(
    dump,
    plan,
    decryptOriginal,
    (username) => {
      const name = imported.get(username);
      return name === undefined ? null : key("user", name);
    },
    board,
    now,
  );
  const unread = dump.unread(new Set(["usercredit", "userinfo", "msgboard"]));
  if (unread.length) plan.note(`tables not read: ${unread.join(", ")}`);

  const built = plan.build();
  return {
    ...built,
    next: bindings.length ? (db, env) => planBindings(db, env, bindings, now) : undefined,
  };
}

/** The bindings, sealed for the Campus Edge users the accounts became. */
async function planBindings(db: Db, env: Bindings, bindings: Binding[], now: number): Promise<ImportPlan> {
  const plan = new PlanBuilder(SOURCE);
  const mapped = await db
    .select({ legacyId: legacyIds.legacyId, id: legacyIds.id })
    .from(legacyIds)
    .where(and(eq(legacyIds.source, SOURCE), eq(legacyIds.entity, "user")));
  const userIds = new Map(mapped.map((m) => [m.legacyId, Number(m.id)]));
  for (const b of bindings) {
    const userId = userIds.get(b.username);
    if (userId === undefined) {
      plan.reject("binding", `${b.username}/${b.bindname}`, `its user ${b.username} was not written`, b.line);
      continue;
    }
    const sealedPassword = await seal(env, { userId, bindname: b.bindname, pid: b.pid }, b.password);
    plan.add("binding", (d) =>
      importRow(
        d,
        {
          key: key("binding", `${b.username}/${b.bindname}`),
          table: jhBindings,
          values: { userId, bindname: b.bindname, pid: b.pid, sealedPassword, state: b.state, updatedAt: now },
          id: jhBindings.pid,
          natural: and(eq(jhBindings.userId, userId), eq(jhBindings.bindname, b.bindname)),
        },
        now,
      ),
    );
  }
  return plan.build();
}
