import type { FC } from "hono/jsx";

export const HERE = "/console/sports";
export const cabinetHref = (deviceId: string) => `${HERE}/cabinets/${encodeURIComponent(deviceId)}`;

const PAGES = [
  ["cabinets", HERE, "柜机"],
  ["new", `${HERE}/new`, "新增柜机"],
  ["rentals", `${HERE}/rentals`, "借用记录"],
  ["anomalies", `${HERE}/anomalies`, "异常"],
] as const;

export type AreaPage = (typeof PAGES)[number][0];

/** The sports area's own pages, under the console's menu entry. */
export const AreaNav: FC<{ current?: AreaPage }> = ({ current }) => (
  <nav class="toolbar" aria-label="体育器材">
    {PAGES.map(([key, href, label]) => (
      <a href={href} class={key === current ? "button" : "button secondary"} aria-current={key === current ? "page" : undefined}>
        {label}
      </a>
    ))}
  </nav>
);
