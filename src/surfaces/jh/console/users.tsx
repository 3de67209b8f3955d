import { Hono } from "hono";
import * as v from "valibot";
import { JH_USERTYPES } from "../../../db/schema/jh";
import type { Db } from "../../../env";
import type { ConsoleEnv } from "../../../platform/console/env";
import { redirectWith } from "../../../platform/console/flash";
import { formParams } from "../../../platform/console/form";
import { render, when } from "../../../platform/console/page";
import { Badge, Facts, PAGE_SIZE, PostForm, pageHref, Select, Table } from "../../../platform/console/ui";
import { AppError } from "../../../platform/errors";
import { params } from "../../../platform/params";
import { findByUsername } from "../accounts";
import { MSGBOARD_PERMISSION_OF_TEXT, MSGBOARD_PERMISSIONS, setUserFlags } from "../permissions";
import { type FoundUser, searchUsers } from "../user-search";
import { KeyPager } from "./key-pager";
import { PERMISSION_NAMES, permissionName, USERTYPE_NAMES } from "./labels";
import { Tabs, USERS } from "./tabs";

/** 精弘 users: search by username, and a user's usertype and message-board permission (as PATCH /admin/jh/users/:username). */
export const jhUsersConsole = new Hono<ConsoleEnv>({ strict: false });

const userHref = (username: string) => `${USERS}/${encodeURIComponent(username)}`;

const key = v.optional(v.pipe(v.string(), v.maxLength(64)));
const searchQuery = v.object({
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(64, "用户名最多 64 个字符")), ""),
  after: key,
  before: key,
});

const Locked = ({ until }: { until: number | null }) =>
  until && until > Date.now() ? <Badge tone="warn">登录锁定中</Badge> : <Badge tone="ok">正常</Badge>;

jhUsersConsole.get("/", params(searchQuery, "GET"), async (c) => {
  const { q, after, before } = c.var.params;
  const found = await searchUsers(c.var.db, q, { limit: PAGE_SIZE, after, before });
  const href = (cursor: { after?: string; before?: string }) => pageHref(USERS, { q, ...cursor })(1);
  return render(
    c,
    "精弘账号 · 用户",
    <>
      <Tabs current={USERS} />
      <form method="get" action={USERS} class="toolbar" aria-label="查找用户">
        <label>
          用户名
          <input type="search" name="q" value={q} maxlength={64} placeholder="用户名或其开头" autocomplete="off" />
        </label>
        <button type="submit">查找</button>
        {q && (
          <a class="button secondary" href={USERS}>
            清除
          </a>
        )}
      </form>
      <p class="muted">按用户名开头查找，不区分大小写；完全相同的用户名排在最前。</p>
      <Table<FoundUser>
        caption="精弘用户"
        rows={found.rows}
        empty={q ? `没有用户名以“${q}”开头的用户` : "还没有用户"}
        columns={[
          { label: "用户名", cell: (u) => <a href={userHref(u.username)}>{u.username}</a> },
          { label: "昵称", cell: (u) => u.nickname },
          { label: "账号类型", cell: (u) => USERTYPE_NAMES[u.usertype] },
          { label: "留言板权限", cell: (u) => permissionName(u.permissionMsgboard) },
          { label: "状态", cell: (u) => <Locked until={u.lockedUntil} /> },
          { label: "注册时间", cell: (u) => when(c, u.createdAt) },
        ]}
      />
      <KeyPager prev={found.prev} next={found.next} total={found.total} capped={found.capped} href={href} />
    </>,
  );
});

async function userOr404(db: Db, username: string) {
  const user = await findByUsername(db, username);
  if (!user) throw new AppError("not_found", `没有用户名为“${username}”的用户`);
  return user;
}

jhUsersConsole.get("/:username", params(v.object({}), "GET"), async (c) => {
  const user = await userOr404(c.var.db, c.req.param("username"));
  return render(
    c,
    `精弘账号 · ${user.username}`,
    <>
      <Tabs current={USERS} />
      <p>
        <a href={USERS}>返回用户列表</a>
      </p>
      <section class="card">
        <Facts
          items={[
            ["用户名", user.username],
            ["昵称", user.nickname],
            ["账号类型", USERTYPE_NAMES[user.usertype]],
            ["留言板权限", permissionName(user.permissionMsgboard)],
            ["邮箱", user.email || "未填写"],
            ["手机", user.phone || "未填写"],
            ["状态", <Locked until={user.lockedUntil} />],
            ...(user.lockedUntil && user.lockedUntil > Date.now() ? [["锁定至", when(c, user.lockedUntil)] as const] : []),
            ["注册时间", when(c, user.createdAt)],
          ]}
        />
      </section>
      <h2>账号类型与留言板权限</h2>
      <section class="card">
        <PostForm action={userHref(user.username)} csrf={c.var.viewer.csrf} label={`修改 ${user.username} 的账号类型与留言板权限`}>
          <Select
            label="账号类型"
            name="usertype"
            value={user.usertype}
            options={JH_USERTYPES.map((t) => [t, USERTYPE_NAMES[t]] as const)}
          />
          <Select
            label="留言板权限"
            name="permission_msgboard"
            value={String(user.permissionMsgboard)}
            options={MSGBOARD_PERMISSIONS.map((p) => [String(p), PERMISSION_NAMES[p]] as const)}
          />
          <button type="submit">保存</button>
        </PostForm>
      </section>
    </>,
  );
});

jhUsersConsole.post(
  "/:username",
  formParams(
    v.object({
      usertype: v.picklist(JH_USERTYPES, "请选择账号类型"),
      permission_msgboard: v.pipe(
        v.picklist(["0", "1", "2"], "请选择普通用户、管理员或超级管理员"),
        v.transform((s) => MSGBOARD_PERMISSION_OF_TEXT[s]),
      ),
    }),
    { usertype: "账号类型", permission_msgboard: "留言板权限" },
  ),
  async (c) => {
    const user = await userOr404(c.var.db, c.req.param("username"));
    const { usertype, permission_msgboard: permissionMsgboard } = c.var.params;
    const saved = await setUserFlags(c.var.db, user, { usertype, permissionMsgboard });
    return redirectWith(
      c,
      userHref(saved.username),
      `已保存：${saved.username} 为${USERTYPE_NAMES[saved.usertype]}，留言板${permissionName(saved.permissionMsgboard)}`,
    );
  },
);
