import { and, eq, sql } from "drizzle-orm";
import { jhBoardComments, jhBoardPosts, jhUsers } from "../../src/db/schema/jh";
import { toHex } from "../../src/platform/encoding";
import { decodePicture } from "../../src/surfaces/jh/board-pictures";
import { nextStamp } from "../../src/surfaces/jh/board-stamps";
import { parseClientTime } from "../../src/surfaces/jh/board-time";
import type { PlanBuilder } from "./plan";
import { importChild, importRow, type LegacyKey, mappedInt } from "./rows";
import type { Dump } from "./summer/dump";
import { int, text } from "./summer/dump";
import type { Media } from "./summer/media";

export interface BoardSource {
  /** The original's `msgboard` folder (its posts' pictures, `<id>_content`), when at hand. */
  media?: Media;
  /** Campus time, in which the original wrote its times (LOCAL_UTC_OFFSET). */
  offset?: string;
}

interface Comment {
  id: number;
  username: string;
  time: string;
  content: string;
}

/** The Campus Edge username of an imported user, by its key. */
const usernameOf = (user: LegacyKey) => sql`(SELECT ${jhUsers.username} FROM ${jhUsers} WHERE ${jhUsers.id} = ${mappedInt(user)})`;

/**
 * The message board (`msgboard`): each post with its author, time, text, deletion mark and picture, then each
 * of its comments. The original kept `content` and `comments` (a JSON list) encrypted, its times as its server's
 * `DateTime.Now.ToString()` (read as the board reads the clients' times) and each picture beside it as a file.
 * A post or comment becomes a change of the board, stamped as the board stamps its changes, so a client's next
 * `update` brings it; a comment, written after its post, stamps its post again.
 */
export function planBoard(
  dump: Dump,
  plan: PlanBuilder,
  decrypt: (value: string) => string,
  userKey: (username: string) => LegacyKey | null,
  source: BoardSource,
  now: number,
) {
  const offset = source.offset ?? "+08:00";
  const rows = dump.rows("msgboard", ["id", "username", "time", "istop", "islocked", "content", "mark", "commentlastid", "comments"]);
  const flagged: string[] = [];
  const odd: string[] = [];
  const pictures = { stored: 0, refused: [] as string[] };
  let unreadable = 0;
  for (const { values: r, line } of rows) {
    const id = String(int(r.id) ?? "");
    const author = userKey(text(r.username) ?? "");
    const createdAt = parseClientTime(text(r.time) ?? "", offset);
    if (!author) {
      plan.reject("post", id, `its author ${text(r.username)} is not imported`, line);
      continue;
    }
    if (createdAt === null) {
      plan.reject("post", id, `its time ${text(r.time)} is not a time`, line);
      continue;
    }
    if (int(r.istop) || int(r.islocked)) flagged.push(id);
    const mark = int(r.mark) ?? 0;
    if (mark !== 0 && mark !== 2) odd.push(`${id} (mark ${mark})`);
    const comments = commentsIn(decrypt(text(r.comments) ?? ""));
    if (comments === null) unreadable++;

    let picKey: string | null = null;
    const bytes = source.media?.(`${id}_content`);
    if (bytes) {
      const checked = decodePicture(toHex(bytes));
      if ("refusal" in checked) pictures.refused.push(`${id}: ${checked.refusal}`);
      else {
        picKey = `jh/board/ttyplatform-${id}`;
        plan.files.push({ key: picKey, contentType: checked.picture.contentType, bytes: async () => checked.picture.bytes });
        pictures.stored++;
      }
    }

    const post: LegacyKey = { source: plan.source, entity: "post", legacyId: id };
    const list = comments ?? [];
    plan.add("post", (db) =>
      importRow(
        db,
        {
          key: post,
          table: jhBoardPosts,
          values: {
            userId: mappedInt(author),
            username: usernameOf(author),
            content: decrypt(text(r.content) ?? ""),
            picKey,
            // 0 shown, 2 deleted by its author or an admin (the row stays); an unknown mark is not shown either.
            mark: mark === 0 ? 0 : 2,
            commentLastId: Math.max(int(r.commentlastid) ?? 0, ...list.map((c) => c.id)),
            createdAt,
            updatedAt: nextStamp(),
          },
          id: jhBoardPosts.id,
          requires: [author],
        },
        now,
      ),
    );

    for (const c of list) {
      const who = userKey(c.username);
      const at = parseClientTime(c.time, offset);
      const legacyId = `${id}/${c.id}`;
      if (!who) plan.reject("comment", legacyId, `its author ${c.username} is not imported`, line);
      else if (at === null) plan.reject("comment", legacyId, `its time ${c.time} is not a time`, line);
      else {
        const postId = mappedInt(post);
        plan.add("comment", (db) =>
          importChild(
            db,
            {
              key: { source: plan.source, entity: "comment", legacyId },
              table: jhBoardComments,
              values: { postId, id: c.id, userId: mappedInt(who), username: usernameOf(who), content: c.content, createdAt: at },
              id: sql`${postId} || ${`/${c.id}`}`,
              requires: [post, who],
              after: (d) =>
                d
                  .update(jhBoardPosts)
                  .set({
                    commentCount: sql`${jhBoardPosts.commentCount} + 1`,
                    commentLastId: sql`max(${jhBoardPosts.commentLastId}, ${c.id})`,
                    updatedAt: nextStamp(),
                  })
                  .where(and(eq(jhBoardPosts.id, postId), sql`changes() > 0`)),
            },
            now,
          ),
        );
      }
    }
  }

  if (flagged.length)
    plan.note(
      `${flagged.length} posts were pinned or locked in the original (istop, islocked, set by hand in its database), which Campus Edge's board has not: they come over as ordinary posts (${flagged.join(", ")})`,
    );
  if (odd.length) plan.note(`posts with a mark other than 0 or 2 come over deleted (not shown): ${odd.join(", ")}`);
  if (unreadable)
    plan.note(`${unreadable} posts' comments are not a JSON list (the original showed none either): they come over without comments`);
  if (!source.media) {
    if (rows.length)
      plan.note(
        "the posts' pictures are files beside the original server (its msgboard folder), not in the dump: give --media <that folder> to bring them",
      );
  } else {
    plan.note(`pictures: ${pictures.stored} to R2`);
    for (const r of pictures.refused) plan.note(`picture of post ${r}: not carried (the post comes over without it)`);
  }
}

/** A post's comments, as the original read them (null: not a JSON list of comments, which it showed as none). */
function commentsIn(json: string): Comment[] | null {
  if (!json) return [];
  try {
    const list: unknown = JSON.parse(json);
    if (!Array.isArray(list)) return null;
    const comments: Comment[] = [];
    for (const c of list) {
      if (typeof c !== "object" || c === null || !Number.isInteger(c.id)) return null;
      comments.push({ id: c.id, username: String(c.username ?? ""), time: String(c.time ?? ""), content: String(c.content ?? "") });
    }
    return comments;
  } catch {
    return null;
  }
}
