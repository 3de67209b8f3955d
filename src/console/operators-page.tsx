import { Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../platform/console/env";
import { redirectWith } from "../platform/console/flash";
import { render, requireScope, when } from "../platform/console/page";
import { Badge, Field, PAGE_SIZE, Pager, PostForm, pageHref, pageParam, Table } from "../platform/console/ui";
import { AppError } from "../platform/errors";
import { int, params } from "../platform/params";
import {
  createOperator,
  listOperators,
  type OperatorSummary,
  passwordSchema,
  SCOPE_NAMES,
  SCOPES,
  scopesSchema,
  updateOperator,
  usernameSchema,
} from "./operators";

/** Operators managing operators (scope "operators"): the same functions as /admin/operators. */
export const operatorsConsole = new Hono<ConsoleEnv>({ strict: false });
operatorsConsole.use(requireScope("operators"));

const HERE = "/console/operators";

const ScopeBoxes = ({ checked = [] }: { checked?: readonly string[] }) => (
  <fieldset>
    <legend>可管理</legend>
    {SCOPES.map((s) => (
      <label class="check">
        <input type="checkbox" name="scopes" value={s} checked={checked.includes(s)} />
        {SCOPE_NAMES[s]}
      </label>
    ))}
  </fieldset>
);

operatorsConsole.get("/", params(v.object({ page: pageParam }), "GET"), async (c) => {
  const { page } = c.var.params;
  const { total, rows } = await listOperators(c.var.db, PAGE_SIZE, (page - 1) * PAGE_SIZE);
  const csrf = c.var.viewer.csrf;
  const me = c.var.viewer.kind === "operator" ? c.var.viewer.operatorId : 0;
  return render(
    c,
    "运营人员",
    <>
      <Table<OperatorSummary>
        caption="运营人员列表"
        rows={rows}
        columns={[
          { label: "用户名", cell: (o) => o.username },
          { label: "姓名", cell: (o) => o.display_name },
          { label: "可管理", cell: (o) => o.scopes.map((s) => SCOPE_NAMES[s]).join("、") },
          {
            label: "状态",
            cell: (o) =>
              o.disabled ? (
                <Badge tone="bad">已停用</Badge>
              ) : o.locked_until && o.locked_until > Date.now() ? (
                <Badge tone="warn">锁定中</Badge>
              ) : (
                <Badge tone="ok">正常</Badge>
              ),
          },
          { label: "最近登录", cell: (o) => when(c, o.last_login_at) },
          {
            label: "操作",
            cell: (o) =>
              o.id === me ? (
                <span class="muted">当前账号</span>
              ) : (
                <PostForm action={`${HERE}/${o.id}`} csrf={csrf} inline label={`${o.disabled ? "启用" : "停用"} ${o.username}`}>
                  <input type="hidden" name="action" value={o.disabled ? "enable" : "disable"} />
                  <button type="submit" class={o.disabled ? "secondary" : "danger"}>
                    {o.disabled ? "启用" : "停用"}
                  </button>
                </PostForm>
              ),
          },
        ]}
      />
      <Pager page={page} total={total} href={pageHref(HERE, {})} />
      <h2>新建运营人员</h2>
      <section class="card">
        <PostForm action={HERE} csrf={csrf} label="新建运营人员">
          <Field label="用户名" name="username" required maxlength={32} autocomplete="off" hint="3–32 位字母、数字或 _ . -" />
          <Field label="姓名" name="display_name" maxlength={32} />
          <Field label="初始密码" name="password" type="password" required autocomplete="new-password" hint="至少 8 位" />
          <ScopeBoxes />
          <button type="submit">创建</button>
        </PostForm>
      </section>
    </>,
  );
});

operatorsConsole.post(
  "/",
  params(
    v.object({
      username: usernameSchema,
      password: passwordSchema,
      scopes: v.optional(scopesSchema, []),
      display_name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(32))),
    }),
    "POST",
  ),
  async (c) => {
    const created = await createOperator(c.var.db, c.var.params, c.var.viewer.username);
    return redirectWith(c, HERE, `已创建运营人员 ${created.username}`);
  },
);

operatorsConsole.post(
  "/:id",
  params(v.object({ action: v.picklist(["disable", "enable"]), id: v.optional(int(1)) }), "POST"),
  async (c) => {
    const id = Number(c.req.param("id"));
    if (!Number.isSafeInteger(id) || id < 1) throw new AppError("not_found", "没有这个运营人员");
    if (c.var.viewer.kind === "operator" && id === c.var.viewer.operatorId) throw new AppError("invalid_param", "不能停用自己的账号");
    const changed = await updateOperator(c.var.db, id, { disabled: c.var.params.action === "disable" });
    return redirectWith(c, HERE, `${changed.username} 已${changed.disabled ? "停用" : "启用"}`);
  },
);
