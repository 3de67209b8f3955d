import { Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { redirectWith } from "../../../platform/console/flash";
import { render } from "../../../platform/console/page";
import { Badge, Field, Pager, PostForm, pageHref, pageParam, Select, Table } from "../../../platform/console/ui";
import { params } from "../../../platform/params";
import {
  createStaffAccount,
  presentStaffAccount,
  setStaffPassword,
  staffAccountCountQuery,
  staffAccountQuery,
  staffAccountsQuery,
  updateStaffAccount,
} from "../staff-accounts";
import { filled, found, kvText, pageWindow, perform, SUMMER_PAGE, staffAnd } from "./caller";
import { enumOptions, pathId } from "./ui";

/** 用户管理: the summer school's staff accounts (ADMIN): create, disable or enable, set a password. */
export const summerStaff = new Hono<ConsoleEnv>({ strict: false });

const HERE = "/console/summer/staff";

type Member = ReturnType<typeof presentStaffAccount>;

const ROLES = enumOptions("user_role").filter(([k]) => k !== "STUDENT");

summerStaff.get("/", params(v.object({ page: pageParam }), "GET"), async (c) => {
  const { page } = c.var.params;
  const db = c.var.db;
  const [, rows, [{ total }]] = await staffAnd(c, ["staff_accounts"], staffAccountsQuery(db, pageWindow(page)), staffAccountCountQuery(db));
  const csrf = c.var.viewer.csrf;
  return render(
    c,
    "用户管理",
    <>
      <Table<Member>
        caption="员工账号列表"
        rows={rows.map(presentStaffAccount)}
        empty="还没有员工账号"
        columns={[
          { label: "用户名", cell: (m) => m.username },
          { label: "姓名", cell: (m) => m.name ?? "—" },
          { label: "角色", cell: (m) => kvText(m.role) },
          { label: "状态", cell: (m) => (m.is_active ? <Badge tone="ok">正常</Badge> : <Badge tone="bad">已停用</Badge>) },
          {
            label: "操作",
            cell: (m) => (
              <>
                <PostForm action={`${HERE}/${m.id}/active`} csrf={csrf} inline label={`${m.is_active ? "停用" : "启用"} ${m.username}`}>
                  <input type="hidden" name="is_active" value={m.is_active ? "false" : "true"} />
                  <button type="submit" class={m.is_active ? "danger" : "secondary"}>
                    {m.is_active ? "停用" : "启用"}
                  </button>
                </PostForm>{" "}
                <a href={`${HERE}/${m.id}`}>修改密码</a>
              </>
            ),
          },
        ]}
      />
      <Pager page={page} size={SUMMER_PAGE} total={total} href={pageHref(HERE, {})} />
      <h2>新建员工账号</h2>
      <section class="card">
        <PostForm action={HERE} csrf={csrf} label="新建员工账号">
          <Field label="姓名" name="name" required maxlength={30} />
          <Field label="用户名" name="username" required maxlength={30} autocomplete="off" hint="6–30 个字符" />
          <Field label="初始密码" name="password" type="password" required autocomplete="new-password" hint="6–30 个字符" />
          <Select label="角色" name="role" options={ROLES} required />
          <button type="submit">创建</button>
        </PostForm>
      </section>
    </>,
  );
});

const text = v.optional(v.pipe(v.string(), v.trim()));

summerStaff.post("/", params(v.object({ name: text, username: text, password: v.optional(v.string()), role: text }), "POST"), async (c) => {
  const created = await perform(c, createStaffAccount, filled(c.var.params));
  return redirectWith(c, HERE, `已创建员工账号 ${created.username}`);
});

summerStaff.post(
  "/:id{[0-9]+}/active",
  params(v.object({ is_active: v.picklist(["true", "false"], "请选择启用或停用") }), "POST"),
  async (c) => {
    const changed = await perform(c, updateStaffAccount, { is_active: c.var.params.is_active === "true" }, pathId(c.req.param("id")));
    return redirectWith(c, HERE, `${changed.username} 已${changed.is_active ? "启用" : "停用"}`);
  },
);

summerStaff.get("/:id{[0-9]+}", params(v.object({}), "GET"), async (c) => {
  const id = pathId(c.req.param("id"));
  const [, [row]] = await staffAnd(c, ["staff_accounts"], staffAccountQuery(c.var.db, id));
  const m = presentStaffAccount(found(row));
  return render(
    c,
    `修改密码 · ${m.username}`,
    <>
      <p>
        <a href={HERE}>← 返回用户管理</a>
      </p>
      <section class="card">
        <PostForm action={`${HERE}/${id}/password`} csrf={c.var.viewer.csrf} label="修改密码">
          <Field
            label="新密码"
            name="password"
            type="password"
            required
            autocomplete="new-password"
            hint="6–30 个字符；该账号的其他登录将失效"
          />
          <button type="submit">修改密码</button>
        </PostForm>
      </section>
    </>,
  );
});

summerStaff.post("/:id{[0-9]+}/password", params(v.object({ password: v.optional(v.string()) }), "POST"), async (c) => {
  await perform(c, setStaffPassword, filled(c.var.params), pathId(c.req.param("id")));
  return redirectWith(c, HERE, "密码已修改");
});
