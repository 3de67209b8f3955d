import { type SQL, sql } from "drizzle-orm";
import type { Context } from "hono";
import { config } from "../platform/config";
import { lastDays } from "../platform/console/counts";
import type { ConsoleEnv } from "../platform/console/env";
import { render, when } from "../platform/console/page";
import { Table } from "../platform/console/ui";
import { offsetMinutes } from "../platform/time";
import { latestFailuresQuery } from "../surfaces/jh/attention";
import { offlineCabinetsQuery, unconfirmedOperationsQuery } from "../surfaces/sports/attention";
import { AttentionCard, attentionFor, JH_FAILURES_ANCHOR, OFFLINE_ANCHOR, UNCONFIRMED_ANCHOR } from "./attention";
import { HEALTH_PAGES, HealthFacts, healthQuery } from "./health";
import { chartsFor, Month, monthQuery } from "./month";
import { CHART_DAYS } from "./series";

/** Rows of the sports and 精弘 lists under their counts. */
const LISTED = 10;

const UPSTREAM_NAMES = { passport: "精弘用户中心", zf: "正方教务" } as const;
const FAILURE_KINDS = { timeout: "超时", down: "连接失败或出错", garbled: "回复无法识别" } as const;
/** How often the "now" part refreshes itself (the cabinets page's data-live). */
export const REFRESH_SECONDS = 15;

const silentFor = (ms: number) => {
  const minutes = Math.floor(ms / 60_000);
  return minutes < 60 ? `${minutes} 分钟` : minutes < 1440 ? `${Math.floor(minutes / 60)} 小时` : `${Math.floor(minutes / 1440)} 天`;
};

/**
 * The first page: what needs attention now (refreshed live), the health of the worker, its database, cron and
 * queue, and the last 30 days as charts, each part only for those whose menu holds its area. Everything is
 * one D1 batch: one row of counts, the sports and 精弘 lists, the rollup rows, the health row.
 */
export async function homePage(c: Context<ConsoleEnv>) {
  const nav = c.var.nav;
  if (nav.length === 0) return render(c, "控制台", <p class="empty">您的账号暂无可管理的内容，请联系管理员分配权限。</p>);
  const menu = new Set(nav.map((n) => n.href));
  const db = c.var.db;
  const now = Date.now();
  const offsetMs = offsetMinutes(config(c.env).LOCAL_UTC_OFFSET) * 60_000;
  const days = lastDays(now, offsetMs, CHART_DAYS);

  const parts = attentionFor(menu).map((part) => ({ part, items: part.items(db, now) }));
  const charts = chartsFor(menu);
  const sports = menu.has("/console/sports");
  const jh = menu.has("/console/jh");
  const healthShown = HEALTH_PAGES.some((p) => menu.has(p));
  // Each count under its own name: D1 hands a batch's rows back as objects, so unnamed counts of the same SQL would collapse.
  const fields: Record<string, SQL.Aliased<number>> = { none: sql<number>`0`.as("none") };
  for (const { items } of parts) for (const item of items) fields[item.key] = item.count.as(item.key);

  const started = Date.now();
  const [[counts], offline, unconfirmed, passportFailures, zfFailures, month, [health]] = await db.batch([
    db.select(fields).from(sql`(SELECT 1)`),
    offlineCabinetsQuery(db, now, sports ? LISTED : 0),
    unconfirmedOperationsQuery(db, sports ? LISTED : 0),
    latestFailuresQuery(db, "passport", now, jh ? LISTED : 0),
    latestFailuresQuery(db, "zf", now, jh ? LISTED : 0),
    monthQuery(
      db,
      charts.flatMap((p) => p.series),
      days[0],
    ),
    healthQuery(db, now, healthShown),
  ]);
  const d1Ms = Date.now() - started;
  const m = new Month(month, days);

  const sportsLists = (
    <>
      {offline.length > 0 && (
        <div id={OFFLINE_ANCHOR}>
          <Table
            caption="离线的柜机"
            rows={offline}
            columns={[
              {
                label: "离线柜机",
                cell: (d) => <a href={`/console/sports/cabinets/${encodeURIComponent(d.id)}`}>{`${d.name}（${d.id}）`}</a>,
              },
              { label: "位置", cell: (d) => d.location || "—" },
              {
                label: "离线时长",
                cell: (d) => (d.lastSeenAt === null ? "从未上线" : `${silentFor(now - d.lastSeenAt)}（最近轮询 ${when(c, d.lastSeenAt)}）`),
              },
            ]}
          />
        </div>
      )}
      {unconfirmed.length > 0 && (
        <div id={UNCONFIRMED_ANCHOR}>
          <Table
            caption="未确认的操作"
            rows={unconfirmed}
            columns={[
              { label: "未确认的操作", cell: (o) => `${o.kind === "rent" ? "借出" : "归还"} · 槽位 ${o.slot}` },
              { label: "柜机", cell: (o) => <a href={`/console/sports/cabinets/${encodeURIComponent(o.deviceId)}`}>{o.deviceId}</a> },
              { label: "发起时间", cell: (o) => when(c, o.createdAt) },
              { label: "状态", cell: (o) => (o.state === "pending" ? "等待柜机回报" : `超时未确认，占用至 ${when(c, o.holdUntil)}`) },
            ]}
          />
        </div>
      )}
    </>
  );

  const failures = [...passportFailures, ...zfFailures].sort((a, b) => b.at - a.at || b.id - a.id).slice(0, LISTED);
  const jhList = failures.length > 0 && (
    <div id={JH_FAILURES_ANCHOR}>
      <Table
        caption="最近的上游调用失败"
        rows={failures}
        columns={[
          { label: "时间", cell: (f) => when(c, f.at) },
          { label: "上游", cell: (f) => UPSTREAM_NAMES[f.system] },
          { label: "失败类型", cell: (f) => FAILURE_KINDS[f.kind] },
          { label: "说明", cell: (f) => f.detail },
        ]}
      />
    </div>
  );

  return render(
    c,
    "控制台",
    <>
      <div id="home-now" data-live={String(REFRESH_SECONDS)}>
        {parts.length > 0 && (
          <section aria-labelledby="attention-title">
            <h2 id="attention-title">需要处理</h2>
            <p class="muted">{`更新于 ${when(c, now)}，每 ${REFRESH_SECONDS} 秒自动刷新。`}</p>
            <div class="grid">
              {parts.map(({ part, items }) => (
                <AttentionCard part={part} items={items} counts={counts}>
                  {part.key === "sports" && sportsLists}
                  {part.key === "jh" && jhList}
                </AttentionCard>
              ))}
            </div>
          </section>
        )}
        {healthShown && health && (
          <section aria-labelledby="health-title">
            <h2 id="health-title">运行状况</h2>
            <section class="card">
              <HealthFacts c={c} health={health} d1Ms={d1Ms} now={now} />
            </section>
          </section>
        )}
      </div>
      {charts.length > 0 && (
        <section aria-labelledby="month-title">
          <h2 id="month-title">{`近 ${CHART_DAYS} 天`}</h2>
          <p class="muted">每天的数字由定时任务每分钟汇总一次。</p>
          <div class="grid">{charts.map((p) => p.render(m))}</div>
        </section>
      )}
      <section aria-labelledby="areas-title">
        <h2 id="areas-title">管理入口</h2>
        <div class="grid">
          {nav.map((item) => (
            <section class="card">
              {item.group && <p class="muted">{item.group}</p>}
              <a class="button" href={item.href}>
                {item.label}
              </a>
            </section>
          ))}
        </div>
      </section>
    </>,
  );
}
