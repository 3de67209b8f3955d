import { type Context, Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { render } from "../../../platform/console/page";
import { type Column, PAGE_SIZE, Pager, pageHref, pageParam, Table } from "../../../platform/console/ui";
import { params } from "../../../platform/params";
import { type RentalState, rentalsPage } from "../rentals";
import { AreaNav, cabinetHref, HERE } from "./area-nav";
import { whenIso } from "./time";
import { RENTAL_STATES } from "./words";

/** 借用记录: rentals out and not yet due, overdue (with the renter's phone, to chase them) and returned. */
export const rentalPages = new Hono<ConsoleEnv>({ strict: false });

type Rental = Awaited<ReturnType<typeof rentalsPage>>["rows"][number];

const PATH = `${HERE}/rentals`;
const STATES = ["active", "overdue", "returned"] as const satisfies readonly RentalState[];

/** How long past due, in days and hours. */
function lateBy(dueIso: string, now: number) {
  const hours = Math.floor((now - Date.parse(dueIso)) / 3_600_000);
  return hours < 1 ? "不到 1 小时" : hours < 24 ? `${hours} 小时` : `${Math.floor(hours / 24)} 天 ${hours % 24} 小时`;
}

function columnsFor<E extends ConsoleEnv>(c: Context<E>, state: RentalState): Column<Rental>[] {
  const now = Date.now();
  const item: Column<Rental>[] = [
    { label: "物品", cell: (r) => r.name },
    { label: "标签", cell: (r) => r.tag },
    { label: "类型", cell: (r) => r.type },
    { label: "借用人", cell: (r) => <code>{r.userid}</code> },
  ];
  // The renter's phone only where the office must call: an overdue item.
  const phone: Column<Rental>[] = state === "overdue" ? [{ label: "手机号", cell: (r) => r.phone || "（未填写）" }] : [];
  const out: Column<Rental>[] = [
    { label: "借出柜机", cell: (r) => <a href={cabinetHref(r.device_id)}>{r.device_id}</a> },
    { label: "借出时间", cell: (r) => whenIso(c, r.time_begin) },
    { label: "应还时间", cell: (r) => whenIso(c, r.time_due) },
  ];
  const end: Column<Rental>[] =
    state === "returned"
      ? [
          { label: "归还时间", cell: (r) => whenIso(c, r.time_end) },
          {
            label: "归还柜机",
            cell: (r) => (r.return_device_id ? <a href={cabinetHref(r.return_device_id)}>{r.return_device_id}</a> : "—"),
          },
        ]
      : state === "overdue"
        ? [{ label: "已逾期", cell: (r) => lateBy(r.time_due, now) }]
        : [];
  return [...item, ...phone, ...out, ...end];
}

rentalPages.get(
  "/",
  params(v.object({ state: v.optional(v.picklist(STATES, "没有这种借用状态"), "active"), page: pageParam }), "GET"),
  async (c) => {
    const { state, page } = c.var.params;
    const { total, rows } = await rentalsPage(c.var.db, state, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    return render(
      c,
      "借用记录",
      <>
        <AreaNav current="rentals" />
        <form method="get" action={PATH} class="toolbar" aria-label="按状态查看">
          {STATES.map((s) => (
            <button type="submit" name="state" value={s} class={s === state ? undefined : "secondary"} aria-pressed={s === state}>
              {RENTAL_STATES[s]}
            </button>
          ))}
        </form>
        <Table<Rental>
          caption={`${RENTAL_STATES[state]}的借用记录`}
          rows={rows}
          empty={`没有${RENTAL_STATES[state]}的记录。`}
          columns={columnsFor(c, state)}
        />
        <Pager page={page} total={total} href={pageHref(PATH, { state })} />
      </>,
    );
  },
);
