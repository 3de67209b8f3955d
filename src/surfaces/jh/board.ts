import { and, asc, eq, gte, inArray, sql } from "drizzle-orm";
import { jhBoardComments, jhBoardPosts, jhUsers } from "../../db/schema/jh";
import type { Bindings, Db } from "../../env";
import { pictureOf } from "./board-pictures";
import { DB_NOW } from "./board-stamps";
import { formatBoardTime } from "./board-time";

export type BoardPost = typeof jhBoardPosts.$inferSelect;
export type BoardComment = typeof jhBoardComments.$inferSelect;

/** Posts a reply of "what changed" holds at most; at most PAGE_PICTURES of them carry a picture. */
export const PAGE_SIZE = 50;
export const PAGE_PICTURES = 12;
export const MAX_POST_CHARS = 2000;
export const MAX_COMMENT_CHARS = 500;
export const MAX_COMMENTS = 100;

/** Users see a post while it is neither deleted (mark 2) nor hidden by an operator. */
export const isVisible = (post: Pick<BoardPost, "mark" | "hiddenAt">) => post.mark === 0 && post.hiddenAt === null;

export const postById = (db: Db, id: number) => db.select().from(jhBoardPosts).where(eq(jhBoardPosts.id, id)).limit(1);

/** A post with its author's board permission (0 when the author is gone). */
export const postWithOwner = (db: Db, id: number) =>
  db
    .select({ post: jhBoardPosts, ownerPermission: sql<number>`coalesce(${jhUsers.permissionMsgboard}, 0)` })
    .from(jhBoardPosts)
    .leftJoin(jhUsers, eq(jhUsers.id, jhBoardPosts.userId))
    .where(eq(jhBoardPosts.id, id))
    .limit(1);

export const commentsOf = (db: Db, postId: number) => db.select().from(jhBoardComments).where(eq(jhBoardComments.postId, postId));

/** A comment with its author's board permission. */
export const commentWithOwner = (db: Db, postId: number, id: number) =>
  db
    .select({ comment: jhBoardComments, ownerPermission: sql<number>`coalesce(${jhUsers.permissionMsgboard}, 0)` })
    .from(jhBoardComments)
    .leftJoin(jhUsers, eq(jhUsers.id, jhBoardComments.userId))
    .where(and(eq(jhBoardComments.postId, postId), eq(jhBoardComments.id, id)))
    .limit(1);

/** Posts changed at or after `since` (ms), oldest change first: an index seek on updated_at. */
const changedIds = (db: Db, since: number) =>
  db
    .select({ id: jhBoardPosts.id })
    .from(jhBoardPosts)
    .where(gte(jhBoardPosts.updatedAt, since))
    .orderBy(asc(jhBoardPosts.updatedAt), asc(jhBoardPosts.id))
    .limit(PAGE_SIZE + 1);

export const postsChangedSince = (db: Db, since: number) =>
  db
    .select()
    .from(jhBoardPosts)
    .where(gte(jhBoardPosts.updatedAt, since))
    .orderBy(asc(jhBoardPosts.updatedAt), asc(jhBoardPosts.id))
    .limit(PAGE_SIZE + 1);

/** The comments of those posts (each post has at most MAX_COMMENTS). */
export const commentsChangedSince = (db: Db, since: number) =>
  db
    .select()
    .from(jhBoardComments)
    .where(inArray(jhBoardComments.postId, changedIds(db, since)));

/** D1's clock, read in the same batch as the page. */
export const boardClock = (db: Db) => db.all<{ now: number }>(sql`SELECT ${DB_NOW} AS now`);

const SECOND = 1000;
const floorSecond = (ms: number) => ms - (ms % SECOND);

/**
 * One page of what changed since `since`, and the time the client sends next. The reply time has whole
 * seconds (the desktop client keeps no more), so the next request asks from the start of that second and may
 * see the last few changes again, never miss one:
 * - a full page: up to PAGE_SIZE posts, fewer when the next would be the (PAGE_PICTURES + 1)th picture; the time
 *   is its last change's second. At most 1000 / BOARD_SPACING_MS (10) changes share a second, fewer than a
 *   page holds, so the next page always starts later;
 * - the rest: the time is D1's clock at the read (or the newest change, if later), and every later change
 *   is stamped at or after it.
 */
export function pageOf(rows: BoardPost[], now: number): { posts: BoardPost[]; cursor: number } {
  const posts: BoardPost[] = [];
  let pictures = 0;
  for (const row of rows) {
    if (posts.length === PAGE_SIZE) break;
    const picture = isVisible(row) && row.picKey !== null;
    if (picture && pictures === PAGE_PICTURES) break;
    if (picture) pictures++;
    posts.push(row);
  }
  const last = posts.at(-1);
  if (last && posts.length < rows.length) return { posts, cursor: floorSecond(last.updatedAt) };
  return { posts, cursor: floorSecond(Math.max(now, last?.updatedAt ?? 0)) };
}

/**
 * A post as the original's MsgUni: id, username, time, istop, islocked, content, mark (0 shown, 2 deleted),
 * pic (base64 or null) and comments {id, username, time, content}. A deleted or hidden post keeps only its id,
 * author, time and mark 2: clients drop it.
 */
export function presentPost(post: BoardPost, comments: BoardComment[], pic: string | null, offset: string) {
  const shown = isVisible(post);
  return {
    id: post.id,
    username: post.username,
    time: formatBoardTime(post.createdAt, offset),
    istop: 0,
    islocked: 0,
    content: shown ? post.content : "",
    mark: shown ? 0 : 2,
    pic: shown ? pic : null,
    comments: shown
      ? comments
          .filter((c) => c.postId === post.id)
          .sort((a, b) => a.id - b.id)
          .map((c) => ({ id: c.id, username: c.username, time: formatBoardTime(c.createdAt, offset), content: c.content }))
      : [],
  };
}

export type PresentedPost = ReturnType<typeof presentPost>;

/** Posts with their comments and pictures (read from R2 together; a hidden or deleted post's is not read). */
export function presentPosts(env: Bindings, posts: BoardPost[], comments: BoardComment[], offset: string): Promise<PresentedPost[]> {
  return Promise.all(posts.map(async (p) => presentPost(p, comments, isVisible(p) ? await pictureOf(env, p.picKey) : null, offset)));
}
