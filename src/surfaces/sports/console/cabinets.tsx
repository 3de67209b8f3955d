import { Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { render, when } from "../../../platform/console/page";
import { Badge, PAGE_SIZE, Pager, pageHref, pageParam, Table } from "../../../platform/console/ui";
import { params } from "../../../platform/params";
import { devicesPage } from "../overview";
import { ONLINE_MS } from "../timing";
import { AreaNav, cabinetHref, HERE } from "./area-nav";

/** 柜机: every cabinet with its online state, refreshed live. */
export const cabinetList = new Hono<ConsoleEnv>({ strict: false });

type Listed = Awaited<ReturnType<typeof devicesPage>>["rows"][number];

export const ONLINE_RULE = `最近 ${ONLINE_MS / 1000} 秒内轮询过的柜机算作在线。`;

cabinetList.get("/", params(v.object({ page: pageParam }), "GET"), async (c) => {
  const { page } = c.var.params;
  const { total, rows } = await devicesPage(c.var.db, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return render(
    c,
    "柜机",
    <>
      <AreaNav current="cabinets" />
      <p class="muted">{ONLINE_RULE}本列表每 5 秒自动刷新。</p>
      <div id="cabinet-list" data-live="5">
        <Table<Listed>
          caption="柜机列表"
          rows={rows}
          empty="还没有柜机。"
          columns={[
            { label: "编号", cell: (d) => <a href={cabinetHref(d.id)}>{d.id}</a> },
            { label: "名称", cell: (d) => d.name },
            { label: "位置", cell: (d) => d.location || "—" },
            {
              label: "在线",
              cell: (d) =>
                d.retiredAt !== null ? (
                  <span class="muted">—</span>
                ) : d.online ? (
                  <Badge tone="ok">在线</Badge>
                ) : (
                  <Badge tone="bad">离线</Badge>
                ),
            },
            { label: "最近轮询", cell: (d) => when(c, d.lastSeenAt) || "从未" },
            { label: "槽位", cell: (d) => d.slotCount },
            { label: "状态", cell: (d) => (d.retiredAt === null ? <Badge tone="ok">在用</Badge> : <Badge tone="warn">已停用</Badge>) },
          ]}
        />
        <Pager page={page} total={total} href={pageHref(HERE, {})} />
      </div>
    </>,
  );
});
