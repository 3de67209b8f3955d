import { Table } from "../../../platform/console/ui";
import type { toAnomaly } from "../anomalies";
import { cabinetHref } from "./area-nav";
import type { TimeText } from "./time";
import { anomalyKind } from "./words";

type Anomaly = ReturnType<typeof toAnomaly>;

const compact = (value: Record<string, unknown>) => <code>{JSON.stringify(value)}</code>;

/** Anomalies as a table: what the cabinet claimed beside what was known. */
export const AnomalyTable = ({ at, rows, caption }: { at: TimeText; rows: readonly Anomaly[]; caption: string }) => (
  <Table<Anomaly>
    caption={caption}
    rows={rows}
    empty="没有异常记录。"
    columns={[
      { label: "时间", cell: (a) => at(a.time) },
      { label: "柜机", cell: (a) => <a href={cabinetHref(a.device_id)}>{a.device_id}</a> },
      { label: "异常", cell: (a) => anomalyKind(a.kind) },
      { label: "指令", cell: (a) => a.command_id ?? "—" },
      { label: "柜机报告", cell: (a) => compact(a.claimed) },
      { label: "已知情况", cell: (a) => compact(a.expected) },
    ]}
  />
);
