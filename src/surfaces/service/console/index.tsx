import { Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { redirectWith } from "../../../platform/console/flash";
import { render, requireScope } from "../../../platform/console/page";
import { PAGE_SIZE, Pager, PostForm, pageHref, pageParam, Table } from "../../../platform/console/ui";
import { AppError } from "../../../platform/errors";
import { params } from "../../../platform/params";
import { revokeHandles } from "../credential";
import { findUser, listUsers } from "../users";

const PATH = "/console/service";

/** 002's users for operators: newest first, and a way to end every handle of one (the client then calls getOpenid again). */
export const serviceConsole = new Hono<ConsoleEnv>({ strict: false });
serviceConsole.use(requireScope("service"));

serviceConsole.get("/", params(v.object({ page: pageParam }), "GET"), async (c) => {
  const { page } = c.var.params;
  const { total, users } = await listUsers(c.var.db, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const csrf = c.var.viewer.csrf;
  return render(
    c,
    "用户服务 · 用户",
    <>
      <Table
        caption="用户（最新注册在前）"
        rows={users}
        empty="还没有用户"
        columns={[
          { label: "编号", cell: (u) => u.id },
          { label: "openid", cell: (u) => <code>{u.openid}</code> },
          { label: "手机", cell: (u) => u.phone },
          { label: "QQ", cell: (u) => u.qq },
          { label: "学号", cell: (u) => u.cardno },
          { label: "微信号", cell: (u) => u.wxid ?? <span class="muted">—</span> },
          {
            label: "操作",
            cell: (u) => (
              <PostForm
                action={`${PATH}/revoke`}
                csrf={csrf}
                inline
                confirm={`让用户 ${u.id} 的所有登录凭据失效？`}
                label={`注销用户 ${u.id} 的凭据`}
              >
                <input type="hidden" name="openid" value={u.openid} />
                <button type="submit" class="secondary">
                  注销登录凭据
                </button>
              </PostForm>
            ),
          },
        ]}
      />
      <Pager page={page} total={total} href={pageHref(PATH, {})} />
    </>,
  );
});

serviceConsole.post(
  "/revoke",
  params(v.object({ openid: v.pipe(v.string("缺少 openid"), v.trim(), v.nonEmpty("缺少 openid"), v.maxLength(128)) }), "POST"),
  async (c) => {
    const { openid } = c.var.params;
    if (!(await findUser(c.var.db, openid))) throw new AppError("not_found", "没有这个用户");
    await revokeHandles(c.var.db, openid);
    return redirectWith(c, PATH, "已注销该用户的所有登录凭据，客户端需重新调用 getOpenid");
  },
);
