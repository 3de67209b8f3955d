import { and, gte, inArray } from "drizzle-orm";
import { consoleDaily } from "../db/schema/console";
import type { Db } from "../env";
import { BarChart, COLORS } from "../platform/console/charts";
import { CHART_DAYS, SERIES, type Series } from "./series";

type Row = { series: string; day: string; hour: number; value: number };

/** The rollup as the charts read it: per series, day (and hour). */
class Month {
  private readonly byDay = new Map<string, number>();
  private readonly byHour = new Map<string, number>();

  constructor(
    rows: readonly Row[],
    readonly days: readonly string[],
  ) {
    const shown = new Set(days);
    for (const r of rows) {
      if (!shown.has(r.day)) continue;
      const day = `${r.series}|${r.day}`;
      this.byDay.set(day, (this.byDay.get(day) ?? 0) + r.value);
      if (r.hour >= 0) this.byHour.set(`${r.series}|${r.hour}`, (this.byHour.get(`${r.series}|${r.hour}`) ?? 0) + r.value);
    }
  }

  daily(series: Series) {
    return this.days.map((d) => this.byDay.get(`${series}|${d}`) ?? 0);
  }

  hourly(series: Series) {
    return Array.from({ length: 24 }, (_, h) => this.byHour.get(`${series}|${h}`) ?? 0);
  }
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const mmdd = (day: string) => day.slice(5);
const HOURS = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, "0")}:00`);

/** The busiest day (or hour) in words, for a summary. */
function busiest(labels: readonly string[], values: readonly number[], unit: string) {
  const top = Math.max(0, ...values);
  return top === 0 ? "" : `，最多的${unit}是 ${labels[values.indexOf(top)]}（${top}）`;
}

/** A chart group of the page, shown to whoever has `page` in their menu (as the attention parts). */
export interface ChartPart {
  key: string;
  page: string;
  series: Series[];
  render: (m: Month) => unknown;
}

const dailyProps = (m: Month) => ({ labels: m.days, labelHeader: "日期", tickEvery: 7, shortLabel: mmdd });

export const CHARTS: ChartPart[] = [
  {
    key: "sports",
    page: "/console/sports",
    series: [SERIES.rentals, SERIES.returns],
    render: (m) => {
      const rentals = m.daily(SERIES.rentals);
      const returns = m.daily(SERIES.returns);
      const hours = m.hourly(SERIES.rentals);
      return (
        <>
          <section class="card">
            <BarChart
              id="chart-rentals"
              title="每天的借出与归还"
              summary={`近 ${CHART_DAYS} 天共借出 ${sum(rentals)} 次，归还 ${sum(returns)} 次${busiest(m.days, rentals, "一天")}。`}
              series={[
                { name: "借出", color: COLORS.accent, values: rentals },
                { name: "归还", color: COLORS.ok, values: returns },
              ]}
              {...dailyProps(m)}
            />
          </section>
          <section class="card">
            <BarChart
              id="chart-hours"
              title="借出最多的时段"
              summary={`近 ${CHART_DAYS} 天每个整点时段借出的次数${busiest(HOURS, hours, "时段")}。`}
              labels={HOURS}
              labelHeader="时段"
              ticks={[0, 6, 12, 18, 23]}
              shortLabel={(l) => l.slice(0, 2)}
              series={[{ name: "借出", color: COLORS.accent, values: hours }]}
            />
          </section>
        </>
      );
    },
  },
  {
    key: "reminders",
    page: "/console/reminders",
    series: [SERIES.sent, SERIES.rejected, SERIES.failed],
    render: (m) => {
      const sent = m.daily(SERIES.sent);
      const rejected = m.daily(SERIES.rejected);
      const failed = m.daily(SERIES.failed);
      return (
        <section class="card">
          <BarChart
            id="chart-reminders"
            title="每天的提醒发送结果"
            summary={`近 ${CHART_DAYS} 天到期的提醒：已发送 ${sum(sent)} 条，被拒绝 ${sum(rejected)} 条，失败 ${sum(failed)} 条（按计划发送日计）。`}
            stacked
            series={[
              { name: "已发送", color: COLORS.ok, values: sent },
              { name: "被拒绝", color: COLORS.warn, values: rejected },
              { name: "失败", color: COLORS.bad, values: failed },
            ]}
            {...dailyProps(m)}
          />
        </section>
      );
    },
  },
  {
    key: "summer-orders",
    page: "/console/summer/orders",
    series: [SERIES.orders, SERIES.confirmed],
    render: (m) => {
      const orders = m.daily(SERIES.orders);
      const confirmed = m.daily(SERIES.confirmed);
      return (
        <section class="card">
          <BarChart
            id="chart-orders"
            title="每天的订单与确认收款"
            summary={`近 ${CHART_DAYS} 天新订单 ${sum(orders)} 个，确认收款 ${sum(confirmed)} 笔${busiest(m.days, orders, "一天")}。`}
            series={[
              { name: "新订单", color: COLORS.accent, values: orders },
              { name: "确认收款", color: COLORS.ok, values: confirmed },
            ]}
            {...dailyProps(m)}
          />
        </section>
      );
    },
  },
  {
    key: "library",
    page: "/console/library",
    series: [SERIES.signups],
    render: (m) => {
      const signups = m.daily(SERIES.signups);
      return (
        <section class="card">
          <BarChart
            id="chart-signups"
            title="每天的培训报名"
            summary={`近 ${CHART_DAYS} 天共 ${sum(signups)} 人次报名培训${busiest(m.days, signups, "一天")}。`}
            series={[{ name: "报名", color: COLORS.accent, values: signups }]}
            {...dailyProps(m)}
          />
        </section>
      );
    },
  },
];

export const chartsFor = (menu: ReadonlySet<string>) => CHARTS.filter((p) => menu.has(p.page));

/** The rollup rows of `series` from `firstDay` on: an index range per series. */
export const monthQuery = (db: Db, series: Series[], firstDay: string) =>
  db
    .select({ series: consoleDaily.series, day: consoleDaily.day, hour: consoleDaily.hour, value: consoleDaily.value })
    .from(consoleDaily)
    .where(and(inArray(consoleDaily.series, series), gte(consoleDaily.day, firstDay)));

export { Month };
