import type { ReminderState } from "../../db/schema/reminders";

export const STATE_NAMES: Record<ReminderState, string> = {
  pending: "待发送",
  queued: "排队中",
  sending: "发送中",
  sent: "已发送",
  rejected: "被拒绝",
  failed: "失败",
  cancelled: "已取消",
};

export const STATE_TONES: Partial<Record<ReminderState, "ok" | "bad" | "warn">> = {
  sent: "ok",
  failed: "bad",
  rejected: "bad",
  queued: "warn",
  sending: "warn",
};

export const SURFACE_NAMES: Record<string, string> = {
  sports: "体育器材",
  library: "图书馆",
};
