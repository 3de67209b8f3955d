import { and, eq, inArray, isNull } from "drizzle-orm";
import { jhUsers } from "../../db/schema/jh";
import type { Bindings, Db } from "../../env";
import { usernameKey } from "./accounts";
import type { JhUser } from "./credits";
import { clientJson, refuse } from "./envelope";
import { md5Upper } from "./hashing";
import { MSG } from "./messages";
import { portraitOf } from "./portraits";

/**
 * At most this many usernames per query. The desktop client asks type=user for every author it has seen on the
 * board, every poll, so `user` takes as many as a board's authors; its reply is written one user at a time
 * (`publicInfoReply`), so only one portrait is held at once whatever the count.
 */
export const MAX_SHARED_QUERY = { usermd5: 50, user: 200 } as const;

/** D1 binds at most 100 parameters a statement. */
const NAMES_PER_STATEMENT = 100;
export type SharedType = keyof typeof MAX_SHARED_QUERY;

/**
 * Sheds floods of /api/shared, which needs no credit and answers with portraits: per client address, before D1
 * or R2 is touched. The counters are per Cloudflare location and approximate.
 */
export async function checkSharedRate(env: Bindings, clientAddress: string | undefined) {
  const { success } = await env.JH_SHARED_LIMIT.limit({ key: `ip:${clientAddress ?? "unknown"}` });
  if (!success) throw refuse(MSG.tooFrequent);
}

/**
 * `query`: a JSON array of usernames, or the document's single-quoted
 * `['10086']` form (JSON clients may send the array itself). Duplicates
 * (without regard to case) and empty names are dropped; null when unreadable.
 */
export function parseQuery(raw: unknown, max: number): string[] | null {
  let list: unknown = raw;
  if (typeof raw === "string") {
    list = undefined;
    for (const text of [raw, raw.replace(/'/g, '"')]) {
      try {
        list = JSON.parse(text);
        break;
      } catch {}
    }
  }
  if (!Array.isArray(list)) return null;
  const seen = new Set<string>();
  const names: string[] = [];
  for (const item of list) {
    if (typeof item !== "string" && typeof item !== "number") return null;
    const name = String(item).trim();
    if (name && !seen.has(usernameKey(name))) {
      seen.add(usernameKey(name));
      names.push(name);
    }
  }
  return names.length > max ? null : names;
}

/** The known users among `names`, in the query's order (unknown names skipped). */
export async function findUsers(db: Db, names: string[]): Promise<JhUser[]> {
  const keys = names.map((n) => usernameKey(n));
  const select = (from: number) =>
    db
      .select()
      .from(jhUsers)
      .where(inArray(jhUsers.usernameKey, keys.slice(from, from + NAMES_PER_STATEMENT)));
  const [first, ...rest] = Array.from({ length: Math.ceil(keys.length / NAMES_PER_STATEMENT) }, (_, i) => select(i * NAMES_PER_STATEMENT));
  if (!first) return [];
  const rows = rest.length === 0 ? await first : (await db.batch([first, ...rest])).flat();
  const byKey = new Map(rows.map((r) => [r.usernameKey, r]));
  return names.flatMap((n) => byKey.get(usernameKey(n)) ?? []);
}

/**
 * The type=user reply, `{code, msg, data: [...]}` as `ok` writes it, streamed one user at a time: each portrait is
 * read from R2 when its turn comes.
 */
export function publicInfoReply(env: Bindings, users: JhUser[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let next = 0;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode(`{"code":200,"msg":${clientJson(MSG.gotShared)},"data":[`));
    },
    async pull(controller) {
      const user = users[next];
      if (!user) {
        controller.enqueue(encoder.encode("]}"));
        controller.close();
        return;
      }
      const info = clientJson(await publicInfo(env, user));
      controller.enqueue(encoder.encode(next === 0 ? info : `,${info}`));
      next++;
    },
  });
}

export async function publicInfo(env: Bindings, user: JhUser) {
  return { username: user.username, nickname: user.nickname, usertype: user.usertype, portrait: await portraitOf(env, user) };
}

/**
 * usermd5: the upper-case MD5 of the compact JSON of the user's public info.
 * Cached in `public_md5`; every change of those fields clears it, and a value
 * computed here is stored only if they have not changed meanwhile.
 */
export async function publicMd5(db: Db, env: Bindings, user: JhUser): Promise<string> {
  if (user.publicMd5) return user.publicMd5;
  const md5 = await md5Upper(JSON.stringify(await publicInfo(env, user)));
  await db
    .update(jhUsers)
    .set({ publicMd5: md5 })
    .where(
      and(
        eq(jhUsers.id, user.id),
        isNull(jhUsers.publicMd5),
        eq(jhUsers.nickname, user.nickname),
        eq(jhUsers.usertype, user.usertype),
        user.portraitVersion === null ? isNull(jhUsers.portraitVersion) : eq(jhUsers.portraitVersion, user.portraitVersion),
      ),
    );
  return md5;
}
