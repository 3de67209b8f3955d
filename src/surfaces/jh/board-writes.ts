import { and, eq, isNull, lt, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { jhBoardComments, jhBoardPosts, jhUsers } from "../../db/schema/jh";
import type { Db } from "../../env";
import { MAX_COMMENTS } from "./board";
import { nextStamp } from "./board-stamps";

/**
 * The board's writes, each a statement (or two) for the route's second batch. Each repeats in SQL the rule the
 * route checked on its first batch, so a change made in between (a deletion, a permission changed) is not
 * overridden: a statement that no longer applies changes nothing and the route answers from what it reads back.
 */
export interface Author {
  id: number;
  username: string;
}

const permissionOf = (userId: number | SQLiteColumn) =>
  sql`coalesce((SELECT ${jhUsers.permissionMsgboard} FROM ${jhUsers} WHERE ${jhUsers.id} = ${userId}), 0)`;

/** `me` wrote it, or holds a higher board permission than its author (the original's rule for deleting). */
const mayRemove = (me: number, owner: SQLiteColumn): SQL => sql`(${owner} = ${me} OR ${permissionOf(me)} > ${permissionOf(owner)})`;

const open = (postId: number) => and(eq(jhBoardPosts.id, postId), eq(jhBoardPosts.mark, 0), isNull(jhBoardPosts.hiddenAt));

export const insertPost = (db: Db, author: Author, content: string, picKey: string | null, now: number) =>
  db
    .insert(jhBoardPosts)
    .values({ userId: author.id, username: author.username, content, picKey, createdAt: now, updatedAt: nextStamp() })
    .returning();

/**
 * Adds a comment numbered after the post's last one (the insert reads the number from the post, the update then
 * moves it on): only to a post that is open and has fewer than MAX_COMMENTS.
 */
export const addComment = (db: Db, postId: number, author: Author, content: string, now: number) =>
  [
    db.insert(jhBoardComments).select(
      sql`SELECT ${jhBoardPosts.id}, ${jhBoardPosts.commentLastId} + 1, ${author.id}, ${author.username}, ${content}, ${now}
          FROM ${jhBoardPosts} WHERE ${and(open(postId), lt(jhBoardPosts.commentCount, MAX_COMMENTS))}`,
    ),
    db
      .update(jhBoardPosts)
      .set({
        commentLastId: sql`${jhBoardPosts.commentLastId} + 1`,
        commentCount: sql`${jhBoardPosts.commentCount} + 1`,
        updatedAt: nextStamp(),
      })
      .where(
        and(
          eq(jhBoardPosts.id, postId),
          sql`EXISTS (SELECT 1 FROM ${jhBoardComments} WHERE ${jhBoardComments.postId} = ${postId} AND ${jhBoardComments.id} = ${jhBoardPosts.commentLastId} + 1)`,
        ),
      )
      .returning({ id: jhBoardPosts.id }),
  ] as const;

/** The author's edit of an open post; `picKey` undefined keeps the picture. */
export const changePost = (db: Db, postId: number, author: number, content: string, picKey: string | null | undefined) =>
  db
    .update(jhBoardPosts)
    .set({ content, ...(picKey === undefined ? {} : { picKey }), updatedAt: nextStamp() })
    .where(and(open(postId), eq(jhBoardPosts.userId, author)))
    .returning({ id: jhBoardPosts.id });

/** Marks a post deleted (mark 2, kept), if `me` may: its author, or a board admin above its author. */
export const deletePost = (db: Db, postId: number, me: number) =>
  db
    .update(jhBoardPosts)
    .set({ mark: 2, deletedBy: me, updatedAt: nextStamp() })
    .where(and(eq(jhBoardPosts.id, postId), eq(jhBoardPosts.mark, 0), mayRemove(me, jhBoardPosts.userId)))
    .returning({ id: jhBoardPosts.id });

/** Removes a comment, if `me` may (its author, or a board admin above its author); the post counts one fewer. */
export const deleteComment = (db: Db, postId: number, id: number, me: number) => {
  const removable = and(eq(jhBoardComments.postId, postId), eq(jhBoardComments.id, id), mayRemove(me, jhBoardComments.userId));
  return [
    db
      .update(jhBoardPosts)
      .set({ commentCount: sql`${jhBoardPosts.commentCount} - 1`, updatedAt: nextStamp() })
      .where(and(open(postId), sql`EXISTS (SELECT 1 FROM ${jhBoardComments} WHERE ${removable})`))
      .returning({ id: jhBoardPosts.id }),
    db
      .delete(jhBoardComments)
      .where(and(removable, sql`EXISTS (SELECT 1 FROM ${jhBoardPosts} WHERE ${open(postId)})`))
      .returning({ id: jhBoardComments.id }),
  ] as const;
};

/** An operator hides a post from users (they see mark 2) or shows it again; both are changes clients fetch. */
export const setHidden = (db: Db, postId: number, operator: string | null, now: number) =>
  db
    .update(jhBoardPosts)
    .set(
      operator === null
        ? { hiddenAt: null, hiddenBy: null, updatedAt: nextStamp() }
        : { hiddenAt: now, hiddenBy: operator, updatedAt: nextStamp() },
    )
    .where(and(eq(jhBoardPosts.id, postId), operator === null ? sql`${jhBoardPosts.hiddenAt} IS NOT NULL` : isNull(jhBoardPosts.hiddenAt)))
    .returning({ id: jhBoardPosts.id });
