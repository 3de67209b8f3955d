import { Hono } from "hono";
import * as v from "valibot";
import { REMINDER_STATES, type ReminderState } from "../../db/schema/reminders";
import type { ConsoleEnv } from "../../platform/console/env";
import { redirectWith } from "../../platform/console/flash";
import { render, requireScope, when } from "../../platform/console/page";
import { Badge, PAGE_SIZE, Pager, PostForm, pageHref, pageParam, Select, Table } from "../../platform/console/ui";
import { AppError } from "../../platform/errors";
import { params } from "../../platform/params";
import { CANCELLABLE, cancelReminder, RETRYABLE, reminderOverview, type reminderView, retryReminder } from "../operators";
import { STATE_NAMES, STATE_TONES, SURFACE_NAMES } from "./labels";

/** Reminders: counts by state, the failed ones with their reason, retry and cancel (the same functions as /admin/reminders). */
export const remindersConsole = new Hono<ConsoleEnv>({ strict: false });
remindersConsole.use(requireScope("reminders"));

const HERE = "/console/reminders";
type Reminder = ReturnType<typeof reminderView>;

const stateOptions = [["all", "全部"], ...REMINDER_STATES.map((s) => [s, STATE_NAMES[s]] as const)] as const;
const surfaceOptions = [["", "全部"], ...Object.entries(SURFACE_NAMES)] as const;
/** The list's filters (also sent back by retry and cancel): failed ones by default, `all` for every state. */
const listParams = v.object({
  page: pageParam,
  state: v.optional(v.picklist([...REMINDER_STATES, "all"], "没有这个状态"), "failed"),
  surface: v.optional(v.pipe(v.string(), v.maxLength(32)), ""),
});
const onlyState = (state: ReminderState | "all") => (state === "all" ? undefined : state);

remindersConsole.get("/", params(listParams, "GET"), async (c) => {
  const { page, state, surface } = c.var.params;
  const { counts, total, reminders } = await reminderOverview(
    c.var.db,
    { state: onlyState(state), surface: surface || undefined },
    { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
  );
  const csrf = c.var.viewer.csrf;
  const back = (
    <>
      <input type="hidden" name="state" value={state} />
      <input type="hidden" name="surface" value={surface} />
      <input type="hidden" name="page" value={String(page)} />
    </>
  );
  return render(
    c,
    "订阅消息提醒",
    <div id="reminders" data-live="10">
      <h2>各状态数量</h2>
      <div class="table-wrap">
        <table>
          <caption class="sr-only">各状态的提醒数量</caption>
          <thead>
            <tr>
              {REMINDER_STATES.map((s) => (
                <th scope="col">{STATE_NAMES[s]}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {REMINDER_STATES.map((s) => (
                <td>
                  <a href={pageHref(HERE, { state: s, surface })(1)} aria-label={`${STATE_NAMES[s]} ${counts[s]} 条`}>
                    {counts[s]}
                  </a>
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      <h2>{state === "all" ? "全部提醒" : `${STATE_NAMES[state]}的提醒`}</h2>
      <form method="get" action={HERE} class="toolbar" aria-label="筛选提醒">
        <Select label="状态" name="state" options={stateOptions} value={state} />
        <Select label="业务" name="surface" options={surfaceOptions} value={surface} />
        <button type="submit" class="secondary">
          筛选
        </button>
      </form>
      <Table<Reminder>
        caption="提醒列表"
        rows={reminders}
        empty="没有符合条件的提醒"
        columns={[
          { label: "编号", cell: (r) => String(r.id) },
          { label: "业务", cell: (r) => SURFACE_NAMES[r.surface] ?? r.surface },
          { label: "状态", cell: (r) => <Badge tone={STATE_TONES[r.state]}>{STATE_NAMES[r.state]}</Badge> },
          { label: "计划发送", cell: (r) => when(c, Date.parse(r.send_at)) },
          { label: "尝试次数", cell: (r) => String(r.attempts) },
          { label: "原因", cell: (r) => r.last_error ?? "" },
          { label: "用户 openid", cell: (r) => r.openid },
          { label: "模板", cell: (r) => r.template_id },
          {
            label: "操作",
            cell: (r) =>
              RETRYABLE.includes(r.state) ? (
                <PostForm action={`${HERE}/${r.id}/retry`} csrf={csrf} inline label={`重试提醒 ${r.id}`}>
                  {back}
                  <button type="submit">重试</button>
                </PostForm>
              ) : CANCELLABLE.includes(r.state) ? (
                <PostForm
                  action={`${HERE}/${r.id}/cancel`}
                  csrf={csrf}
                  inline
                  confirm={`确定取消提醒 ${r.id} 吗？取消后不会再发送。`}
                  label={`取消提醒 ${r.id}`}
                >
                  {back}
                  <button type="submit" class="danger">
                    取消
                  </button>
                </PostForm>
              ) : (
                <span class="muted">—</span>
              ),
          },
        ]}
      />
      <Pager page={page} total={total} href={pageHref(HERE, { state, surface })} />
    </div>,
  );
});

function reminderId(raw: string) {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) throw new AppError("not_found", "没有这条提醒");
  return id;
}

/** The domain's refusals in the staff's words. */
async function explained<T>(change: () => Promise<T>, verb: string, allowed: readonly ReminderState[]): Promise<T> {
  try {
    return await change();
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.kind === "not_found") throw new AppError("not_found", "没有这条提醒");
    if (err.kind === "conflict") {
      throw new AppError("conflict", `只有${allowed.map((s) => STATE_NAMES[s]).join("或")}的提醒可以${verb}，这条提醒的状态已变化`);
    }
    throw err;
  }
}

remindersConsole.post("/:id/retry", params(listParams, "POST"), async (c) => {
  const id = reminderId(c.req.param("id"));
  await explained(() => retryReminder(c.var.db, id), "重试", RETRYABLE);
  const { state, surface, page } = c.var.params;
  return redirectWith(c, pageHref(HERE, { state, surface })(page), `提醒 ${id} 将在下一次定时任务时重新发送`);
});

remindersConsole.post("/:id/cancel", params(listParams, "POST"), async (c) => {
  const id = reminderId(c.req.param("id"));
  await explained(() => cancelReminder(c.var.db, id), "取消", CANCELLABLE);
  const { state, surface, page } = c.var.params;
  return redirectWith(c, pageHref(HERE, { state, surface })(page), `提醒 ${id} 已取消`);
});
