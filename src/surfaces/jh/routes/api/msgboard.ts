import { callerAnd } from "../../../../platform/caller";
import { config } from "../../../../platform/config";
import { toBase64 } from "../../../../platform/encoding";
import { params } from "../../../../platform/params";
import { requireBoardCredit } from "../../auth";
import {
  type BoardPost,
  boardClock,
  commentsChangedSince,
  commentsOf,
  commentWithOwner,
  MAX_COMMENT_CHARS,
  MAX_COMMENTS,
  MAX_POST_CHARS,
  pageOf,
  postById,
  postsChangedSince,
  postWithOwner,
  presentPost,
  presentPosts,
} from "../../board";
import { decodePicture, dropPicture, storePicture } from "../../board-pictures";
import * as s from "../../board-schemas";
import { formatBoardTime, parseClientTime } from "../../board-time";
import { addComment, changePost, deleteComment, deletePost, insertPost } from "../../board-writes";
import { touchCredit } from "../../credits";
import { doc, refuseGet } from "../../docs";
import { ok, refuse } from "../../envelope";
import type { JhApp } from "../../index";
import { MSG } from "../../messages";

/** Why a post cannot be commented on, edited or have its comments deleted (undefined: it can). */
function closed(post: BoardPost | undefined): string | undefined {
  if (!post || post.hiddenAt !== null) return MSG.noPost;
  if (post.mark !== 0) return MSG.postDeleted;
  return undefined;
}

/** The text of a post or comment: not empty (blank counts as empty), at most `max` characters. */
function checkText(text: string, max: number, empty: string, tooLong: string) {
  if (text.trim() === "") throw refuse(empty);
  if ([...text].length > max) throw refuse(tooLong);
}

/** A picture sent as `pic`: undefined when none was sent, null for an empty one, else the decoded picture. */
function pictureParam(pic: string | undefined) {
  if (pic === undefined) return undefined;
  if (pic.trim() === "") return null;
  const decoded = decodePicture(pic);
  if ("refusal" in decoded) throw refuse(decoded.refusal);
  return decoded.picture;
}

/** A board admin removes what a user with a lower permission_msgboard wrote; everyone removes their own. */
const mayRemove = (me: { id: number; permissionMsgboard: number }, ownerId: number, ownerPermission: number) =>
  ownerId === me.id || (me.permissionMsgboard > 0 && ownerPermission < me.permissionMsgboard);

/** /api/msgboard: the message board of the 精弘 desktop and Android clients. */
export function msgboardRoutes(app: JhApp) {
  refuseGet(app, "/api/msgboard");

  app.post(
    "/api/msgboard",
    doc(
      "The message board: post, read what changed, comment, edit, delete",
      `One operation per method (add, update, addcomment, change, delete, deletecomment), as the original server's. A missing field or an unknown method: 400 ${MSG.invalid}. An empty credit: ${MSG.boardCreditEmpty}; an unknown one: ${MSG.boardCreditInvalid}. Posts carry id, username, time, istop, islocked, content, mark (2: deleted or hidden, kept as such), pic (base64) and comments {id, username, time, content}.`,
      s.msgboardReply,
    ),
    params(s.msgboardParams, "POST"),
    requireBoardCredit,
    async (c) => {
      const { db, params: p } = c.var;
      const offset = config(c.env).LOCAL_UTC_OFFSET;
      const now = Date.now();
      const one = async (post: BoardPost, comments: Parameters<typeof presentPosts>[2]) =>
        (await presentPosts(c.env, [post], comments, offset))[0];

      switch (p.method) {
        case "update": {
          const since = parseClientTime(p.time, offset);
          if (since === null) {
            const [me] = await callerAnd(c);
            await touchCredit(db, me.credit, now);
            throw refuse(MSG.timeFormat);
          }
          const [me, rows, comments, [clock]] = await callerAnd(
            c,
            postsChangedSince(db, since),
            commentsChangedSince(db, since),
            boardClock(db),
          );
          await touchCredit(db, me.credit, now);
          const page = pageOf(rows, clock?.now ?? now);
          const content = await presentPosts(c.env, page.posts, comments, offset);
          return ok(c, { time: formatBoardTime(page.cursor, offset), content }, MSG.gotPosts);
        }

        case "add": {
          const [me] = await callerAnd(c);
          await touchCredit(db, me.credit, now);
          checkText(p.content, MAX_POST_CHARS, MSG.postEmpty, MSG.postTooLong(MAX_POST_CHARS));
          const picture = pictureParam(p.pic);
          const key = picture ? await storePicture(c.env, picture) : null;
          let saved: BoardPost | undefined;
          try {
            [saved] = await insertPost(db, me.user, p.content, key, now);
          } finally {
            if (!saved && key) await dropPicture(c.env, key);
          }
          if (!saved) throw new Error("the post was not saved");
          return ok(c, presentPost(saved, [], picture ? toBase64(picture.bytes) : null, offset), MSG.posted);
        }

        case "addcomment": {
          const [me, [found]] = await callerAnd(c, postById(db, p.id));
          await touchCredit(db, me.credit, now);
          checkText(p.content, MAX_COMMENT_CHARS, MSG.commentEmpty, MSG.commentTooLong(MAX_COMMENT_CHARS));
          const refusal = closed(found) ?? (found && found.commentCount >= MAX_COMMENTS ? MSG.commentsFull(MAX_COMMENTS) : undefined);
          if (refusal) throw refuse(refusal);
          const [, [added], [post], comments] = await db.batch([
            ...addComment(db, p.id, me.user, p.content, now),
            postById(db, p.id),
            commentsOf(db, p.id),
          ]);
          if (!added || !post) throw refuse(closed(post) ?? MSG.commentsFull(MAX_COMMENTS));
          return ok(c, await one(post, comments), MSG.commented);
        }

        case "change": {
          const [me, [found]] = await callerAnd(c, postById(db, p.id));
          await touchCredit(db, me.credit, now);
          checkText(p.content, MAX_POST_CHARS, MSG.postEmpty, MSG.postTooLong(MAX_POST_CHARS));
          const refusal = closed(found) ?? (found?.userId === me.user.id ? undefined : MSG.notAllowed);
          if (refusal || !found) throw refuse(refusal ?? MSG.noPost);
          const picture = pictureParam(p.pic);
          const key = picture ? await storePicture(c.env, picture) : picture;
          const changeBatch = () => db.batch([changePost(db, p.id, me.user.id, p.content, key), postById(db, p.id), commentsOf(db, p.id)]);
          let written: Awaited<ReturnType<typeof changeBatch>> | undefined;
          try {
            written = await changeBatch();
          } finally {
            // A new picture nothing points to (the write refused, or D1 failed) is removed again.
            if (key && !written?.[0][0]) await dropPicture(c.env, key);
          }
          const [[changed], [post], comments] = written;
          if (!changed || !post) throw refuse(closed(post) ?? MSG.notAllowed);
          if (key !== undefined && found.picKey && found.picKey !== key) await dropPicture(c.env, found.picKey);
          return ok(c, await one(post, comments), MSG.postChanged);
        }

        case "delete": {
          const [me, [found]] = await callerAnd(c, postWithOwner(db, p.id));
          await touchCredit(db, me.credit, now);
          if (!found) throw refuse(MSG.noPost);
          if (!mayRemove(me.user, found.post.userId, found.ownerPermission)) throw refuse(MSG.notAllowed);
          if (found.post.mark !== 0) return ok(c, null, MSG.postRemoved);
          const [[deleted], [after]] = await db.batch([deletePost(db, p.id, me.user.id), postById(db, p.id)]);
          if (!deleted && after?.mark === 0) throw refuse(MSG.notAllowed);
          if (!after) throw refuse(MSG.noPost);
          return ok(c, null, MSG.postRemoved);
        }

        case "deletecomment": {
          const [me, [found], [comment]] = await callerAnd(c, postById(db, p.id), commentWithOwner(db, p.id, p.subid));
          await touchCredit(db, me.credit, now);
          const refusal = closed(found) ?? (comment ? undefined : MSG.noComment);
          if (refusal || !comment) throw refuse(refusal ?? MSG.noComment);
          if (!mayRemove(me.user, comment.comment.userId, comment.ownerPermission)) throw refuse(MSG.notAllowed);
          const [, [removed], [post], comments] = await db.batch([
            ...deleteComment(db, p.id, p.subid, me.user.id),
            postById(db, p.id),
            commentsOf(db, p.id),
          ]);
          if (!removed || !post) {
            const gone = closed(post) ?? (comments.some((x) => x.id === p.subid) ? MSG.notAllowed : MSG.noComment);
            throw refuse(gone);
          }
          return ok(c, await one(post, comments), MSG.commentRemoved);
        }
      }
    },
  );
}
