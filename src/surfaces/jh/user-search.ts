import { and, asc, count, desc, gt, gte, lt, type SQL, sql } from "drizzle-orm";
import { type JhUsertype, jhUsers } from "../../db/schema/jh";
import type { Db } from "../../env";
import { usernameKey } from "./accounts";

/** Matches are counted up to this many; past it the count reads "more than". */
export const SEARCH_COUNT_CAP = 1000;

export interface FoundUser {
  username: string;
  usernameKey: string;
  nickname: string;
  usertype: JhUsertype;
  permissionMsgboard: number;
  lockedUntil: number | null;
  createdAt: number;
}

export interface UserSearchPage {
  rows: FoundUser[];
  /** Matching users, at most SEARCH_COUNT_CAP (see `capped`). */
  total: number;
  capped: boolean;
  /** Keys to pass as `after` / `before` for the next and previous pages; null when there is none. */
  next: string | null;
  prev: string | null;
}

/** The least string above every string that starts with `prefix` (SQLite compares UTF-8 bytes: code point order). */
function pastPrefix(prefix: string): string | null {
  const chars = [...prefix];
  while (chars.length > 0) {
    let next = (chars.pop()?.codePointAt(0) ?? 0) + 1;
    if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
    if (next <= 0x10ffff) return chars.join("") + String.fromCodePoint(next);
  }
  return null;
}

/**
 * Users whose username starts with `prefix` (without regard to case; an exact
 * name comes first), in username order, a page at a time by key. Every
 * statement walks the username index from the prefix and stops at the page's
 * end, or at the count's cap: never the whole table.
 */
export async function searchUsers(
  db: Db,
  prefix: string,
  page: { limit: number; after?: string; before?: string },
): Promise<UserSearchPage> {
  const key = usernameKey(prefix.trim());
  const end = key ? pastPrefix(key) : null;
  const range: SQL[] = [];
  if (key) range.push(gte(jhUsers.usernameKey, key));
  if (end !== null) range.push(lt(jhUsers.usernameKey, end));
  const backwards = page.before !== undefined && page.after === undefined;
  const cursor =
    page.after !== undefined
      ? gt(jhUsers.usernameKey, page.after)
      : page.before !== undefined
        ? lt(jhUsers.usernameKey, page.before)
        : undefined;
  const matching = db
    .select({ one: sql`1` })
    .from(jhUsers)
    .where(and(...range))
    .limit(SEARCH_COUNT_CAP + 1)
    .as("matching");
  const [[counted], found] = await db.batch([
    db.select({ n: count() }).from(matching),
    db
      .select({
        username: jhUsers.username,
        usernameKey: jhUsers.usernameKey,
        nickname: jhUsers.nickname,
        usertype: jhUsers.usertype,
        permissionMsgboard: jhUsers.permissionMsgboard,
        lockedUntil: jhUsers.lockedUntil,
        createdAt: jhUsers.createdAt,
      })
      .from(jhUsers)
      .where(and(...range, cursor))
      .orderBy(backwards ? desc(jhUsers.usernameKey) : asc(jhUsers.usernameKey))
      .limit(page.limit + 1),
  ]);
  const more = found.length > page.limit;
  const rows = found.slice(0, page.limit);
  if (backwards) rows.reverse();
  const first = rows[0]?.usernameKey ?? null;
  const last = rows[rows.length - 1]?.usernameKey ?? null;
  const n = counted?.n ?? 0;
  return {
    rows,
    total: Math.min(n, SEARCH_COUNT_CAP),
    capped: n > SEARCH_COUNT_CAP,
    next: backwards ? (page.before !== undefined ? last : null) : more ? last : null,
    prev: backwards ? (more ? first : null) : page.after !== undefined ? first : null,
  };
}
