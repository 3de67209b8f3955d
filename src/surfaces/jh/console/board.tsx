import { Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { redirectWith } from "../../../platform/console/flash";
import { render, when } from "../../../platform/console/page";
import { Badge, PAGE_SIZE, PostForm, Table } from "../../../platform/console/ui";
import { AppError } from "../../../platform/errors";
import { int, params } from "../../../platform/params";
import type { BoardPost } from "../board";
import { hidePost, moderators, recentPosts, restorePost } from "../board-moderation";
import { permissionName } from "./labels";
import { BOARD, Tabs, USERS } from "./tabs";

/** The message board for operators: recent posts, hiding and restoring them, and who may moderate. */
export const jhBoardConsole = new Hono<ConsoleEnv>({ strict: false });

const EXCERPT = 120;
const excerpt = (text: string) => ([...text].length > EXCERPT ? `${[...text].slice(0, EXCERPT).join("")}…` : text);

function State({ post }: { post: BoardPost }) {
  if (post.hiddenAt !== null) return <Badge tone="warn">{`已隐藏（${post.hiddenBy ?? "运营人员"}）`}</Badge>;
  if (post.mark !== 0) return <Badge tone="bad">{post.deletedBy === post.userId ? "作者已删除" : "管理员已删除"}</Badge>;
  return <Badge tone="ok">正常</Badge>;
}

jhBoardConsole.get("/", params(v.object({ before: v.optional(int(1)) }), "GET"), async (c) => {
  const { before } = c.var.params;
  const [rows, admins] = await c.var.db.batch([recentPosts(c.var.db, PAGE_SIZE, before), moderators(c.var.db)]);
  const posts = rows.slice(0, PAGE_SIZE);
  const next = rows.length > PAGE_SIZE ? posts.at(-1)?.id : undefined;
  const csrf = c.var.viewer.csrf;
  return render(
    c,
    "精弘账号 · 留言板",
    <>
      <Tabs current={BOARD} />
      <p class="muted">
        最新的留言在前。隐藏的留言在客户端上如同已删除（mark
        2），恢复后客户端下次刷新即重新显示；用户自己或管理员删除的留言保留在这里，不能恢复。
      </p>
      <Table<BoardPost>
        caption="留言"
        rows={posts}
        empty={before ? "没有更早的留言" : "还没有留言"}
        columns={[
          { label: "编号", cell: (p) => String(p.id) },
          { label: "作者", cell: (p) => <a href={`${USERS}/${encodeURIComponent(p.username)}`}>{p.username}</a> },
          { label: "内容", cell: (p) => excerpt(p.content) },
          { label: "图片", cell: (p) => (p.picKey ? "有" : "") },
          { label: "评论", cell: (p) => String(p.commentCount) },
          { label: "发表时间", cell: (p) => when(c, p.createdAt) },
          { label: "状态", cell: (p) => <State post={p} /> },
          {
            label: "操作",
            cell: (p) =>
              p.hiddenAt !== null ? (
                <PostForm action={`${BOARD}/${p.id}/restore`} csrf={csrf} inline label={`恢复留言 ${p.id}`}>
                  <button type="submit" class="secondary">
                    恢复
                  </button>
                </PostForm>
              ) : p.mark === 0 ? (
                <PostForm
                  action={`${BOARD}/${p.id}/hide`}
                  csrf={csrf}
                  inline
                  confirm={`确定隐藏留言 ${p.id} 吗？`}
                  label={`隐藏留言 ${p.id}`}
                >
                  <button type="submit" class="danger">
                    隐藏
                  </button>
                </PostForm>
              ) : null,
          },
        ]}
      />
      <nav class="pager" aria-label="分页">
        {before !== undefined ? (
          <a class="button secondary" href={BOARD} rel="first">
            最新
          </a>
        ) : null}
        {next !== undefined ? (
          <a class="button secondary" href={`${BOARD}?before=${next}`} rel="next">
            更早
          </a>
        ) : null}
      </nav>
      <h2>谁可以管理留言板</h2>
      <p class="muted">管理员可以删除权限比自己低的用户的留言和评论，超级管理员还可以删除管理员的。在用户页面修改“留言板权限”。</p>
      <Table
        caption="留言板管理员"
        rows={admins}
        empty="还没有留言板管理员"
        columns={[
          { label: "用户名", cell: (u) => <a href={`${USERS}/${encodeURIComponent(u.username)}`}>{u.username}</a> },
          { label: "昵称", cell: (u) => u.nickname },
          { label: "留言板权限", cell: (u) => permissionName(u.permissionMsgboard) },
        ]}
      />
    </>,
  );
});

function postIdOf(raw: string) {
  const id = v.safeParse(int(1), raw);
  if (!id.success) throw new AppError("not_found", "没有这条留言");
  return id.output;
}

jhBoardConsole.post("/:id/hide", params(v.object({}), "POST"), async (c) => {
  const id = postIdOf(c.req.param("id"));
  if (!(await hidePost(c.var.db, id, c.var.viewer.username))) throw new AppError("conflict", `留言 ${id} 不存在或已隐藏`);
  return redirectWith(c, BOARD, `已隐藏留言 ${id}，客户端下次刷新时不再显示`);
});

jhBoardConsole.post("/:id/restore", params(v.object({}), "POST"), async (c) => {
  const id = postIdOf(c.req.param("id"));
  if (!(await restorePost(c.var.db, id))) throw new AppError("conflict", `留言 ${id} 不存在或未被隐藏`);
  return redirectWith(c, BOARD, `已恢复留言 ${id}`);
});
