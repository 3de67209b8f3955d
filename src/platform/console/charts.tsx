import type { FC } from "hono/jsx";

/**
 * Bar charts drawn on the server as SVG: nothing to load, no script, the console's colours. Each chart is
 * an image with its title and a one-line summary for screen readers, and the same numbers as a table
 * beneath it (folded). The drawing is 360 units wide and scales to its box, so it reads on a 390 px phone.
 */

/** The console's palette (assets.ts), for series. */
export const COLORS = { accent: "#0b5cad", ok: "#1a7f37", bad: "#cf222e", warn: "#9a6700", muted: "#8c959f" } as const;

export interface ChartSeries {
  name: string;
  color: string;
  values: readonly number[];
}

export interface BarChartProps {
  /** Unique on the page: the chart's element ids start with it. */
  id: string;
  title: string;
  /** What the numbers say in one sentence (read by screen readers, shown under the chart). */
  summary: string;
  /** One per bar (or group of bars): a date, an hour. */
  labels: readonly string[];
  /** The table's first column header: 日期, 时段. */
  labelHeader: string;
  series: readonly ChartSeries[];
  /** Series stacked in one bar per label (else side by side). */
  stacked?: boolean;
  /** Every how many labels the axis names one, counted back from the last (today, the last hour), which is always named. */
  tickEvery?: number;
  /** The labels the axis names, by index, instead of `tickEvery`. */
  ticks?: readonly number[];
  /** A label as the axis shows it (short). */
  shortLabel?: (label: string) => string;
}

const W = 360;
const H = 190;
const PAD = { left: 30, right: 16, top: 10, bottom: 24 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;

/** The smallest of 1, 2, 5 × 10^k at least `n` (at least 1): the top of the axis. */
export function niceMax(n: number): number {
  if (n <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 5, 10]) if (step * power >= n) return step * power;
  return 10 * power;
}

const round = (n: number) => Math.round(n * 10) / 10;

export const BarChart: FC<BarChartProps> = ({
  id,
  title,
  summary,
  labels,
  labelHeader,
  series,
  stacked,
  tickEvery = 1,
  ticks,
  shortLabel,
}) => {
  const short = shortLabel ?? ((l: string) => l);
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const top = niceMax(stacked ? Math.max(0, ...totals) : Math.max(0, ...series.flatMap((s) => s.values)));
  const y = (v: number) => PAD.top + PLOT_H - (v / top) * PLOT_H;
  const slot = PLOT_W / Math.max(1, labels.length);
  const groupW = slot * 0.8;
  const barW = stacked ? groupW : groupW / Math.max(1, series.length);
  const bars = labels.flatMap((label, i) => {
    const x0 = PAD.left + i * slot + (slot - groupW) / 2;
    let base = 0;
    return series.flatMap((s, k) => {
      const v = s.values[i] ?? 0;
      const from = stacked ? base : 0;
      base += v;
      if (v <= 0) return [];
      const x = stacked ? x0 : x0 + k * barW;
      return [
        <rect
          x={round(x)}
          y={round(y(from + v))}
          width={round(Math.max(barW - 0.5, 0.5))}
          height={round(y(from) - y(from + v))}
          fill={s.color}
        >
          <title>{`${label} ${s.name} ${v}`}</title>
        </rect>,
      ];
    });
  });
  const gridlines = [0, top / 2, top].filter((t, i, all) => Number.isInteger(t) && all.indexOf(t) === i);
  const named = ticks ?? labels.map((_, i) => i).filter((i) => (labels.length - 1 - i) % tickEvery === 0);
  return (
    <div class="chart">
      <h3 id={`${id}-title`}>{title}</h3>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-labelledby={`${id}-svg-title ${id}-desc`}
        font-size="10"
        font-family="inherit"
        data-chart={id}
      >
        <title id={`${id}-svg-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {gridlines.map((t) => (
          <>
            <line x1={PAD.left} x2={W - PAD.right} y1={round(y(t))} y2={round(y(t))} stroke="#d1d9e0" stroke-width="1" />
            <text x={PAD.left - 4} y={round(y(t)) + 3} text-anchor="end" fill="#59636e">
              {String(t)}
            </text>
          </>
        ))}
        {bars}
        {named.map((i) => (
          <text x={round(PAD.left + i * slot + slot / 2)} y={H - PAD.bottom + 14} text-anchor="middle" fill="#59636e">
            {short(labels[i])}
          </text>
        ))}
      </svg>
      <p class="muted">
        {series.length > 1 &&
          series.map((s) => (
            <>
              <svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">
                <rect width="10" height="10" fill={s.color} />
              </svg>{" "}
              {s.name}{" "}
            </>
          ))}
        {summary}
      </p>
      <details>
        <summary>{`查看「${title}」的数据表`}</summary>
        <div class="table-wrap">
          <table>
            <caption class="sr-only">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{labelHeader}</th>
                {series.map((s) => (
                  <th scope="col">{s.name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {labels.map((label, i) => (
                <tr>
                  <th scope="row">{label}</th>
                  {series.map((s) => (
                    <td>{String(s.values[i] ?? 0)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
};
