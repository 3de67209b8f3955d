import { Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { render } from "../../../platform/console/page";
import { Field, PAGE_SIZE, Pager, pageHref, pageParam } from "../../../platform/console/ui";
import { params } from "../../../platform/params";
import { anomaliesPage } from "../anomalies";
import { AnomalyTable } from "./anomaly-table";
import { AreaNav, HERE } from "./area-nav";
import { timeText } from "./time";

/** 异常: what cabinets claimed that did not match what was known, newest first. */
export const anomalyPages = new Hono<ConsoleEnv>({ strict: false });

const PATH = `${HERE}/anomalies`;

anomalyPages.get(
  "/",
  params(
    v.object({ device_id: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(64, "柜机编号至多 64 个字符")), ""), page: pageParam }),
    "GET",
  ),
  async (c) => {
    const { device_id: deviceId, page } = c.var.params;
    const { total, rows } = await anomaliesPage(c.var.db, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, deviceId || undefined);
    return render(
      c,
      "异常",
      <>
        <AreaNav current="anomalies" />
        <form method="get" action={PATH} class="toolbar" aria-label="筛选异常">
          <Field label="柜机编号" name="device_id" type="search" value={deviceId} autocomplete="off" />
          <button type="submit">筛选</button>
          {deviceId && (
            <a class="button secondary" href={PATH}>
              全部柜机
            </a>
          )}
        </form>
        <AnomalyTable at={timeText(c)} rows={rows} caption={deviceId ? `柜机 ${deviceId} 的异常` : "全部异常"} />
        <Pager page={page} total={total} href={pageHref(PATH, { device_id: deviceId })} />
      </>,
    );
  },
);
