import * as v from "valibot";
import { MAX_COMMENT_CHARS, MAX_COMMENTS, MAX_POST_CHARS, PAGE_PICTURES, PAGE_SIZE } from "./board";
import { MAX_PICTURE_BYTES } from "./board-pictures";
import { MSG } from "./messages";

/** `/api/msgboard`: one operation per `method`, with the original's parameters. */
const credit = v.pipe(
  v.union([v.string(), v.number()]),
  v.transform(String),
  v.trim(),
  v.maxLength(64),
  v.description("Credit from login or autologin"),
);
/** Kept as typed (an empty one gets the board's 403); the length is checked by the route, with its message. */
const body = (description: string) =>
  v.pipe(v.union([v.string(), v.number()]), v.transform(String), v.maxLength(20_000), v.description(description));
const number = (description: string) =>
  v.pipe(
    v.union([v.number(), v.pipe(v.string(), v.trim(), v.regex(/^-?\d{1,10}$/))]),
    v.transform(Number),
    v.integer(),
    v.minValue(-2_147_483_648),
    v.maxValue(2_147_483_647),
    v.description(description),
  );
const pic = v.optional(
  v.pipe(
    v.string(),
    v.description(`Hex of a JPEG or PNG of at most ${MAX_PICTURE_BYTES / 1024} KiB (as the clients send images); empty: none`),
  ),
);
const postId = number("The post's id");

const method = <M extends string, F extends v.ObjectEntries>(name: M, summary: string, messages: string[], fields: F) =>
  v.pipe(
    v.object({ method: v.literal(name), credit, ...fields }),
    v.title(name),
    v.description(`${summary} Messages: ${messages.join("; ")}.`),
  );

const credits = [MSG.boardCreditEmpty, MSG.boardCreditInvalid];

export const msgboardParams = v.variant("method", [
  method(
    "add",
    `Post, with an optional picture; data: the post. Content at most ${MAX_POST_CHARS} characters.`,
    [...credits, MSG.postEmpty, MSG.postTooLong(MAX_POST_CHARS), MSG.picFormat, MSG.picTooLarge(MAX_PICTURE_BYTES / 1024), MSG.posted],
    { content: body("The post's text"), pic },
  ),
  method(
    "update",
    `What changed since \`time\` (the \`time\` of the last reply; any earlier time for everything), oldest change first, at most ${PAGE_SIZE} posts (${PAGE_PICTURES} with pictures) a reply: data {time, content: [posts]}; ask again with data.time until content is empty. Deleted and hidden posts come with mark 2.`,
    [...credits, MSG.timeFormat, MSG.gotPosts],
    { time: body("yyyy-MM-dd HH:mm:ss, or as .NET's DateTime.ToString() writes it (2026/9/7 8:05:09, 9/7/2026 8:05:09 AM)") },
  ),
  method(
    "addcomment",
    `Comment on a post; data: the post. At most ${MAX_COMMENT_CHARS} characters, ${MAX_COMMENTS} comments a post.`,
    [
      ...credits,
      MSG.commentEmpty,
      MSG.commentTooLong(MAX_COMMENT_CHARS),
      MSG.noPost,
      MSG.postDeleted,
      MSG.commentsFull(MAX_COMMENTS),
      MSG.commented,
    ],
    { id: postId, content: body("The comment's text") },
  ),
  method(
    "change",
    "Edit one's own post (its text, and its picture when pic is sent; an empty pic removes it); data: the post.",
    [
      ...credits,
      MSG.postEmpty,
      MSG.postTooLong(MAX_POST_CHARS),
      MSG.noPost,
      MSG.postDeleted,
      MSG.notAllowed,
      MSG.picFormat,
      MSG.postChanged,
    ],
    { id: postId, content: body("The post's new text"), pic },
  ),
  method(
    "delete",
    "Delete a post: its author, or a board admin whose permission_msgboard is higher than the author's. The post stays, marked 2; data null.",
    [...credits, MSG.noPost, MSG.notAllowed, MSG.postRemoved],
    { id: postId },
  ),
  method(
    "deletecomment",
    "Delete a comment: its author, or a board admin whose permission_msgboard is higher than the commenter's; data: the post.",
    [...credits, MSG.noPost, MSG.postDeleted, MSG.noComment, MSG.notAllowed, MSG.commentRemoved],
    { id: postId, subid: number("The comment's id within the post") },
  ),
]);

const reply = <T extends v.GenericSchema>(data: T) =>
  v.object({
    code: v.pipe(v.number(), v.description("200 success; 400 无效的访问。; 403 with the board's message (HTTP status always 200)")),
    msg: v.string(),
    data,
  });

const time = v.pipe(v.string(), v.description("yyyy-MM-dd HH:mm:ss, campus time"));
export const post = v.object({
  id: v.number(),
  username: v.pipe(v.string(), v.description("The author")),
  time,
  istop: v.literal(0),
  islocked: v.literal(0),
  content: v.pipe(v.string(), v.description("Empty when mark is 2")),
  mark: v.pipe(v.picklist([0, 2]), v.description("0 shown; 2 deleted or hidden (clients drop it)")),
  pic: v.pipe(v.nullable(v.string()), v.description("The picture in base64 (the original's byte[]), or null")),
  comments: v.array(
    v.object({ id: v.pipe(v.number(), v.description("Within the post")), username: v.string(), time, content: v.string() }),
  ),
});

export const msgboardReply = v.union([
  reply(post),
  reply(v.object({ time: v.pipe(v.string(), v.description("Send it back as `time` next")), content: v.array(post) })),
  reply(v.null()),
]);
